package io.tee4j.core.crypto;

import io.tee4j.core.util.BoundedCache;
import io.tee4j.core.util.BytesKey;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Certificate signatures already found to verify, remembered per validator so that a fleet of
 * platforms under one CA pays for the CA's own certificate once: the platform CA and root of a TDX
 * PCK chain, a GPU's intermediates, a RIM signing chain. A signature check is a
 * pure function of the signed object's exact encoding (to-be-signed bytes, algorithm, signature
 * value) and the issuer's key, so the memo is keyed by exactly those bytes: any changed bit is a
 * different key and is verified afresh. Only successes are remembered; time, names, CA flags and
 * revocation are never remembered here and are checked by the callers on every use.
 *
 * <p>ECDSA issuer keys are decoded once and, after a few uses, kept ({@link EcdsaVerifier#keep()}),
 * since a CA key verifies one new leaf per new platform. Both caches are bounded and sized for the few CAs a fleet shares: a
 * fleet's per-platform certificates only pass through them. Not API.
 */
final class VerifiedSignatures {
    /** A fleet shares a handful of CAs (TDX: root, PCK CAs, TCB Signing; NVIDIA: identity, provisioner, RIM CAs). */
    private static final int MAX_SIGNATURES = 64;
    private static final int MAX_ISSUER_KEYS = 16;
    /** Verifications after which an issuer key is kept. */
    private static final int KEEP_AFTER = 4;

    private final BoundedCache<BytesKey, Boolean> verified = new BoundedCache<>(MAX_SIGNATURES);
    private final BoundedCache<BytesKey, IssuerKey> issuerKeys = new BoundedCache<>(MAX_ISSUER_KEYS);

    /** Whether {@code cert}'s signature verifies with {@code key}; a success is remembered when asked to. */
    boolean verifies(X509Certificate cert, PublicKey key, boolean remember) {
        byte[] der;
        try {
            der = cert.getEncoded();
        } catch (CertificateEncodingException e) {
            return false;
        }
        BytesKey memo = remember ? memoKey(der, key) : null;
        if (memo != null && verified.get(memo) != null) {
            return true;
        }
        boolean ok;
        try {
            if (X509EcdsaSignatures.handles(cert.getSigAlgOID(), cert.getSigAlgParams(), key)) {
                EcdsaVerifier v = issuerKey(key);
                ok = v != null && X509EcdsaSignatures.verify(cert.getSigAlgOID(), cert.getTBSCertificate(),
                        cert.getSignature(), v);
            } else {
                cert.verify(key);
                ok = true;
            }
        } catch (GeneralSecurityException | RuntimeException e) {
            ok = false;
        }
        if (ok && memo != null) {
            verified.put(memo, Boolean.TRUE);
        }
        return ok;
    }

    /** The signed object's encoding followed by the key's, or null for a key without an encoding. */
    private static BytesKey memoKey(byte[] signed, PublicKey key) {
        byte[] k = key.getEncoded();
        if (k == null) {
            return null;
        }
        byte[] both = new byte[4 + signed.length + k.length];
        int n = signed.length;
        both[0] = (byte) (n >>> 24);
        both[1] = (byte) (n >>> 16);
        both[2] = (byte) (n >>> 8);
        both[3] = (byte) n;
        System.arraycopy(signed, 0, both, 4, n);
        System.arraycopy(k, 0, both, 4 + n, k.length);
        return BytesKey.of(both);
    }

    private EcdsaVerifier issuerKey(PublicKey key) {
        byte[] encoded = key.getEncoded();
        BytesKey id = encoded == null ? null : BytesKey.of(encoded);
        IssuerKey k = id == null ? null : issuerKeys.get(id);
        if (k == null) {
            try {
                k = new IssuerKey(EcdsaVerifier.fromPublicKey(key));
            } catch (InvalidKeyException e) {
                return null;
            }
            if (id != null) {
                issuerKeys.put(id, k);
            }
        }
        return k.verifier();
    }

    /**
     * An issuer's decoded key, kept ({@link EcdsaVerifier#keep()}: comb tables, which count against
     * a process-wide bound) only once it has verified {@value #KEEP_AFTER} certificates here: a
     * validator that lives for one chain never builds tables for its root, a fleet's validator
     * keeps the CA that signs every new leaf.
     */
    private static final class IssuerKey {
        private final EcdsaVerifier plain;
        private final AtomicInteger uses = new AtomicInteger();
        private volatile EcdsaVerifier kept;

        IssuerKey(EcdsaVerifier plain) {
            this.plain = plain;
        }

        EcdsaVerifier verifier() {
            EcdsaVerifier k = kept;
            if (k != null) {
                return k;
            }
            if (uses.incrementAndGet() < KEEP_AFTER) {
                return plain;
            }
            k = plain.keep();
            kept = k;
            return k;
        }
    }
}
