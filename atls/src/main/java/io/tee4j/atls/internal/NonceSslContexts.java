package io.tee4j.atls.internal;

import java.security.KeyManagementException;
import java.security.SecureRandom;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.WeakHashMap;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLContextSpi;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocketFactory;
import javax.net.ssl.SSLSessionContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;

/**
 * A client {@link SSLContext} whose every engine and socket sends a fresh nonce label in SNI
 * ({@link SniNonce}), speaks TLS 1.3 only and never resumes a session.
 *
 * <p>SNI: HTTP clients set it to the URI's host through {@code setSSLParameters}
 * ({@code java.net.http.HttpClient} does, for every connection); the engines made here keep their
 * nonce through that call. Sockets keep it too when the caller copies their parameters before
 * changing them ({@code HttpsURLConnection} does); a caller that replaces the server names outright
 * sends no nonce, which the trust manager refuses by default.
 *
 * <p>No resumption: a JDK client that finds a cached session for the peer's host and port sends
 * that session's SNI, an old nonce, so the server would mint for the old nonce. The inner engines
 * and sockets are therefore made with the nonce label as their peer host, a cache key no later
 * connection shares, and the cache holds one session. The real host is kept aside for the
 * optional hostname check ({@link #peerHost}).
 */
public final class NonceSslContexts {
    static final String[] TLS13 = {"TLSv1.3"};
    private static final Map<Object, String> REAL_HOSTS = Collections.synchronizedMap(new WeakHashMap<>());

    private NonceSslContexts() {
    }

    /** Wraps an initialised client context; the wrapper refuses {@code init}. */
    public static SSLContext wrap(SSLContext initialised, SecureRandom random) {
        initialised.getClientSessionContext().setSessionCacheSize(1);
        return new SSLContext(new Spi(initialised, random), initialised.getProvider(), initialised.getProtocol()) {
        };
    }

    /** The host the application connected an engine or socket of such a context to, if it named one. */
    public static Optional<String> peerHost(Object engineOrSocket) {
        return Optional.ofNullable(REAL_HOSTS.get(engineOrSocket));
    }

    static <T> T remember(T transport, String host) {
        if (host != null) {
            REAL_HOSTS.put(transport, host);
        }
        return transport;
    }

    /** These parameters with the nonce as the only server name and TLS 1.3 as the only protocol. */
    static SSLParameters withNonce(SSLParameters p, String label) {
        p.setServerNames(List.of(new SNIHostName(label)));
        p.setProtocols(TLS13.clone());
        return p;
    }

    private static final class Spi extends SSLContextSpi {
        private final SSLContext inner;
        private final SecureRandom random;

        Spi(SSLContext inner, SecureRandom random) {
            this.inner = inner;
            this.random = random;
        }

        @Override
        protected void engineInit(KeyManager[] km, TrustManager[] tm, SecureRandom sr) throws KeyManagementException {
            throw new KeyManagementException("an attested TLS client context is initialised when it is made");
        }

        @Override
        protected SSLSocketFactory engineGetSocketFactory() {
            return new NonceSocketFactory(inner.getSocketFactory(), random);
        }

        @Override
        protected SSLServerSocketFactory engineGetServerSocketFactory() {
            throw new UnsupportedOperationException("an attested TLS client context makes no server sockets");
        }

        @Override
        protected SSLEngine engineCreateSSLEngine() {
            String label = SniNonce.newLabel(random);
            return new NonceSslEngine(inner.createSSLEngine(label, -1), label, null, -1);
        }

        @Override
        protected SSLEngine engineCreateSSLEngine(String host, int port) {
            String label = SniNonce.newLabel(random);
            SSLEngine engine = remember(inner.createSSLEngine(label, port), host);
            return new NonceSslEngine(engine, label, host, port);
        }

        @Override
        protected SSLSessionContext engineGetServerSessionContext() {
            return inner.getServerSessionContext();
        }

        @Override
        protected SSLSessionContext engineGetClientSessionContext() {
            return inner.getClientSessionContext();
        }

        @Override
        protected SSLParameters engineGetDefaultSSLParameters() {
            SSLParameters p = inner.getDefaultSSLParameters();
            p.setProtocols(TLS13.clone());
            return p;
        }

        @Override
        protected SSLParameters engineGetSupportedSSLParameters() {
            return inner.getSupportedSSLParameters();
        }
    }
}
