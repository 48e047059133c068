package io.tee4j.atls.internal;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.security.SecureRandom;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * Makes TLS sockets that send a fresh nonce in SNI, TLS 1.3 only, layered over a plain socket
 * with the nonce label as their peer host so that no session is resumed (see
 * {@link NonceSslContexts}). Unconnected sockets are not offered (the base class refuses them):
 * their peer host would be set at connect time, which would let a session be resumed.
 */
final class NonceSocketFactory extends SSLSocketFactory {
    private final SSLSocketFactory inner;
    private final SecureRandom random;

    NonceSocketFactory(SSLSocketFactory inner, SecureRandom random) {
        this.inner = inner;
        this.random = random;
    }

    @Override
    public String[] getDefaultCipherSuites() {
        return inner.getDefaultCipherSuites();
    }

    @Override
    public String[] getSupportedCipherSuites() {
        return inner.getSupportedCipherSuites();
    }

    @Override
    public Socket createSocket(Socket s, String host, int port, boolean autoClose) throws IOException {
        String label = SniNonce.newLabel(random);
        SSLSocket ssl = (SSLSocket) inner.createSocket(s, label, port, autoClose);
        ssl.setSSLParameters(NonceSslContexts.withNonce(ssl.getSSLParameters(), label));
        return NonceSslContexts.remember(ssl, host);
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
        return layered(new Socket(host, port), host, port);
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
        return layered(new Socket(host, port, localHost, localPort), host, port);
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
        return layered(new Socket(host, port), null, port);
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
            throws IOException {
        return layered(new Socket(address, port, localAddress, localPort), null, port);
    }

    private Socket layered(Socket plain, String host, int port) throws IOException {
        try {
            return createSocket(plain, host, port, true);
        } catch (IOException | RuntimeException e) {
            plain.close();
            throw e;
        }
    }
}
