package io.tee4j.se.verify;

import io.tee4j.se.abi.HostKeyHash;
import java.security.MessageDigest;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.time.Instant;
import java.util.Collection;
import java.util.Date;
import java.util.Optional;

/**
 * The per-HKD steps, in s390-tools' order, against a signing key already trusted: a P-521 key,
 * validity at the instant, authority key id equal to the signing key's subject key id (when the
 * HKD has one), signature by the signing key, then {@link HkdCrls}. The HKD's issuer name is not
 * compared (a Poughkeepsie-issued HKD verifies with the Armonk form of the same key, as upstream).
 */
final class HkdChecks {
    private static final int P521_FIELD_BITS = 521;

    private HkdChecks() {
    }

    static VerifiedHkd check(X509Certificate hkd, X509Certificate signingKey, Collection<X509CRL> crls, Instant at)
            throws HkdRejectedException, HkdRevocationUnavailableException {
        if (!(hkd.getPublicKey() instanceof ECPublicKey ec) || ec.getParams().getCurve().getField().getFieldSize() != P521_FIELD_BITS) {
            throw new HkdRejectedException(HkdProblem.NOT_A_HOST_KEY, "an HKD carries an EC P-521 key");
        }
        try {
            hkd.checkValidity(Date.from(at));
        } catch (CertificateExpiredException | CertificateNotYetValidException e) {
            throw new HkdRejectedException(HkdProblem.EXPIRED_OR_NOT_YET_VALID, "HKD is valid from " + hkd.getNotBefore().toInstant()
                    + " to " + hkd.getNotAfter().toInstant() + ", not at " + at, e);
        }
        Optional<byte[]> akid = KeyIdentifiers.authorityKeyId(hkd);
        Optional<byte[]> skid = KeyIdentifiers.subjectKeyId(signingKey);
        if (akid.isPresent() && (skid.isEmpty() || !MessageDigest.isEqual(akid.get(), skid.get()))) {
            throw new HkdRejectedException(HkdProblem.AKID_MISMATCH, "the HKD's authority key id is not the signing key's");
        }
        try {
            hkd.verify(signingKey.getPublicKey());
        } catch (java.security.GeneralSecurityException | RuntimeException e) {
            throw new HkdRejectedException(HkdProblem.SIGNATURE, "the HKD's signature does not verify with the signing key", e);
        }
        HkdCrls.requireNotRevoked(crls, signingKey, hkd, at);
        return new VerifiedHkd(hkd, HostKeyHash.of(ec));
    }
}
