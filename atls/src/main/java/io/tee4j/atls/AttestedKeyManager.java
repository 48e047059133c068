package io.tee4j.atls;

import io.tee4j.atls.cert.Bindings;
import io.tee4j.atls.cert.MediaTypes;
import io.tee4j.atls.cert.Tee4jWrapper;
import io.tee4j.atls.internal.CertificateMinter;
import io.tee4j.atls.internal.SniNonce;
import io.tee4j.core.AttestationException;
import io.tee4j.core.Attester;
import io.tee4j.core.Evidence;
import io.tee4j.core.util.BoundedCache;
import io.tee4j.core.util.BytesKey;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * The attested server's key manager: one ECDSA P-256 key for its life (made at construction,
 * never written anywhere), and per handshake a certificate for that key whose {@code id-pe-cmw}
 * extension carries evidence with {@code report_data = SHA-512(SubjectPublicKeyInfo DER ‖ nonce)}.
 *
 * <p>The nonce is read in {@code chooseServerAlias} from the client's SNI ({@link SniNonce}); the
 * certificate for it is minted there (one attestation per new nonce; the last
 * {@link AtlsServerOptions#nonceCacheSize()} nonces are remembered). A client that sends no nonce
 * gets a certificate bound to the key and the current time window instead; whether that is
 * acceptable is the client's policy's call (by default it is not).
 *
 * <p>Offers only EC keys: a handshake that allows no ECDSA signature scheme fails. When the
 * attester fails, no certificate is offered (the handshake fails with handshake_failure) and the
 * failure is kept for {@link #lastFailure()}. Thread-safe.
 */
public final class AttestedKeyManager extends X509ExtendedKeyManager {
    private static final Duration SKEW = Duration.ofMinutes(5);

    private final Attester attester;
    private final AtlsServerOptions options;
    private final KeyPair keys;
    private final CertificateMinter minter;
    private final BoundedCache<BytesKey, Minted> byNonce;
    private final BoundedCache<String, Minted> byAlias;
    private final AtomicLong aliases = new AtomicLong();
    private volatile Minted window;
    private volatile Exception lastFailure;

    private record Minted(String alias, X509Certificate certificate, Instant notBefore, Instant notAfter) {
    }

    AttestedKeyManager(Attester attester, AtlsServerOptions options) throws GeneralSecurityException {
        this.attester = Objects.requireNonNull(attester, "attester");
        this.options = Objects.requireNonNull(options, "options");
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"), options.random());
        this.keys = g.generateKeyPair();
        this.minter = new CertificateMinter(keys, options.random());
        this.byNonce = new BoundedCache<>(options.nonceCacheSize());
        this.byAlias = new BoundedCache<>(options.nonceCacheSize() + 64);
    }

    /** The SubjectPublicKeyInfo DER of this server's key, which every certificate's evidence binds. */
    public byte[] subjectPublicKeyInfo() {
        return minter.subjectPublicKeyInfo();
    }

    /** The last attestation or minting failure, if any (the handshake it broke failed). */
    public Optional<Exception> lastFailure() {
        return Optional.ofNullable(lastFailure);
    }

    @Override
    public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
        return choose(keyType, engine == null ? null : engine.getHandshakeSession());
    }

    @Override
    public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
        return choose(keyType, socket instanceof SSLSocket ? ((SSLSocket) socket).getHandshakeSession() : null);
    }

    private String choose(String keyType, SSLSession handshake) {
        if (!"EC".equals(keyType)) {
            return null;
        }
        Optional<byte[]> nonce = handshake instanceof ExtendedSSLSession
                ? SniNonce.parse(((ExtendedSSLSession) handshake).getRequestedServerNames()) : Optional.empty();
        try {
            return (nonce.isPresent() ? forNonce(nonce.get()) : forTimeWindow()).alias();
        } catch (AttestationException | GeneralSecurityException e) {
            lastFailure = e;
            return null;
        }
    }

    private Minted forNonce(byte[] nonce) throws AttestationException, GeneralSecurityException {
        Instant now = options.clock().instant();
        BytesKey key = BytesKey.of(nonce);
        Minted known = byNonce.get(key);
        if (known != null && now.isBefore(known.notAfter().minus(SKEW))) {
            return register(known);
        }
        Minted m = mint(nonce, MediaTypes.NONCE, now.minus(SKEW), now.plus(options.lifetime()));
        byNonce.put(key, m);
        return m;
    }

    private Minted forTimeWindow() throws AttestationException, GeneralSecurityException {
        long length = options.timeWindow().toSeconds();
        long now = options.clock().instant().getEpochSecond();
        Instant start = Instant.ofEpochSecond(Math.floorDiv(now, length) * length);
        Minted current = window;
        if (current != null && current.notBefore().equals(start)) {
            return register(current);
        }
        Instant end = start.plusSeconds(length);
        Minted m = mint(Bindings.timeWindowNonce(start, end), MediaTypes.TIME_WINDOW, start, end);
        window = m;
        return m;
    }

    private Minted mint(byte[] nonce, String freshnessType, Instant notBefore, Instant notAfter)
            throws AttestationException, GeneralSecurityException {
        Evidence evidence = attester.attest(Bindings.sha512(minter.subjectPublicKeyInfo(), nonce));
        byte[] cbor = Tee4jWrapper.write(evidence, freshnessType, nonce);
        X509Certificate cert = minter.mint(cbor, notBefore, notAfter, options.dnsNames());
        return register(new Minted(null, cert, notBefore, notAfter));
    }

    /** Gives the certificate a fresh alias for this handshake: aliases are looked up right after. */
    private Minted register(Minted m) {
        Minted named = new Minted("tee4j-atls-" + aliases.incrementAndGet(), m.certificate(), m.notBefore(),
                m.notAfter());
        byAlias.put(named.alias(), named);
        return named;
    }

    @Override
    public X509Certificate[] getCertificateChain(String alias) {
        Minted m = alias == null ? null : byAlias.get(alias);
        return m == null ? null : new X509Certificate[] {m.certificate()};
    }

    @Override
    public PrivateKey getPrivateKey(String alias) {
        return alias != null && byAlias.get(alias) != null ? keys.getPrivate() : null;
    }

    @Override
    public String[] getServerAliases(String keyType, Principal[] issuers) {
        return null;
    }

    /** Not a client key manager: mutual attestation is not built (see the module README). */
    @Override
    public String[] getClientAliases(String keyType, Principal[] issuers) {
        return null;
    }

    @Override
    public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
        return null;
    }

    @Override
    public String chooseEngineClientAlias(String[] keyType, Principal[] issuers, SSLEngine engine) {
        return null;
    }
}
