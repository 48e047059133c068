package io.tee4j.snp.verify;

import io.tee4j.core.AttestationException;
import io.tee4j.core.CollateralUnavailableException;
import io.tee4j.core.RevocationUnavailableException;
import io.tee4j.core.VerificationFailedException.Reason;
import io.tee4j.core.VerificationFailedException;
import io.tee4j.core.crypto.Certificates;
import io.tee4j.core.crypto.CrlSet;
import io.tee4j.core.crypto.CrlVerifier;
import io.tee4j.core.util.BoundedCache;
import io.tee4j.core.util.BytesKey;
import io.tee4j.snp.abi.ProductLine;
import io.tee4j.snp.abi.SigningKey;
import io.tee4j.snp.collateral.KdsClient;
import io.tee4j.snp.collateral.KdsUrls;
import java.security.cert.CRLException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Decides whether an ASK/ASVK is revoked, from every ARK CRL at hand: the verifier's own (a
 * collateral directory, in whatever order it was listed), the host's certificate table and, when
 * the verifier is online with a collateral source, AMD's current CRL from KDS.
 *
 * <p>The decision is {@link CrlSet}'s and so does not depend on order: any authentic CRL that
 * lists the ASK/ASVK revokes it, and the newest authentic CRL (thisUpdate, then CRL number) must be
 * current ({@code thisUpdate <= now < nextUpdate}). Supplied CRLs never stand in for AMD's current
 * one: online with a source, the KDS CRL is fetched every time (a caching source answers from its
 * cache until the CRL's nextUpdate). Only when that fetch fails do the supplied CRLs decide alone,
 * and the result then says so.
 *
 * <p>CRLs that name another issuer than the chain's ARK (another product line's, in a shared
 * collateral directory) are left out; one that names the ARK but is not signed by it is a forgery,
 * which {@link CrlSet} ignores beside an authentic CRL and reports when it is the only one. The
 * CRL fetched from KDS is never left out by name: a KDS answer from another ARK is a failure.
 * A decision is kept, keyed by the exact ARK, ASK and CRL bytes, for the time window in which
 * {@link CrlSet} would decide the same way; a revocation is never cached.
 */
final class AskRevocation {
    private final List<X509CRL> configured;
    private final KdsClient kds;
    private final boolean offline;
    private final BoundedCache<BytesKey, X509CRL> parsedTableCrls = new BoundedCache<>(64);
    private final BoundedCache<BytesKey, Decision> decisions = new BoundedCache<>(64);

    AskRevocation(List<X509CRL> configured, KdsClient kds, boolean offline) {
        this.configured = List.copyOf(configured);
        this.kds = kds;
        this.offline = offline;
    }

    /**
     * Fails unless the chain's ASK/ASVK is known not to be revoked at {@code now}.
     *
     * @param chain leaf, ASK/ASVK, ARK
     * @param tableCrls the DER CRLs of the host's certificate table
     * @param warnings receives a warning when AMD's current CRL could not be fetched
     */
    void requireNotRevoked(List<X509Certificate> chain, ProductLine product, SigningKey kind, List<byte[]> tableCrls,
            Instant now, List<String> warnings) throws AttestationException {
        X509Certificate intermediate = chain.get(1);
        X509Certificate ark = chain.get(chain.size() - 1);
        List<X509CRL> crls = new ArrayList<>();
        for (X509CRL c : configured) {
            if (namesIssuer(c, ark)) {
                crls.add(c);
            }
        }
        for (byte[] der : tableCrls) {
            X509CRL c = parsedTableCrl(der);
            if (namesIssuer(c, ark)) {
                crls.add(c);
            }
        }
        String role = kind == SigningKey.VLEK ? "ASVK" : "ASK";
        if (kds != null && !offline) {
            try {
                crls.add(kds.crl(product, kind));
            } catch (CollateralUnavailableException e) {
                if (crls.isEmpty()) {
                    throw new RevocationUnavailableException("the CRL of " + product.kdsName()
                            + " could not be fetched, so the " + role + "'s revocation status is unknown: "
                            + e.getMessage(), e);
                }
                warnings.add("AMD's current CRL of " + product.kdsName() + " could not be fetched (" + e.getMessage()
                        + "); the " + role + "'s revocation was decided with the " + crls.size()
                        + " CRL(s) supplied, which may be older");
            }
        }
        if (crls.isEmpty()) {
            throw new RevocationUnavailableException("no CRL of " + ark.getSubjectX500Principal().getName()
                    + " is at hand to check the " + role + " against" + (offline ? " (offline)" : "")
                    + "; supply the KDS CRL (" + KdsUrls.amd().crl(product, kind)
                    + "), enable fetching, or skip revocation by name (RevocationMode.SKIP_INSECURE)");
        }
        BytesKey key = decisionKey(ark, intermediate, crls);
        Decision known = decisions.get(key);
        if (known != null && known.holdsAt(now)) {
            return;
        }
        CrlVerifier decider = CrlSet.requireNotRevoked(crls, ark, now, List.of(intermediate));
        decisions.put(key, Decision.of(decider, crls, now));
    }

