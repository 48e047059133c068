package io.tee4j.atls;

import io.tee4j.atls.internal.CertificateMinter;
import io.tee4j.atls.internal.SniNonce;
import java.net.Socket;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * A man in the middle's key manager: its own P-256 key, and for each handshake a certificate whose
 * {@code id-pe-cmw} content a {@link Forgery} chooses from the client's nonce and the forger's key
 * (null: no evidence extension at all).
 */
final class ForgingKeyManager extends X509ExtendedKeyManager {
    /** The CBOR wrapper to present, given the client's nonce (if any) and the forger's SubjectPublicKeyInfo. */
    interface Forgery {
        byte[] wrapper(Optional<byte[]> nonce, byte[] spki) throws Exception;
    }

    private final KeyPair keys;
    private final CertificateMinter minter;
    private final Forgery forgery;
    private volatile X509Certificate current;

    ForgingKeyManager(Forgery forgery) throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(256);
        this.keys = g.generateKeyPair();
        this.minter = new CertificateMinter(keys, new SecureRandom());
        this.forgery = forgery;
    }

    byte[] spki() {
        return keys.getPublic().getEncoded();
    }

    @Override
    public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
        if (!"EC".equals(keyType)) {
            return null;
        }
        Optional<byte[]> nonce = SniNonce.parse(((ExtendedSSLSession) ((SSLSocket) socket).getHandshakeSession())
                .getRequestedServerNames());
        try {
            Instant now = Instant.now();
            current = minter.mint(forgery.wrapper(nonce, spki()), now.minusSeconds(60), now.plusSeconds(3600), List.of());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return "forged";
    }

    @Override
    public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
        throw new UnsupportedOperationException("sockets only");
    }

    @Override
    public X509Certificate[] getCertificateChain(String alias) {
        return new X509Certificate[] {current};
    }

    @Override
    public PrivateKey getPrivateKey(String alias) {
        return keys.getPrivate();
    }

    @Override
    public String[] getServerAliases(String keyType, Principal[] issuers) {
        return null;
    }

    @Override
    public String[] getClientAliases(String keyType, Principal[] issuers) {
        return null;
    }

    @Override
    public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
        return null;
    }
}
