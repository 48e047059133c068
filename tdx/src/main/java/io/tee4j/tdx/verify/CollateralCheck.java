package io.tee4j.tdx.verify;

import io.tee4j.core.AttestationException;
import io.tee4j.core.CollateralUnavailableException;
import io.tee4j.core.RevocationMode;
import io.tee4j.core.RevocationUnavailableException;
import io.tee4j.core.VerificationFailedException;
import io.tee4j.core.VerificationFailedException.Reason;
import io.tee4j.core.crypto.CertificateChainValidator;
import io.tee4j.core.crypto.CrlSet;
import io.tee4j.core.crypto.CrlVerifier;
import io.tee4j.core.crypto.EcCurve;
import io.tee4j.core.crypto.EcdsaVerifier;
import io.tee4j.core.crypto.InvalidKeyException;
import io.tee4j.core.util.BoundedCache;
import io.tee4j.core.util.BytesKey;
import io.tee4j.tdx.abi.CertificateNames;
import io.tee4j.tdx.abi.PckExtensions;
import io.tee4j.tdx.abi.TdxQuote;
import io.tee4j.tdx.collateral.QeIdentity;
import io.tee4j.tdx.collateral.QeTcbLevel;
import io.tee4j.tdx.collateral.TcbInfo;
import io.tee4j.tdx.collateral.TdxCollateral;
import io.tee4j.tdx.verify.CollateralVerdict;
import io.tee4j.tdx.verify.PlatformEntry;
import io.tee4j.tdx.verify.TcbCheck;
import io.tee4j.tdx.verify.ValidityWindow;
import java.io.ByteArrayOutputStream;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Verification steps on the collateral for one platform: TCB info and QE identity are inside their
 * validity windows (issueDate ≤ t &lt; nextUpdate, else {@link CollateralUnavailableException}) and
 * signed over their exact bytes by an "Intel SGX TCB Signing" certificate directly under the
 * anchors; unless revocation is skipped, the root CA CRLs and PCK CRLs are decided with
 * {@link CrlSet}; FMSPC and PCE-ID match the PCK certificate; the QE matches its identity. The
 * result is a {@link CollateralVerdict} with the time window in which all of it holds. The TCB
 * status itself is not evaluated here ({@link TcbCheck}).
 *
 * <p>The steps that are the same for every platform under one PCK CA ({@link SharedCollateral}:
 * the collateral's freshness, signatures and signing chains, the root CA CRLs, the PCK CRLs'
 * signatures) are kept in a bounded cache keyed by the collateral's fingerprint (SHA-256 over the
 * exact bytes of every document, chain and CRL) and the exact bytes of the PCK CA and root, and used
 * only at instants inside the window in which all of them hold; outside it they are checked afresh,
 * so an expired or not yet valid document fails as it would uncached. The cache belongs to one
 * verifier and so to one set of trust anchors.
 */
final class CollateralCheck {
    private static final Logger LOG = LoggerFactory.getLogger(CollateralCheck.class);

    /** Collateral sets (times PCK CAs) whose shared verdict one verifier keeps. */
    private static final int SHARED_VERDICTS = 64;

    private final CertificateChainValidator validator;
    private final RevocationMode revocation;
    private final BoundedCache<BytesKey, SharedCollateral> sharedVerdicts = new BoundedCache<>(SHARED_VERDICTS);

    CollateralCheck(CertificateChainValidator validator, RevocationMode revocation) {
        this.validator = validator;
        this.revocation = revocation;
    }

    /** The platform's cached verdict when it is for this collateral and covers {@code at}, else a fresh one. */
    CollateralVerdict verdict(TdxQuote quote, PlatformEntry entry, TdxCollateral coll, Instant at)
            throws AttestationException {
        CollateralVerdict verdict = entry.verdict;
        if (verdict == null || !Arrays.equals(verdict.fingerprint, coll.fingerprintRef()) || !verdict.covers(at)) {
            verdict = check(quote, entry, coll, at);
            if (verdict.covers(at)) {
                entry.verdict = verdict;
            }
        }
        return verdict;
    }