    private static boolean namesIssuer(X509CRL crl, X509Certificate ark) {
        return crl.getIssuerX500Principal().equals(ark.getSubjectX500Principal());
    }

    /** A certificate table repeats the same CRL with every report: parse each distinct one once. */
    private X509CRL parsedTableCrl(byte[] der) throws VerificationFailedException {
        BytesKey k = BytesKey.of(der);
        X509CRL parsed = parsedTableCrls.get(k);
        if (parsed == null) {
            try {
                parsed = Certificates.parseCrl(der);
            } catch (CRLException e) {
                throw new VerificationFailedException(Reason.COLLATERAL, "the CRL in the certificate table does not "
                        + "parse: " + e.getMessage());
            }
            parsedTableCrls.put(k, parsed);
        }
        return parsed;
    }

    /** ARK, ASK and the CRLs' exact bytes, the CRLs sorted so that their order does not matter. */
    private static BytesKey decisionKey(X509Certificate ark, X509Certificate intermediate, List<X509CRL> crls)
            throws VerificationFailedException {
        List<byte[]> ders = new ArrayList<>();
        for (X509CRL c : crls) {
            try {
                ders.add(c.getEncoded());
            } catch (CRLException e) {
                throw new VerificationFailedException(Reason.COLLATERAL, "a CRL does not encode: " + e.getMessage(), e);
            }
        }
        ders.sort(Arrays::compare);
        try {
            ders.add(0, ark.getEncoded());
            ders.add(1, intermediate.getEncoded());
        } catch (CertificateEncodingException e) {
            throw new VerificationFailedException(Reason.CERTIFICATE_CHAIN, "a certificate does not encode", e);
        }
        // One array sized up front (a growing stream copied the ~4 KB twice per warm verification).
        int length = 0;
        for (byte[] d : ders) {
            length += 4 + d.length;
        }
        byte[] framed = new byte[length];
        int p = 0;
        for (byte[] d : ders) {
            p = writeFramed(framed, p, d);
        }
        return BytesKey.of(framed);
    }

    /** Writes {@code b}'s length (4 bytes, big-endian) and {@code b} at {@code p}; returns the next position. */
    private static int writeFramed(byte[] out, int p, byte[] b) {
        out[p] = (byte) (b.length >>> 24);
        out[p + 1] = (byte) (b.length >>> 16);
        out[p + 2] = (byte) (b.length >>> 8);
        out[p + 3] = (byte) b.length;
        System.arraycopy(b, 0, out, p + 4, b.length);
        return p + 4 + b.length;
    }

    /**
     * A "not revoked" decision and the window in which the same CRLs decide the same way: from the
     * latest thisUpdate at or before the decision (earlier, another CRL would not be issued yet)
     * until the deciding CRL's nextUpdate or the next CRL's thisUpdate, whichever comes first.
     */
    private static final class Decision {
        private final Instant from;
        private final Instant until;

        private Decision(Instant from, Instant until) {
            this.from = from;
            this.until = until;
        }

        static Decision of(CrlVerifier decider, List<X509CRL> crls, Instant now) {
            Instant from = decider.crl().getThisUpdate().toInstant();
            Instant until = decider.nextUpdate();
            for (X509CRL c : crls) {
                Instant t = c.getThisUpdate().toInstant();
                if (t.isAfter(now)) {
                    until = t.isBefore(until) ? t : until;
                } else if (t.isAfter(from)) {
                    from = t;
                }
            }
            return new Decision(from, until);
        }

        /** The one rule for every validity window: {@code from <= now < until}. */
        boolean holdsAt(Instant now) {
            return !now.isBefore(from) && now.isBefore(until);
        }
    }
}
