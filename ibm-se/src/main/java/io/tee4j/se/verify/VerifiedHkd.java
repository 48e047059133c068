package io.tee4j.se.verify;

import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;

/**
 * A host-key document that passed {@link HkdVerifier}: signed by an IBM Z host-key signing key
 * that chains to a trust anchor with CRLs for every link, within its validity and not revoked at
 * the instant checked. Only {@link HkdVerifier} makes these, so a request built from them is
 * addressed only to verified IBM Z hosts.
 *
 * @since 0.3
 */
public final class VerifiedHkd {
    private final X509Certificate certificate;
    private final byte[] phkh;

    VerifiedHkd(X509Certificate certificate, byte[] phkh) {
        this.certificate = certificate;
        this.phkh = phkh.clone();
    }

    /** The HKD certificate. */
    public X509Certificate certificate() {
        return certificate;
    }

    /** The host's P-521 public key. */
    public ECPublicKey hostKey() {
        return (ECPublicKey) certificate.getPublicKey();
    }

    /** SHA-256 of the host key's padded coordinates, as keyslots and the Ultravisor name it. */
    public byte[] phkh() {
        return phkh.clone();
    }

    @Override
    public String toString() {
        return "VerifiedHkd[" + certificate.getSubjectX500Principal().getName() + ", serial "
                + certificate.getSerialNumber().toString(16) + "]";
    }
}