    /**
     * The platform's own steps on top of the shared ones: its PCK leaf is listed by no authentic
     * PCK CRL and the newest one is current at {@code at}; FMSPC and PCE-ID match the TCB info; the
     * QE matches its identity.
     */
    private CollateralVerdict check(TdxQuote quote, PlatformEntry entry, TdxCollateral coll, Instant at)
            throws AttestationException {
        SharedCollateral shared = shared(entry, coll, at);
        ValidityWindow w = new ValidityWindow(entry.validFrom, entry.validUntil);
        w.narrow(shared.from, shared.until);
        if (shared.pckCrls != null) {
            shared.pckCrls.requireNotRevoked(List.of(entry.chain.get(0)));
            narrowByCrls(w, shared.pckCrls.requireCurrent(at), shared.pckCrls.crls(), at);
        }
        TcbInfo info = coll.tcbInfo();
        checkPlatformMatch(entry.pck, info);
        QeTcbLevel qe = QeTcbLevel.match(quote.qeReport(), coll.qeIdentity());
        LOG.debug("TDX collateral verified: TCB info eval {}, window {} .. {}", info.tcbEvaluationDataNumber(), w.from,
                w.until);
        return new CollateralVerdict(coll.fingerprintRef(), qe, shared.warnings, w.from, w.until);
    }

    /**
     * The verdict on this collateral under the platform's PCK CA and root, from the cache when it
     * was reached for exactly these bytes and covers {@code at}: a platform seen for the first time
     * whose collateral is known costs only its own steps.
     */
    private SharedCollateral shared(PlatformEntry entry, TdxCollateral coll, Instant at)
            throws AttestationException {
        BytesKey key = sharedKey(coll, entry);
        SharedCollateral shared = key == null ? null : sharedVerdicts.get(key);
        if (shared != null && shared.covers(at)) {
            return shared;
        }
        shared = verifyShared(entry, coll, at);
        if (key != null && shared.covers(at)) {
            sharedVerdicts.put(key, shared);
        }
        return shared;
    }

    /** The collateral's fingerprint, then the exact PCK CA and root certificates, or null when unencodable. */
    private static BytesKey sharedKey(TdxCollateral coll, PlatformEntry entry) {
        try {
            ByteArrayOutputStream b = new ByteArrayOutputStream(4096);
            b.writeBytes(coll.fingerprintRef());
            for (X509Certificate c : entry.chain.subList(1, entry.chain.size())) {
                byte[] der = c.getEncoded();
                b.write(der.length >>> 24);
                b.write(der.length >>> 16);
                b.write(der.length >>> 8);
                b.write(der.length);
                b.writeBytes(der);
            }
            return BytesKey.of(b.toByteArray());
        } catch (CertificateEncodingException e) {
            return null;
        }
    }

    private SharedCollateral verifyShared(PlatformEntry entry, TdxCollateral coll, Instant at)
            throws AttestationException {
        List<String> warnings = new ArrayList<>();
        TcbInfo info = coll.tcbInfo();
        QeIdentity qeId = coll.qeIdentity();
        ValidityWindow w = new ValidityWindow(entry.validFrom, entry.validUntil);
        fresh("TCB info", info.issueDate(), info.nextUpdate(), at);
        fresh("QE identity", qeId.issueDate(), qeId.nextUpdate(), at);
        w.narrow(info.issueDate(), info.nextUpdate());
        w.narrow(qeId.issueDate(), qeId.nextUpdate());
        X509Certificate tcbSigner = signer(coll.tcbInfoIssuerChain(), at, w, "TCB info");
        if (!verifier(tcbSigner).verifyP1363(info.signedBytesRef(), info.signature())) {
            throw new VerificationFailedException(Reason.COLLATERAL, "TCB info signature does not verify with the "
                    + "Intel SGX TCB Signing key");
        }
        X509Certificate qeSigner = signer(coll.qeIdentityIssuerChain(), at, w, "QE identity");
        if (!verifier(qeSigner).verifyP1363(qeId.signedBytesRef(), qeId.signature())) {
            throw new VerificationFailedException(Reason.COLLATERAL, "QE identity signature does not verify with the "
                    + "Intel SGX TCB Signing key");
        }
        CrlSet.Authentic pckCrls = null;
        if (revocation == RevocationMode.SKIP_INSECURE) {
            warnings.add("revocation not checked (RevocationMode.SKIP_INSECURE): the PCK certificate, its CA and "
                    + "the TCB Signing certificate may be revoked");
        } else {
            pckCrls = checkCaRevocation(entry, coll, List.of(tcbSigner, qeSigner), at, w);
        }
        return new SharedCollateral(pckCrls, warnings, w.from, w.until);
    }

