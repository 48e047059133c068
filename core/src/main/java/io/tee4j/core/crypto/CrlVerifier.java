package io.tee4j.core.crypto;

import io.tee4j.core.RevocationUnavailableException;
import io.tee4j.core.VerificationFailedException;
import io.tee4j.core.VerificationFailedException.Reason;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.SignatureException;
import java.security.cert.X509CRL;
import java.security.cert.X509CRLEntry;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Objects;

/**
 * Checks certificates against a CRL: the CRL must be issued and signed by the expected issuer
 * and current at the verification instant (thisUpdate ≤ t &lt; nextUpdate, and a CRL without
 * nextUpdate is refused), and the certificate's serial must not be listed.
 *
 * <p>A CRL that is out of date is not evidence of anything: it raises
 * {@link RevocationUnavailableException} rather than being trusted. A CRL whose signature or
 * issuer is wrong raises {@link VerificationFailedException} with reason
 * {@link Reason#COLLATERAL}.
 *
 * <p>Not checked: CRL and CRL-entry extensions (issuingDistributionPoint scopes, delta CRLs,
 * indirect CRLs with certificateIssuer entries). The CRLs of the attestation PKIs (AMD KDS, Intel
 * PCS) are complete, direct CRLs of one issuer; {@link #requireNotRevoked} insists on that issuer.
 *
 * @since 0.1
 */
public final class CrlVerifier {
    private final X509CRL crl;

    CrlVerifier(X509CRL crl) {
        this.crl = crl;
    }

    /**
     * Checks that {@code crl} was issued and signed by {@code issuer} and is current at {@code at}.
     */
    public static CrlVerifier check(X509CRL crl, X509Certificate issuer, Instant at)
            throws VerificationFailedException, RevocationUnavailableException {
        Objects.requireNonNull(crl, "crl");
        Objects.requireNonNull(issuer, "issuer");
        authenticate(crl, issuer);
        return requireCurrent(crl, at);
    }

    /**
     * Checks that {@code crl} was issued and signed by {@code issuer}, whatever its time window.
     */
    static void authenticate(X509CRL crl, X509Certificate issuer) throws VerificationFailedException {
        if (!crl.getIssuerX500Principal().equals(issuer.getSubjectX500Principal())) {
            throw new VerificationFailedException(Reason.COLLATERAL, "CRL issuer "
                    + crl.getIssuerX500Principal().getName() + " is not " + issuer.getSubjectX500Principal().getName());
        }
        try {
            PublicKey key = issuer.getPublicKey();
            if (X509EcdsaSignatures.handles(crl.getSigAlgOID(), crl.getSigAlgParams(), key)) {
                if (!X509EcdsaSignatures.verify(crl.getSigAlgOID(), crl.getTBSCertList(), crl.getSignature(), key)) {
                    throw new SignatureException("Signature does not match.");
                }
            } else {
                crl.verify(key);
            }
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new VerificationFailedException(Reason.COLLATERAL, "CRL signature of "
                    + crl.getIssuerX500Principal().getName() + " does not verify: " + e.getMessage());
        }
    }

    /** Checks that an authenticated CRL is current at {@code at}. */
    static CrlVerifier requireCurrent(X509CRL crl, Instant at) throws RevocationUnavailableException {
        Instant thisUpdate = crl.getThisUpdate().toInstant();
        if (crl.getNextUpdate() == null) {
            throw new RevocationUnavailableException("CRL of " + crl.getIssuerX500Principal().getName()
                    + " has no nextUpdate, so its freshness cannot be judged");
        }
        Instant nextUpdate = crl.getNextUpdate().toInstant();
        if (at.isBefore(thisUpdate)) {
            throw new RevocationUnavailableException("CRL of " + crl.getIssuerX500Principal().getName()
                    + " was issued at " + thisUpdate + ", after the verification time " + at);
        }
        if (!at.isBefore(nextUpdate)) {
            throw new RevocationUnavailableException("CRL of " + crl.getIssuerX500Principal().getName()
                    + " expired at " + nextUpdate + " (nextUpdate); verification time is " + at
                    + ". Fetch a current CRL.");
        }
        return new CrlVerifier(crl);
    }

    /**
     * Fails with reason {@link Reason#REVOKED} when the certificate's serial is listed. The
     * certificate must have been issued by this CRL's issuer (indirect CRLs are not supported):
     * a serial looked up in another issuer's CRL proves nothing, so that fails with reason
     * {@link Reason#COLLATERAL}.
     */
    public void requireNotRevoked(X509Certificate cert) throws VerificationFailedException {
        Objects.requireNonNull(cert, "cert");
        if (!cert.getIssuerX500Principal().equals(crl.getIssuerX500Principal())) {
            throw new VerificationFailedException(Reason.COLLATERAL, "certificate '"
                    + cert.getSubjectX500Principal().getName() + "' is issued by "
                    + cert.getIssuerX500Principal().getName() + ", not by the CRL's issuer "
                    + crl.getIssuerX500Principal().getName());
        }
        X509CRLEntry entry = crl.getRevokedCertificate(cert.getSerialNumber());
        if (entry != null) {
            throw new VerificationFailedException(Reason.REVOKED, "certificate '"
                    + cert.getSubjectX500Principal().getName() + "' (serial " + cert.getSerialNumber().toString(16)
                    + ") was revoked at " + entry.getRevocationDate().toInstant()
                    + (entry.getRevocationReason() == null ? "" : " (" + entry.getRevocationReason() + ")"));
        }
    }

    /** When the checked CRL stops being usable. */
    public Instant nextUpdate() {
        return crl.getNextUpdate().toInstant();
    }

    /** The checked CRL. */
    public X509CRL crl() {
        return crl;
    }
}
