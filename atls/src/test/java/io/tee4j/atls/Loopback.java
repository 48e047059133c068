package io.tee4j.atls;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/** A TLS server on loopback answering "hello" to each connection, keeping each handshake's outcome. */
final class Loopback implements AutoCloseable {
    static final String GREETING = "hello from the TEE";

    private final SSLServerSocket server;
    private final Thread acceptor;
    final LinkedBlockingQueue<Object> outcomes = new LinkedBlockingQueue<>();

    Loopback(SSLContext context) throws IOException {
        server = (SSLServerSocket) context.getServerSocketFactory().createServerSocket(0, 50,
                InetAddress.getLoopbackAddress());
        acceptor = new Thread(this::serve, "atls-loopback");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    static Loopback withKeyManager(KeyManager km) throws Exception {
        SSLContext ctx = SSLContext.getInstance("TLSv1.3");
        ctx.init(new KeyManager[] {km}, null, null);
        return new Loopback(ctx);
    }

    int port() {
        return server.getLocalPort();
    }

    private void serve() {
        while (!server.isClosed()) {
            try (SSLSocket s = (SSLSocket) server.accept()) {
                try {
                    s.startHandshake();
                    OutputStream out = s.getOutputStream();
                    out.write(GREETING.getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                    outcomes.add("ok");
                } catch (IOException e) {
                    outcomes.add(e);
                }
            } catch (IOException e) {
                return;
            }
        }
    }

    /** What the server saw of the next handshake ("ok" or the exception). */
    Object nextOutcome() throws InterruptedException {
        return outcomes.poll(10, TimeUnit.SECONDS);
    }

    /** Connects with {@code factory}, handshakes and reads the greeting. */
    String fetch(SSLSocketFactory factory) throws IOException {
        try (SSLSocket s = (SSLSocket) factory.createSocket("localhost", port())) {
            s.setSoTimeout(10_000);
            s.startHandshake();
            InputStream in = s.getInputStream();
            return new String(in.readNBytes(GREETING.length()), StandardCharsets.US_ASCII);
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
