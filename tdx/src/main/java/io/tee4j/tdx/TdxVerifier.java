package io.tee4j.tdx;

import io.tee4j.core.AttestationException;
import io.tee4j.core.CollateralUnavailableException;
import io.tee4j.core.Evidence;
import io.tee4j.core.MalformedEvidenceException;
import io.tee4j.core.PolicyViolationException;
import io.tee4j.core.RevocationMode;
import io.tee4j.core.RevocationUnavailableException;
import io.tee4j.core.TeeType;
import io.tee4j.core.TrustAnchors;
import io.tee4j.core.VerificationFailedException;
import io.tee4j.core.VerificationFailedException.Reason;
import io.tee4j.core.Verifier;
import io.tee4j.core.crypto.CertificateChainValidator;
import io.tee4j.core.crypto.CrlSet;
import io.tee4j.core.crypto.CrlVerifier;
import io.tee4j.core.crypto.EcCurve;
import io.tee4j.core.crypto.EcdsaVerifier;
import io.tee4j.core.crypto.InvalidKeyException;
import io.tee4j.tdx.internal.Bytes;
import io.tee4j.tdx.internal.Lru;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import javax.security.auth.x500.X500Principal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Verifies Intel TDX quotes (v4 and v5) the way Intel's Quote Verification Library does, and
 * appraises them against a {@link TdxPolicy}.
 *
 * <p>Checks, in order: the quote parses; the PCK chain (leaf "Intel SGX PCK Certificate", CA
 * "Intel SGX PCK Platform CA" or "... Processor CA") validates to the trust anchors at the
 * verification time; the QE report is signed by the PCK key; the QE report data is
 * SHA-256(attestation key ‖ QE authentication data) followed by 32 zero bytes; the quote is signed
 * by the attestation key; the TCB info and QE identity are signed over their exact bytes by an
 * "Intel SGX TCB Signing" certificate that validates to the same anchors, and are inside their
 * validity windows (issueDate ≤ t &lt; nextUpdate, else {@link CollateralUnavailableException});
 * unless revocation is skipped by name, the root CA CRLs (for the PCK CA and the TCB Signing
 * certificate) and the PCK CRLs (for the PCK leaf) are decided with {@link CrlSet}: a serial listed
 * by any authentic CRL is revoked, and the newest authentic CRL must be current — whatever order
 * the CRLs came in; FMSPC and PCE-ID match the TCB info; the QE matches its identity; the TCB
 * status is evaluated with the QVL's semantics ({@link TcbEvaluator}, {@link TcbEvaluation});
 * {@code Revoked} fails verification, "TCB not supported" is an appraisal failure
 * ({@link TcbNotSupportedException}); the policy is applied last, listing every failed check.
 *
 * <p>Bytes after the quote's signature data are outside every signature. Zero padding (real
 * quotes carry some) is accepted; any non-zero byte there is refused as malformed unless
 * {@link Builder#acceptNonZeroTrailingBytes} says otherwise. Callers that need to recognise a quote
 * again (replay caches, deduplication) must key on {@link TdxQuote#signedBytesSha256()} — the
 * digest of the signed header and body, also in the result's claims as {@code signedBytesSha256} —
 * never on the raw bytes: the padding, the PEM text of the certification data (whitespace,
 * line breaks) and the ECDSA signatures themselves can differ between two copies of one quote.
 *
 * <p>Defaults: the bundled Intel SGX Root CA ({@link TdxTrust#intelRoot()}), the system UTC clock,
 * revocation required. Collateral comes from {@link Builder#collateral} (a fixed set) or
 * {@link Builder#pcs} (fetched per FMSPC through a collateral source); with neither, verification
 * fails with {@link CollateralUnavailableException}. With both, the fixed set supplies TCB info and
 * QE identity, and the CRLs are fetched as well and decided together with the supplied ones, so
 * that a caller's (or a host's) older CRL never stops a fresher one from being consulted; if that
 * fetch fails, the supplied CRLs alone decide and the result carries a warning. Fetched CRLs follow
 * the revocation mode: a CRL that cannot be had is {@link RevocationUnavailableException}, and
 * with revocation skipped the CRLs are not fetched at all.
 *
 * <p>Warm path: the work that is the same for every quote of one platform — the PCK chain, the QE
 * report signature and binding, the PCK extensions, the attestation-key object, the collateral
 * signatures, CRLs and QE identity match — is kept in a bounded cache keyed by the exact bytes it
 * was computed from (attestation key and certification data; the collateral's fingerprint) and is
 * used only inside the time window in which all of it is valid. A second quote from the same
 * platform costs one ECDSA verification and the TCB comparison. Attestation-key verifier objects
 * (which carry Bouncy Castle's precomputation for the key) are kept in a second bounded map keyed
 * by the key's bytes.
 *
 * <p>Not checked: the QE vendor ID and the header's user data (policy may pin the vendor ID), the
 * MAC of a TDREPORT (only the TDX module can), and the TCB Signing certificate's own CRL entry
 * beyond the root CA CRL.
 *
 * @since 0.1
 */
public final class TdxVerifier implements Verifier<TdxPolicy, TdxVerificationResult> {
    private static final Logger LOG = LoggerFactory.getLogger(TdxVerifier.class);
    static final X500Principal PCK_LEAF = new X500Principal("CN=Intel SGX PCK Certificate, O=Intel Corporation, "
            + "L=Santa Clara, ST=CA, C=US");

    private final TrustAnchors anchors;
    private final CertificateChainValidator validator;
    private final Clock clock;
    private final RevocationMode revocation;
    private final TdxCollateral collateral;
    private final IntelPcs pcs;
    private final boolean acceptNonZeroTrailingBytes;
    private volatile Merged lastMerged;
    private final Lru<PlatformKey, PlatformEntry> cache;
    private final Lru<java.nio.ByteBuffer, EcdsaVerifier> attestationKeys;
    private final java.util.concurrent.atomic.AtomicLong platformBuilds = new java.util.concurrent.atomic.AtomicLong();
    private final java.util.concurrent.atomic.AtomicLong collateralChecks = new java.util.concurrent.atomic.AtomicLong();

    private TdxVerifier(Builder b) {
        this.anchors = b.anchors;
        this.validator = CertificateChainValidator.of(anchors);
        this.clock = b.clock;
        this.revocation = b.revocation;
        this.collateral = b.collateral;
        this.pcs = b.pcs;
        this.acceptNonZeroTrailingBytes = b.acceptNonZeroTrailingBytes;
        this.cache = new Lru<>(b.cacheSize);
        this.attestationKeys = new Lru<>(b.cacheSize);
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public TeeType type() {
        return TeeType.TDX;
    }

    /**
     * Verifies TDX evidence. When the evidence carries an auxiliary blob it is read as the CC event
     * log (CCEL log area), replayed, and must reproduce RTMR0..3 of the verified quote
     * ({@link VerificationFailedException} with reason {@code BINDING} otherwise); the result then
     * exposes the log's events.
     */
    @Override
    public TdxVerificationResult verify(Evidence evidence, TdxPolicy policy) throws AttestationException {
        return verify(evidence, policy, clock.instant());
    }

    /**
     * {@link #verify(Evidence, TdxPolicy)} as of {@code at} instead of the builder's clock, so that one
     * verifier (and its caches) serves calls that each bring their own time, as a
     * {@link io.tee4j.core.spi.PreparedVerifier} does.
     */
    public TdxVerificationResult verify(Evidence evidence, TdxPolicy policy, Instant at) throws AttestationException {
        Objects.requireNonNull(evidence, "evidence");
        if (evidence.type() != TeeType.TDX) {
            throw new MalformedEvidenceException("evidence is " + evidence.type().id() + ", not TDX");
        }
        TdxQuote quote = TdxQuote.parse(evidence.raw());
        if (evidence.auxBlob().isEmpty()) {
            return verify(quote, policy, at);
        }
        CcEventLog log = CcEventLog.parse(evidence.auxBlob().get());
        TdxVerificationResult r = verify(quote, policy, at);
        log.verifyAgainst(quote.body());
        return r.withEventLog(log);
    }

    /** Verifies raw quote bytes. */
    public TdxVerificationResult verify(byte[] quote, TdxPolicy policy) throws AttestationException {
        return verify(TdxQuote.parse(quote), policy);
    }

    /** Verifies a parsed quote and appraises it against {@code policy}. */
    public TdxVerificationResult verify(TdxQuote quote, TdxPolicy policy) throws AttestationException {
        return verify(quote, policy, clock.instant());
    }

    /** {@link #verify(TdxQuote, TdxPolicy)} as of {@code at} instead of the builder's clock. */
    public TdxVerificationResult verify(TdxQuote quote, TdxPolicy policy, Instant at) throws AttestationException {
        Objects.requireNonNull(quote, "quote");
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(at, "at");
        checkTrailingBytes(quote);
        PlatformEntry entry = platform(quote, at);
        checkQuoteSignature(quote, entry);
        List<String> fetchWarnings = new ArrayList<>();
        TdxCollateral coll = collateralFor(entry, fetchWarnings);
        Verdict verdict = entry.verdict;
        if (verdict == null || !Arrays.equals(verdict.fingerprint, coll.fingerprintRef()) || !verdict.covers(at)) {
            verdict = checkCollateral(quote, entry, coll, at);
            if (verdict.covers(at)) {
                entry.verdict = verdict;
            }
        }
        TcbEvaluation tcb = TcbEvaluator.evaluate(quote.body(), entry.pck, coll.tcbInfo(), verdict.qe);
        if (tcb.status() == IntelTcbStatus.NOT_SUPPORTED) {
            throw new TcbNotSupportedException(tcb, notSupportedReason(quote, entry.pck, tcb));
        }
        if (tcb.status() == IntelTcbStatus.REVOKED) {
            throw new VerificationFailedException(Reason.REVOKED, "TCB status is Revoked: " + tcb);
        }
        List<String> violations = policy.violations(quote, tcb, entry.pck);
        if (!violations.isEmpty()) {
            throw new PolicyViolationException(violations);
        }
        List<String> warnings = new ArrayList<>(verdict.warnings);
        warnings.addAll(fetchWarnings);
        return new TdxVerificationResult(quote, entry.pck, tcb, warnings, at,
                anchors.origin() == TrustAnchors.Origin.EXPLICIT, policy.appraisesMeasurements());
    }

    /** Names which of Intel's three "no level matches" cases it is, with the values compared. */
    private static String notSupportedReason(TdxQuote quote, PckExtensions pck, TcbEvaluation tcb) {
        if (tcb.qeStatus() == IntelTcbStatus.NOT_SUPPORTED) {
            return "the QE's ISVSVN " + quote.qeReport().isvSvn() + " is below every level of the QE identity";
        }
        if (tcb.platformTcbDate() != null && tcb.moduleIdentity().isPresent()
                && tcb.moduleStatus().orElse(null) == IntelTcbStatus.NOT_SUPPORTED) {
            return "TEE_TCB_SVN[0] = " + quote.body().teeTcbSvn(0) + " is below every level of the TDX module identity "
                    + tcb.moduleIdentity().get();
        }
        return "no TCB level of the TCB info for FMSPC " + Bytes.hex(pck.fmspc()) + " matches this platform (PCK "
                + "CPUSVN " + Bytes.hex(pck.cpuSvn()) + ", PCESVN " + pck.pceSvn() + ", TEE_TCB_SVN "
                + Bytes.hex(quote.body().teeTcbSvn()) + ")";
    }

    /**
     * Refuses non-zero bytes after the signature data unless the builder accepts them: they are
     * covered by no signature, so a quote that carries them is not the quote the QE produced.
     */
    private void checkTrailingBytes(TdxQuote quote) throws MalformedEvidenceException {
        if (!acceptNonZeroTrailingBytes && quote.hasNonZeroTrailingBytes()) {
            throw new MalformedEvidenceException("the quote has " + quote.trailingBytes() + " bytes after its "
                    + "signature data and they are not all zero; they are covered by no signature (zero padding is "
                    + "accepted; TdxVerifier.Builder.acceptNonZeroTrailingBytes accepts any)");
        }
    }

    /**
     * Checks only the evidence itself, without collateral, TCB status or policy: the PCK chain to
     * the anchors at the clock's instant, the QE report signature, the QE report data binding and
     * the quote signature. A quote that passes is authentic but may run on an out-of-date or
     * revoked platform: never accept a quote on this alone.
     *
     * @return the SGX extensions of the PCK certificate
     */
    public PckExtensions verifySignatures(TdxQuote quote) throws VerificationFailedException,
            MalformedEvidenceException {
        Objects.requireNonNull(quote, "quote");
        checkTrailingBytes(quote);
        PlatformEntry entry = platform(quote, clock.instant());
        checkQuoteSignature(quote, entry);
        return entry.pck;
    }

    /** How many times the platform work (PCK chain, QE report) was done; for tests of the warm path. */
    long platformBuilds() {
        return platformBuilds.get();
    }

    /** How many times collateral was verified; for tests of the warm path. */
    long collateralChecks() {
        return collateralChecks.get();
    }

    private static void checkQuoteSignature(TdxQuote quote, PlatformEntry entry) throws VerificationFailedException {
        byte[] raw = quote.rawRef();
        byte[] sig = Arrays.copyOfRange(raw, quote.sigDataOffset(), quote.sigDataOffset() + 64);
        if (!entry.attestationKey.verifyP1363(raw, 0, quote.signedLength(), sig)) {
            throw new VerificationFailedException(Reason.SIGNATURE,
                    "quote signature does not verify with the attestation key");
        }
    }

    private PlatformEntry platform(TdxQuote quote, Instant at) throws VerificationFailedException,
            MalformedEvidenceException {
        byte[] raw = quote.rawRef();
        int off = quote.sigDataOffset() + 64;
        PlatformKey probe = new PlatformKey(raw, off, quote.endOffset() - off, quote.qeReportOffset() + QeReport.SIZE);
        PlatformEntry e = cache.get(probe);
        if (e != null && !at.isBefore(e.validFrom) && at.isBefore(e.validUntil)) {
            return e;
        }
        e = buildPlatform(quote, at);
        if (!at.isBefore(e.validFrom) && at.isBefore(e.validUntil)) {
            cache.put(probe.copy(), e);
        }
        return e;
    }

    private PlatformEntry buildPlatform(TdxQuote quote, Instant at) throws VerificationFailedException,
            MalformedEvidenceException {
        platformBuilds.incrementAndGet();
        List<X509Certificate> given = quote.pckChain();
        if (given.size() != 3) {
            throw new VerificationFailedException(Reason.CERTIFICATE_CHAIN, "PCK chain in the quote must be leaf, "
                    + "PCK CA and root; it has " + given.size() + " certificates");
        }
        List<X509Certificate> chain = validator.validate(given, at);
        if (chain.size() != 3) {
            throw new VerificationFailedException(Reason.CERTIFICATE_CHAIN, "PCK chain must be leaf, PCK CA and root; "
                    + "it has " + chain.size() + " certificates");
        }
        X509Certificate leaf = chain.get(0);
        X509Certificate ca = chain.get(1);
        String caCn = commonName(ca.getSubjectX500Principal());
        String caType;
        if ("Intel SGX PCK Platform CA".equals(caCn)) {
            caType = "platform";
        } else if ("Intel SGX PCK Processor CA".equals(caCn)) {
            caType = "processor";
        } else {
            throw new VerificationFailedException(Reason.CERTIFICATE_CHAIN, "PCK issuer '" + caCn
                    + "' is neither the Intel SGX PCK Platform CA nor the Processor CA");
        }
        if (!"Intel SGX PCK Certificate".equals(commonName(leaf.getSubjectX500Principal()))) {
            throw new VerificationFailedException(Reason.CERTIFICATE_CHAIN, "PCK leaf subject is "
                    + leaf.getSubjectX500Principal().getName() + ", not an Intel SGX PCK Certificate");
        }
        EcdsaVerifier pckKey;
        EcdsaVerifier ak;
        try {
            pckKey = EcdsaVerifier.fromPublicKey(leaf.getPublicKey());
            byte[] point = new byte[65];
            point[0] = 4;
            System.arraycopy(quote.rawRef(), quote.sigDataOffset() + 64, point, 1, 64);
            java.nio.ByteBuffer akKey = java.nio.ByteBuffer.wrap(point);
            ak = attestationKeys.get(akKey);
            if (ak == null) {
                // One verifier object per attestation key, so its precomputation is shared by every
                // platform entry (QE report signature) that uses the key.
                ak = EcdsaVerifier.fromUncompressedPoint(EcCurve.P256, point);
                attestationKeys.put(akKey, ak);
            }
        } catch (InvalidKeyException e) {
            throw new VerificationFailedException(Reason.SIGNATURE, "bad key: " + e.getMessage(), e);
        }
        if (pckKey.curve() != EcCurve.P256) {
            throw new VerificationFailedException(Reason.CERTIFICATE_CHAIN, "PCK key is not P-256");
        }
        QeReport qe = quote.qeReport();
        if (!pckKey.verifyP1363(qe.rawRef(), quote.qeReportSignature())) {
            throw new VerificationFailedException(Reason.SIGNATURE, "QE report signature does not verify with the "
                    + "PCK certificate's key");
        }
        MessageDigest sha = sha256();
        sha.update(quote.rawRef(), quote.sigDataOffset() + 64, 64);
        sha.update(quote.rawRef(), quote.authDataOffset(), quote.authDataLength());
        byte[] expected = Arrays.copyOf(sha.digest(), 64);
        if (!MessageDigest.isEqual(expected, qe.reportData())) {
            throw new VerificationFailedException(Reason.BINDING, "QE report data is not SHA-256(attestation key || "
                    + "QE authentication data) followed by zeros");
        }
        PckExtensions pck = PckExtensions.of(leaf);
        Instant from = Instant.MIN;
        Instant until = Instant.MAX;
        for (X509Certificate c : chain) {
            from = max(from, c.getNotBefore().toInstant());
            until = min(until, c.getNotAfter().toInstant());
        }
        LOG.debug("TDX platform verified: FMSPC {}, {} CA", Bytes.hex(pck.fmspc()), caType);
        return new PlatformEntry(chain, caType, pck, ak, from, until);
    }

    private TdxCollateral collateralFor(PlatformEntry entry, List<String> warnings) throws AttestationException {
        if (collateral != null) {
            if (pcs == null || revocation == RevocationMode.SKIP_INSECURE) {
                return collateral;
            }
            return withFetchedCrls(collateral, entry.caType, warnings);
        }
        if (pcs != null) {
            // (CRLs only when they will be checked; one that cannot be had is revocation unavailable)
            return pcs.collateral(entry.pck.fmspc(), entry.caType, revocation);
        }
        throw new CollateralUnavailableException("no TDX collateral: pass a collateral bundle or configure Intel "
                + "PCS / a PCCS", null, false);
    }

    /**
     * The supplied collateral with the CRLs fetched now added: supplied revocation data never stands
     * in for a fetch. When the fetch fails, the supplied CRLs alone decide (with a warning); without
     * supplied CRLs of both kinds that is revocation unavailable.
     */
    private TdxCollateral withFetchedCrls(TdxCollateral supplied, String caType, List<String> warnings)
            throws AttestationException {
        byte[][] fetched;
        try {
            fetched = pcs.crls(caType);
        } catch (CollateralUnavailableException e) {
            if (supplied.pckCrls().isEmpty() || supplied.rootCaCrls().isEmpty()) {
                throw new RevocationUnavailableException("a CRL could not be fetched and the supplied collateral "
                        + "lacks one, so the revocation status of the PCK chain is unknown: " + e.getMessage(), e);
            }
            warnings.add("could not fetch current CRLs (" + e.getMessage() + "); the supplied CRLs decided");
            return supplied;
        }
        Merged m = lastMerged;
        if (m != null && m.supplied == supplied && Arrays.equals(m.pckCrl, fetched[0])
                && Arrays.equals(m.rootCrl, fetched[1])) {
            return m.merged;
        }
        TdxCollateral merged = supplied.withCrls(List.of(fetched[0]), List.of(fetched[1]));
        lastMerged = new Merged(supplied, fetched[0], fetched[1], merged);
        return merged;
    }

    private Verdict checkCollateral(TdxQuote quote, PlatformEntry entry, TdxCollateral coll, Instant at)
            throws AttestationException {
        collateralChecks.incrementAndGet();
        List<String> warnings = new ArrayList<>();
        TcbInfo info = coll.tcbInfo();
        QeIdentity qeId = coll.qeIdentity();
        Window w = new Window(entry.validFrom, entry.validUntil);
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
        if (revocation == RevocationMode.SKIP_INSECURE) {
            warnings.add("revocation not checked (RevocationMode.SKIP_INSECURE): the PCK certificate, its CA and "
                    + "the TCB Signing certificate may be revoked");
        } else {
            X509Certificate root = entry.chain.get(2);
            X509Certificate ca = entry.chain.get(1);
            if (coll.rootCaCrls().isEmpty()) {
                throw new RevocationUnavailableException("no Intel SGX Root CA CRL in the collateral; revocation is "
                        + "required");
            }
            CrlVerifier r = CrlSet.requireNotRevoked(coll.rootCaCrls(), root, at, List.of(ca, tcbSigner, qeSigner));
            if (coll.pckCrls().isEmpty()) {
                throw new RevocationUnavailableException("no PCK CRL (" + entry.caType + " CA) in the collateral; "
                        + "revocation is required");
            }
            CrlVerifier p = CrlSet.requireNotRevoked(coll.pckCrls(), ca, at, List.of(entry.chain.get(0)));
            narrowByCrls(w, r, coll.rootCaCrls(), at);
            narrowByCrls(w, p, coll.pckCrls(), at);
        }
        if (!Arrays.equals(entry.pck.fmspc(), info.fmspc())) {
            throw new VerificationFailedException(Reason.COLLATERAL, "TCB info is for FMSPC " + Bytes.hex(info.fmspc())
                    + " but the PCK certificate has FMSPC " + Bytes.hex(entry.pck.fmspc()));
        }
        if (!Arrays.equals(entry.pck.pceId(), info.pceId())) {
            throw new VerificationFailedException(Reason.COLLATERAL, "TCB info is for PCE-ID " + Bytes.hex(info.pceId())
                    + " but the PCK certificate has PCE-ID " + Bytes.hex(entry.pck.pceId()));
        }
        TcbEvaluator.QeLevel qe = TcbEvaluator.qeLevel(quote.qeReport(), qeId);
        LOG.debug("TDX collateral verified: TCB info eval {}, window {} .. {}", info.tcbEvaluationDataNumber(), w.from,
                w.until);
        return new Verdict(coll.fingerprintRef(), qe, warnings, w.from, w.until);
    }

    /**
     * The verdict holds while the deciding CRL is current and no other CRL becomes the newest: a
     * CRL issued after {@code at} would take over when its thisUpdate arrives.
     */
    private static void narrowByCrls(Window w, CrlVerifier decided, List<X509CRL> all, Instant at) {
        w.narrow(decided.crl().getThisUpdate().toInstant(), decided.nextUpdate());
        for (X509CRL c : all) {
            Instant thisUpdate = c.getThisUpdate().toInstant();
            if (thisUpdate.isAfter(at)) {
                w.narrow(Instant.MIN, thisUpdate);
            }
        }
    }

    private X509Certificate signer(List<X509Certificate> chain, Instant at, Window w, String what)
            throws VerificationFailedException {
        List<X509Certificate> full = validator.validate(chain, at);
        X509Certificate leaf = full.get(0);
        if (full.size() != 2 || !"Intel SGX TCB Signing".equals(commonName(leaf.getSubjectX500Principal()))) {
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

    static String commonName(X500Principal p) {
        try {
            for (javax.naming.ldap.Rdn rdn : new javax.naming.ldap.LdapName(p.getName()).getRdns()) {
                if (rdn.getType().equalsIgnoreCase("CN")) {
                    return rdn.getValue().toString();
                }
            }
        } catch (javax.naming.InvalidNameException e) {
            return "";
        }
        return "";
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Instant max(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }

    /** Time window in which cached work stays valid: [from, until). */
    private static final class Window {
        Instant from;
        Instant until;

        Window(Instant from, Instant until) {
            this.from = from;
            this.until = until;
        }

        void narrow(Instant f, Instant u) {
            from = max(from, f);
            until = min(until, u);
        }
    }

    /** Key over the exact bytes of the attestation key and certification data. */
    static final class PlatformKey {
        private final byte[] bytes;
        private final int offset;
        private final int length;
        private final int hash;

        PlatformKey(byte[] bytes, int offset, int length, int qeSigOffset) {
            this.bytes = bytes;
            this.offset = offset;
            this.length = length;
            int h = length;
            for (int i = 0; i < 64; i++) {
                h = 31 * h + bytes[offset + i];
                h = 31 * h + bytes[qeSigOffset + i];
            }
            this.hash = h;
        }

        private PlatformKey(byte[] copy, int hash) {
            this.bytes = copy;
            this.offset = 0;
            this.length = copy.length;
            this.hash = hash;
        }

        PlatformKey copy() {
            return new PlatformKey(Arrays.copyOfRange(bytes, offset, offset + length), hash);
        }

        @Override
        public boolean equals(Object o) {
            if (!(o instanceof PlatformKey)) {
                return false;
            }
            PlatformKey k = (PlatformKey) o;
            return hash == k.hash && Arrays.equals(bytes, offset, offset + length, k.bytes, k.offset,
                    k.offset + k.length);
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }

    /** What holds for every quote with the same attestation key and certification data. */
    static final class PlatformEntry {
        final List<X509Certificate> chain;
        final String caType;
        final PckExtensions pck;
        final EcdsaVerifier attestationKey;
        final Instant validFrom;
        final Instant validUntil;
        volatile Verdict verdict;

        PlatformEntry(List<X509Certificate> chain, String caType, PckExtensions pck, EcdsaVerifier ak, Instant from,
                Instant until) {
            this.chain = List.copyOf(chain);
            this.caType = caType;
            this.pck = pck;
            this.attestationKey = ak;
            this.validFrom = from;
            this.validUntil = until;
        }
    }

    /** What holds for a platform with one set of collateral, inside a time window. */
    static final class Verdict {
        final byte[] fingerprint;
        final TcbEvaluator.QeLevel qe;
        final List<String> warnings;
        final Instant from;
        final Instant until;

        Verdict(byte[] fingerprint, TcbEvaluator.QeLevel qe, List<String> warnings, Instant from, Instant until) {
            this.fingerprint = fingerprint;
            this.qe = qe;
            this.warnings = List.copyOf(warnings);
            this.from = from;
            this.until = until;
        }

        boolean covers(Instant at) {
            return !at.isBefore(from) && at.isBefore(until);
        }
    }

    /** The last supplied collateral merged with fetched CRLs, kept while the fetched bytes stay the same. */
    private static final class Merged {
        final TdxCollateral supplied;
        final byte[] pckCrl;
        final byte[] rootCrl;
        final TdxCollateral merged;

        Merged(TdxCollateral supplied, byte[] pckCrl, byte[] rootCrl, TdxCollateral merged) {
            this.supplied = supplied;
            this.pckCrl = pckCrl;
            this.rootCrl = rootCrl;
            this.merged = merged;
        }
    }

    /** Builds a {@link TdxVerifier}. */
    public static final class Builder {
        private TrustAnchors anchors = TdxTrust.intelRoot();
        private Clock clock = Clock.systemUTC();
        private RevocationMode revocation = RevocationMode.REQUIRE;
        private TdxCollateral collateral;
        private IntelPcs pcs;
        private boolean acceptNonZeroTrailingBytes;
        private int cacheSize = 1024;

        private Builder() {
        }

        /** Trust anchors instead of the bundled Intel SGX Root CA (a simulator's root, a test root). */
        public Builder trustAnchors(TrustAnchors anchors) {
            this.anchors = Objects.requireNonNull(anchors, "anchors");
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** Revocation checking; {@link RevocationMode#SKIP_INSECURE} puts a warning on every result. */
        public Builder revocationMode(RevocationMode mode) {
            this.revocation = Objects.requireNonNull(mode, "mode");
            return this;
        }

        /** A fixed set of collateral, used for every quote. */
        public Builder collateral(TdxCollateral collateral) {
            this.collateral = Objects.requireNonNull(collateral, "collateral");
            return this;
        }

        /**
         * Fetches collateral per FMSPC from Intel PCS or a PCCS. When {@link #collateral} is set too,
         * only the CRLs are fetched, and they are decided together with the supplied ones.
         */
        public Builder pcs(IntelPcs pcs) {
            this.pcs = Objects.requireNonNull(pcs, "pcs");
            return this;
        }

        /**
         * Whether non-zero bytes after the quote's signature data are accepted (default false: such a
         * quote is {@link MalformedEvidenceException}). Zero padding is always accepted. Only for
         * quotes known to carry unsigned data after the quote, such as go-tdx-guest's test vector.
         */
        public Builder acceptNonZeroTrailingBytes(boolean accept) {
            this.acceptNonZeroTrailingBytes = accept;
            return this;
        }

        /** How many platforms the warm-path cache keeps (default 1024). */
        public Builder cacheSize(int size) {
            if (size < 1) {
                throw new IllegalArgumentException("cache size must be positive");
            }
            this.cacheSize = size;
            return this;
        }

        public TdxVerifier build() {
            return new TdxVerifier(this);
        }
    }
}
