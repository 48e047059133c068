package io.tee4j.se.verify;

import java.security.MessageDigest;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.security.auth.x500.X500Principal;

/**
 * The revocation step for HKDs, with s390-tools' rules: the CRLs of the signing key are found by
 * issuer name (the exact subject or IBM's reordered form; for an Armonk key, when none is named
 * so, the Poughkeepsie names). A CRL counts only when thisUpdate ≤ now &lt; nextUpdate, its
 * authority key identifier (if any) is the signing key's, and its signature verifies with the
 * signing key. At least one must count; the HKD's serial must be in none. A CRL that does not
 * count is ignored, so a forged CRL listing the HKD never makes it "revoked".
 */
final class HkdCrls {
    private HkdCrls() {
    }

    /** The CRLs of {@code signingKey} that count at {@code at}. */
    static List<X509CRL> valid(Collection<X509CRL> crls, X509Certificate signingKey, Instant at) {
        for (Set<X500Principal> names : IbmSigningKeys.crlIssuerNames(signingKey)) {
            List<X509CRL> named = crls.stream().filter(c -> names.contains(c.getIssuerX500Principal())).toList();
            if (!named.isEmpty()) {
                List<X509CRL> out = new ArrayList<>();
                for (X509CRL crl : named) {
                    if (counts(crl, signingKey, at)) {
                        out.add(crl);
                    }
                }
                return out;
            }
        }
        return List.of();
    }

    private static boolean counts(X509CRL crl, X509Certificate signingKey, Instant at) {
        if (crl.getNextUpdate() == null || at.isBefore(crl.getThisUpdate().toInstant())
                || !at.isBefore(crl.getNextUpdate().toInstant())) {
            return false;
        }
        Optional<byte[]> akid = KeyIdentifiers.authorityKeyId(crl);
        Optional<byte[]> skid = KeyIdentifiers.subjectKeyId(signingKey);
        if (akid.isPresent() && (skid.isEmpty() || !MessageDigest.isEqual(akid.get(), skid.get()))) {
            return false;
        }
        try {
            crl.verify(signingKey.getPublicKey());
            return true;
        } catch (java.security.GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }

    /** Requires a valid CRL and that none lists {@code hkd}. */
    static void requireNotRevoked(Collection<X509CRL> crls, X509Certificate signingKey, X509Certificate hkd, Instant at)
            throws HkdRejectedException, HkdRevocationUnavailableException {
        List<X509CRL> valid = valid(crls, signingKey, at);
        if (valid.isEmpty()) {
            throw new HkdRevocationUnavailableException("no CRL of the IBM signing key "
                    + signingKey.getSubjectX500Principal().getName() + " is current, authentic and named for it at " + at);
        }
        for (X509CRL crl : valid) {
            if (crl.getRevokedCertificate(hkd.getSerialNumber()) != null) {
                throw new HkdRejectedException(HkdProblem.REVOKED, "HKD serial " + hkd.getSerialNumber().toString(16)
                        + " is listed by the signing key's CRL of " + crl.getThisUpdate().toInstant());
            }
        }
    }
}
