package io.tee4j.atls;

import io.tee4j.atls.internal.NonceSslContexts;
import io.tee4j.core.Attester;
import io.tee4j.core.spi.PreparedVerifier;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSession;
import javax.net.ssl.TrustManager;

/**
 * Attested TLS with the JDK's own TLS stack ("tee4j aTLS v1"): the server's certificate carries
 * its TEE evidence in an {@code id-pe-cmw} extension, bound by {@code report_data =
 * SHA-512(SubjectPublicKeyInfo DER ‖ nonce)} to the TLS key and to a nonce the client sends per
 * handshake in SNI; the client verifies it during the handshake, before it sends anything.
 *
 * <p><b>Stops:</b> a man in the middle, whatever certificate it holds (one without evidence,
 * evidence bound to another key, evidence replayed from another handshake), and a server that is
 * not the TEE, not the measured code, or below the policy's TCB. <b>Does not stop:</b> a
 * compromised TEE (a leaked VCEK or PCK key, a broken firmware) or code that the policy accepts
 * but that leaks the data itself; nor does it hide the traffic's size and timing.
 *
 * <p>TLS 1.3 only on the client. The nonce replaces the host name in SNI, so this does not work
 * through SNI-routing proxies or virtual hosts. The client never resumes a session, so every
 * connection is attested afresh (a JDK client resuming would send the old session's SNI, an old
 * nonce). Mutual attestation and JDK 25 exporter
 * re-attestation are not built (see the module README).
 */
public final class AttestedTls {
    /** The handshake-session value under which the trust manager stores the {@link AttestedPeer}. */
    public static final String PEER_SESSION_KEY = "io.tee4j.atls.peer";

    private AttestedTls() {
    }

    /** A server context: TLS 1.3 and 1.2, the {@link #keyManager} as its only key manager. */
    public static SSLContext server(Attester attester, AtlsServerOptions options) throws GeneralSecurityException {
        SSLContext ctx = SSLContext.getInstance("TLSv1.3");
        ctx.init(new KeyManager[] {keyManager(attester, options)}, null, options.random());
        return ctx;
    }

    /**
     * A client context: TLS 1.3 only, the {@link #trustManager} as its only trust manager, and a
     * fresh nonce in the SNI of every engine and socket it makes.
     *
     * @throws IllegalArgumentException the verifier is for another TEE than the policy names
     */
    public static SSLContext client(PreparedVerifier verifier, AtlsPolicy policy) throws GeneralSecurityException {
        SecureRandom random = new SecureRandom();
        SSLContext inner = SSLContext.getInstance("TLSv1.3");
        inner.init(null, new TrustManager[] {trustManager(verifier, policy)}, random);
        return NonceSslContexts.wrap(inner, random);
    }

    /** The server's key manager, for frameworks that take one (Netty's {@code keyManager}). */
    public static AttestedKeyManager keyManager(Attester attester, AtlsServerOptions options)
            throws GeneralSecurityException {
        return new AttestedKeyManager(attester, options);
    }

    /**
     * The client's trust manager, for frameworks that take one. The framework must still send a
     * nonce in SNI: use the sockets or engines of {@link #client} (OkHttp's
     * {@code sslSocketFactory(ctx.getSocketFactory(), tm)}, Netty's {@code JdkSslContext(ctx, ...)}).
     */
    public static AttestedTrustManager trustManager(PreparedVerifier verifier, AtlsPolicy policy) {
        return new AttestedTrustManager(new PeerAppraisal(verifier, policy));
    }

    /** The attested peer of a session whose handshake this library's trust manager accepted. */
    public static Optional<AttestedPeer> peer(SSLSession session) {
        Object v = Objects.requireNonNull(session, "session").getValue(PEER_SESSION_KEY);
        return v instanceof AttestedPeer ? Optional.of((AttestedPeer) v) : Optional.empty();
    }

    /** The attested-TLS refusal somewhere in the cause chain of a failed handshake or request. */
    public static Optional<AttestedTlsException> failureOf(Throwable failure) {
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Throwable t = failure; t != null && seen.add(t); t = t.getCause()) {
            if (t instanceof AttestedTlsException) {
                return Optional.of((AttestedTlsException) t);
            }
            for (Throwable s : t.getSuppressed()) {
                if (s instanceof AttestedTlsException) {
                    return Optional.of((AttestedTlsException) s);
                }
            }
        }
        return Optional.empty();
    }
}
