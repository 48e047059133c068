package io.tee4j.core.crypto;

import io.tee4j.core.RevocationUnavailableException;
import io.tee4j.core.VerificationFailedException;
import io.tee4j.core.VerificationFailedException.Reason;
import java.math.BigInteger;
import java.security.cert.CRLException;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.x509.Extension;

/**
 * Decides revocation from several CRLs said to come from one issuer, so that the verdict never
 * depends on the order in which they were supplied (a host's certificate table, a collateral
 * directory, a fetch, a cache):
 *
 * <ol>
 *   <li>Only <em>authentic</em> CRLs count: named and signed by the issuer (see
 *       {@link CrlVerifier#check}). Others are ignored; when none is authentic, the first
 *       authenticity failure is raised ({@link VerificationFailedException}, reason
 *       {@link Reason#COLLATERAL}).</li>
 *   <li>A serial listed by <em>any</em> authentic CRL is revoked, whatever that CRL's time window:
 *       the issuer said so, and an older or newer list that omits it does not unsay it.</li>
 *   <li>Currency is decided by the <em>newest</em> authentic CRL issued at or before the
 *       verification instant (latest {@code thisUpdate}, then highest CRL number, then the earliest
 *       {@code nextUpdate} so that ties resolve the same way every time). If that CRL is past its
 *       {@code nextUpdate} ({@code now < nextUpdate} is the rule), revocation is unavailable even if
 *       an older CRL happened to be supplied too.</li>
 * </ol>
 *
 * <p>Not checked, as in {@link CrlVerifier}: delta and indirect CRLs, issuing distribution points.
 *
 * @since 0.2
 */
public final class CrlSet {

    private static final Comparator<X509CRL> NEWEST_FIRST = Comparator
            .comparing((X509CRL c) -> c.getThisUpdate().toInstant())
            .thenComparing(CrlSet::crlNumber)
            .thenComparing(CrlSet::nextUpdateOrMin, Comparator.reverseOrder())
            .reversed();

    private CrlSet() {
    }

    /**
     * Checks every certificate in {@code certs} (each issued by {@code issuer}) against the
     * authentic CRLs among {@code crls} and returns the CRL that decided currency.
     *
     * @throws VerificationFailedException reason {@link Reason#REVOKED} when any authentic CRL lists a
     *     serial; reason {@link Reason#COLLATERAL} when no CRL is authentic
     * @throws RevocationUnavailableException when there is no CRL, or the newest one is not current
     */
    public static CrlVerifier requireNotRevoked(Collection<X509CRL> crls, X509Certificate issuer, Instant at,
            List<X509Certificate> certs) throws VerificationFailedException, RevocationUnavailableException {
        Objects.requireNonNull(at, "at");
        Authentic authentic = authenticate(crls, issuer);
        authentic.requireNotRevoked(certs);
        return authentic.requireCurrent(at);
    }

    /**
     * The authentic CRLs among {@code crls} (named and signed by {@code issuer}; duplicates once),
     * for a caller that checks many certificates of one issuer against the same CRLs — a fleet of
     * platforms under one CA — and pays for the CRL signatures once. The rules are those of
     * {@link #requireNotRevoked}, which is {@code authenticate}, then {@link Authentic#requireNotRevoked},
     * then {@link Authentic#requireCurrent}.
     *
     * @throws VerificationFailedException reason {@link Reason#COLLATERAL} when no CRL is authentic
     * @throws RevocationUnavailableException when there is no CRL
     */
    public static Authentic authenticate(Collection<X509CRL> crls, X509Certificate issuer)
            throws VerificationFailedException, RevocationUnavailableException {
        Objects.requireNonNull(issuer, "issuer");
        return new Authentic(authenticOnly(crls, issuer), issuer);
    }

    /**
     * CRLs of one issuer whose signatures verified ({@link #authenticate}). It holds no verdict about
     * time: currency is decided per instant by {@link #requireCurrent}.
     *
     * @since 0.3
     */
    public static final class Authentic {
        private final List<X509CRL> crls;
        private final X509Certificate issuer;

