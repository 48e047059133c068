package io.tee4j.tdx.verify;

import io.tee4j.core.AttestationException;
import io.tee4j.core.CollateralUnavailableException;
import io.tee4j.core.Evidence;
import io.tee4j.core.MalformedEvidenceException;
import io.tee4j.core.PolicyViolation;
import io.tee4j.core.PolicyViolationException;
import io.tee4j.core.RevocationMode;
import io.tee4j.core.RevocationUnavailableException;
import io.tee4j.core.TeeType;
import io.tee4j.core.TrustAnchors;
import io.tee4j.core.VerificationInfo;
import io.tee4j.core.VerificationFailedException;
import io.tee4j.core.AbstractVerifier;
import io.tee4j.core.crypto.CertificateChainValidator;
import io.tee4j.core.crypto.CrlSet;
import io.tee4j.tdx.abi.CcEventLog;
import io.tee4j.tdx.abi.PckExtensions;
import io.tee4j.tdx.abi.TcbEvaluation;
import io.tee4j.tdx.abi.TdxQuote;
import io.tee4j.tdx.collateral.IntelPcs;
import io.tee4j.tdx.collateral.TcbEvaluator;
import io.tee4j.tdx.collateral.TdxCollateral;
import io.tee4j.tdx.validate.TdxPolicy;
import io.tee4j.tdx.verify.CollateralCheck;
import io.tee4j.tdx.verify.CollateralSelection;
import io.tee4j.tdx.verify.CollateralVerdict;
import io.tee4j.tdx.verify.PlatformCheck;
import io.tee4j.tdx.verify.PlatformEntry;
import io.tee4j.tdx.verify.TcbCheck;
import io.tee4j.tdx.verify.TcbNotSupportedException;
import io.tee4j.tdx.verify.TdxAttestationResult;
import io.tee4j.tdx.verify.TdxTrustAnchors;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

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
 * <p>Defaults: the bundled Intel SGX Root CA ({@link TdxTrustAnchors#intelRoot()}), the system UTC clock,
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
public final class TdxVerifier extends AbstractVerifier<TdxPolicy, TdxAttestationResult> {
    private final TrustAnchors anchors;
    private final boolean acceptNonZeroTrailingBytes;
    private final RevocationMode revocation;
    private final PlatformCheck platform;
    private final CollateralSelection collateral;
    private final CollateralCheck collateralCheck;

    private TdxVerifier(Builder b) {
        super(TeeType.TDX, b.clock);
        this.anchors = b.anchors;
        CertificateChainValidator validator = CertificateChainValidator.of(anchors);
        this.acceptNonZeroTrailingBytes = b.acceptNonZeroTrailingBytes;
        this.revocation = b.revocation;
        this.platform = new PlatformCheck(validator, b.cacheSize);
        this.collateral = new CollateralSelection(b.collateral, b.pcs, b.revocation);
        this.collateralCheck = new CollateralCheck(validator, b.revocation);
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Verifies TDX evidence. When the evidence carries an auxiliary blob it is read as the CC event
     * log (CCEL log area), replayed, and must reproduce RTMR0..3 of the verified quote
     * ({@link VerificationFailedException} with reason {@code BINDING} otherwise); the result then
     * exposes the log's events.
     */
    @Override
    public TdxAttestationResult verify(Evidence evidence, TdxPolicy policy, Instant at) throws AttestationException {
        Objects.requireNonNull(evidence, "evidence").requireType(TeeType.TDX);
        TdxQuote quote = TdxQuote.parse(evidence.raw());
        if (evidence.auxBlob().isEmpty()) {
            return verify(quote, policy, at);
        }
        CcEventLog log = CcEventLog.parse(evidence.auxBlob().get());
        TdxAttestationResult r = verify(quote, policy, at);
        log.verifyAgainst(quote.body());
        return r.withEventLog(log);
    }

    /** Verifies raw quote bytes. */
    public TdxAttestationResult verify(byte[] quote, TdxPolicy policy) throws AttestationException {
        return verify(TdxQuote.parse(quote), policy);
    }

    /** Verifies a parsed quote and appraises it against {@code policy}. */
    public TdxAttestationResult verify(TdxQuote quote, TdxPolicy policy) throws AttestationException {
        return verify(quote, policy, clock().instant());
    }

    /**
     * {@link #verify(TdxQuote, TdxPolicy)} as of {@code at} instead of the builder's clock. The steps,
     * in order: trailing bytes, platform (PCK chain, QE report), quote signature, collateral
     * selection and verdict, TCB evaluation, policy.
     */
    public TdxAttestationResult verify(TdxQuote quote, TdxPolicy policy, Instant at) throws AttestationException {
        Objects.requireNonNull(quote, "quote");
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(at, "at");
        checkTrailingBytes(quote);
        PlatformEntry entry = platform.platform(quote, at);
        PlatformCheck.checkQuoteSignature(quote, entry);
        List<String> fetchWarnings = new ArrayList<>();
        TdxCollateral coll = collateral.collateralFor(entry, fetchWarnings);
        CollateralVerdict verdict = collateralCheck.verdict(quote, entry, coll, at);
        TcbEvaluation tcb = TcbCheck.evaluate(quote, entry, coll.tcbInfo(), verdict);
        List<PolicyViolation> violations = policy.violations(quote, tcb, entry.pck);
        if (!violations.isEmpty()) {
            throw new PolicyViolationException(violations);
        }
        List<String> warnings = new ArrayList<>(verdict.warnings);
        warnings.addAll(fetchWarnings);
        VerificationInfo info = new VerificationInfo(at, anchors.origin(), revocation != RevocationMode.SKIP_INSECURE,
                tcb.status().common(), warnings);
        return new TdxAttestationResult(quote, entry.pck, tcb, info, policy.appraisesMeasurements(),
                policy.referenceEntry(quote.body()));
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
        PlatformEntry entry = platform.platform(quote, clock().instant());
        PlatformCheck.checkQuoteSignature(quote, entry);
        return entry.pck;
    }

    /** Builds a {@link TdxVerifier}. */
    public static final class Builder {
        private TrustAnchors anchors = TdxTrustAnchors.intelRoot();
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