    /**
     * The root CA CRLs decide the PCK CA and the TCB Signing certificates; the PCK CRLs, which
     * decide each PCK leaf, are authenticated here. Either kind missing is revocation unavailable.
     */
    private static CrlSet.Authentic checkCaRevocation(PlatformEntry entry, TdxCollateral coll,
            List<X509Certificate> tcbSigners, Instant at, ValidityWindow w) throws AttestationException {
        X509Certificate root = entry.chain.get(2);
        X509Certificate ca = entry.chain.get(1);
        if (coll.rootCaCrls().isEmpty()) {
            throw new RevocationUnavailableException("no Intel SGX Root CA CRL in the collateral; revocation is "
                    + "required");
        }
        List<X509Certificate> underRoot = new ArrayList<>();
        underRoot.add(ca);
        underRoot.addAll(tcbSigners);
        CrlVerifier r = CrlSet.requireNotRevoked(coll.rootCaCrls(), root, at, underRoot);
        if (coll.pckCrls().isEmpty()) {
            throw new RevocationUnavailableException("no PCK CRL (" + entry.caType + " CA) in the collateral; "
                    + "revocation is required");
        }
        narrowByCrls(w, r, coll.rootCaCrls(), at);
        return CrlSet.authenticate(coll.pckCrls(), ca);
    }

    private static void checkPlatformMatch(PckExtensions pck, TcbInfo info) throws VerificationFailedException {
        if (!Arrays.equals(pck.fmspc(), info.fmspc())) {
            throw new VerificationFailedException(Reason.COLLATERAL, "TCB info is for FMSPC " + HexFormat.of().formatHex(info.fmspc())
                    + " but the PCK certificate has FMSPC " + HexFormat.of().formatHex(pck.fmspc()));
        }
        if (!Arrays.equals(pck.pceId(), info.pceId())) {
            throw new VerificationFailedException(Reason.COLLATERAL, "TCB info is for PCE-ID " + HexFormat.of().formatHex(info.pceId())
                    + " but the PCK certificate has PCE-ID " + HexFormat.of().formatHex(pck.pceId()));
        }
    }

    /**
     * The verdict holds while the deciding CRL is current and no other CRL becomes the newest: a
     * CRL issued after {@code at} would take over when its thisUpdate arrives.
     */
    private static void narrowByCrls(ValidityWindow w, CrlVerifier decided, List<X509CRL> all, Instant at) {
        w.narrow(decided.crl().getThisUpdate().toInstant(), decided.nextUpdate());
        for (X509CRL c : all) {
            Instant thisUpdate = c.getThisUpdate().toInstant();
            if (thisUpdate.isAfter(at)) {
                w.narrow(Instant.MIN, thisUpdate);
            }
        }
    }

    private X509Certificate signer(List<X509Certificate> chain, Instant at, ValidityWindow w, String what)
            throws VerificationFailedException {
        List<X509Certificate> full = validator.validate(chain, at);
        X509Certificate leaf = full.get(0);
        if (full.size() != 2
                || !"Intel SGX TCB Signing".equals(CertificateNames.commonName(leaf.getSubjectX500Principal()))) {
            throw new VerificationFailedException(Reason.COLLATERAL, what + " is not signed by an Intel SGX TCB "
                    + "Signing certificate directly under the root (got " + leaf.getSubjectX500Principal().getName()
                    + ", chain of " + full.size() + ")");
        }
        for (X509Certificate c : full) {
            w.narrow(c.getNotBefore().toInstant(), c.getNotAfter().toInstant());
        }
        return leaf;
    }

    private static EcdsaVerifier verifier(X509Certificate c) throws VerificationFailedException {
        try {
            EcdsaVerifier v = EcdsaVerifier.fromPublicKey(c.getPublicKey());
            if (v.curve() != EcCurve.P256) {
                throw new VerificationFailedException(Reason.COLLATERAL, "TCB Signing key is not P-256");
            }
            return v;
        } catch (InvalidKeyException e) {
            throw new VerificationFailedException(Reason.COLLATERAL, "TCB Signing key: " + e.getMessage(), e);
        }
    }

    private static void fresh(String what, Instant issue, Instant next, Instant at)
            throws CollateralUnavailableException {
        if (at.isBefore(issue)) {
            throw new CollateralUnavailableException(what + " was issued at " + issue + ", after the verification time "
                    + at, null, false);
        }
        // One rule for every dated document, CRLs included: valid while now < nextUpdate.
        if (!at.isBefore(next)) {
            throw new CollateralUnavailableException(what + " expired at " + next + " (nextUpdate); verification time "
                    + "is " + at + ". Fetch current collateral.", null, true);
        }
    }
}