        private Authentic(List<X509CRL> crls, X509Certificate issuer) {
            this.crls = List.copyOf(crls);
            this.issuer = issuer;
        }

        /**
         * Fails when any of the CRLs lists any of {@code certs} (each must be issued by the CRLs'
         * issuer), whatever that CRL's time window.
         *
         * @throws VerificationFailedException reason {@link Reason#REVOKED} for a listed serial,
         *     {@link Reason#COLLATERAL} for a certificate of another issuer
         */
        public void requireNotRevoked(List<X509Certificate> certs) throws VerificationFailedException {
            for (X509CRL crl : crls) {
                CrlVerifier listing = new CrlVerifier(crl);
                for (X509Certificate cert : certs) {
                    listing.requireNotRevoked(cert);
                }
            }
        }

        /**
         * The newest CRL issued at or before {@code at}, which must be current at {@code at}.
         *
         * @throws RevocationUnavailableException when every CRL is newer than {@code at}, or the
         *     newest is past its nextUpdate
         */
        public CrlVerifier requireCurrent(Instant at) throws RevocationUnavailableException {
            Objects.requireNonNull(at, "at");
            X509CRL newest = crls.stream()
                    .filter(c -> !c.getThisUpdate().toInstant().isAfter(at))
                    .min(NEWEST_FIRST)
                    .orElseThrow(() -> new RevocationUnavailableException("every CRL of "
                            + issuer.getSubjectX500Principal().getName() + " was issued after the verification time "
                            + at));
            return CrlVerifier.requireCurrent(newest, at);
        }

        /** The authentic CRLs, in the order given. */
        public List<X509CRL> crls() {
            return crls;
        }
    }

    private static List<X509CRL> authenticOnly(Collection<X509CRL> crls, X509Certificate issuer)
            throws VerificationFailedException, RevocationUnavailableException {
        List<X509CRL> authentic = new ArrayList<>();
        List<byte[]> seen = new ArrayList<>();
        VerificationFailedException firstForgery = null;
        for (X509CRL crl : crls) {
            byte[] der = encoded(crl);
            if (seen.stream().anyMatch(d -> Arrays.equals(d, der))) {
                continue;
            }
            seen.add(der);
            try {
                CrlVerifier.authenticate(crl, issuer);
                authentic.add(crl);
            } catch (VerificationFailedException e) {
                if (firstForgery == null) {
                    firstForgery = e;
                }
            }
        }
        if (authentic.isEmpty()) {
            if (firstForgery != null) {
                throw firstForgery;
            }
            throw new RevocationUnavailableException("no CRL of " + issuer.getSubjectX500Principal().getName()
                    + " is at hand");
        }
        return authentic;
    }

    private static byte[] encoded(X509CRL crl) throws VerificationFailedException {
        try {
            return crl.getEncoded();
        } catch (CRLException e) {
            throw new VerificationFailedException(Reason.COLLATERAL, "a CRL cannot be encoded: " + e.getMessage(), e);
        }
    }

    /** The CRL number extension, or -1 when absent or unreadable (such a CRL sorts as oldest of its time). */
    static BigInteger crlNumber(X509CRL crl) {
        byte[] ext = crl.getExtensionValue(Extension.cRLNumber.getId());
        if (ext == null) {
            return BigInteger.ONE.negate();
        }
        try {
            return ASN1Integer.getInstance(ASN1OctetString.getInstance(ext).getOctets()).getValue();
        } catch (RuntimeException e) {
            // BC signals a malformed encoding with unchecked exceptions; the CRL was authenticated,
            // so a bad number only costs it the tie-break.
            return BigInteger.ONE.negate();
        }
    }

    private static Instant nextUpdateOrMin(X509CRL crl) {
        return crl.getNextUpdate() == null ? Instant.MIN : crl.getNextUpdate().toInstant();
    }
}
