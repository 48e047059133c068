package io.tee4j.tdx.verify;

import io.tee4j.core.AttestationResult;
import io.tee4j.core.Claims;
import io.tee4j.core.CommonClaims;
import io.tee4j.core.TeeType;
import io.tee4j.core.VerificationInfo;
import io.tee4j.core.util.Lazy;
import io.tee4j.tdx.abi.CcEventLog;
import io.tee4j.tdx.abi.PckExtensions;
import io.tee4j.tdx.abi.TcbEvaluation;
import io.tee4j.tdx.abi.TdxQuote;
import java.util.Optional;

/**
 * A verified and appraised TDX quote: the parsed quote, the PCK certificate's SGX extensions, the
 * TCB evaluation (converged status, its exact Intel name, platform / module / QE levels and
 * advisory IDs), warnings, the replayed CC event log when one came with the evidence, and the
 * claims tree. Only produced when every check passed.
 *
 * <p>Top-level claims beside {@code quote}, {@code pck}, {@code tcb}: {@code intelTcbStatus}
 * (Intel's exact status, e.g. {@code TDRelaunchAdvised}) next to {@code tcbStatus} (tee4j's common
 * one, e.g. {@code OUT_OF_DATE}); {@code signedBytesSha256} (hex SHA-256 of the signed header and
 * body: the identity of the quote, see {@link TdxQuote#signedBytesSha256()}); and
 * {@code measurementsAppraised} (true only when the policy pinned MRTD and it matched).
 *
 * @since 0.1
 */
public final class TdxAttestationResult implements AttestationResult {
    private final TdxQuote quote;
    private final PckExtensions pck;
    private final TcbEvaluation tcb;
    private final VerificationInfo info;
    private final boolean measurementsAppraised;
    private final CcEventLog eventLog;
    private final String referenceManifestEntry;
    private final Lazy<Claims> claims;
    /** Built once: a reply asks for it beside the claims, and it is immutable. */
    private final Lazy<CommonClaims> commonClaims;

    TdxAttestationResult(TdxQuote quote, PckExtensions pck, TcbEvaluation tcb, VerificationInfo info,
            boolean measurementsAppraised, Optional<String> referenceManifestEntry) {
        this(quote, pck, tcb, info, measurementsAppraised, null, referenceManifestEntry.orElse(null));
    }

    private TdxAttestationResult(TdxQuote quote, PckExtensions pck, TcbEvaluation tcb, VerificationInfo info,
            boolean measurementsAppraised, CcEventLog eventLog, String referenceManifestEntry) {
        this.measurementsAppraised = measurementsAppraised;
        this.referenceManifestEntry = referenceManifestEntry;
        this.eventLog = eventLog;
        this.quote = quote;
        this.pck = pck;
        this.tcb = tcb;
        this.info = info;
        this.claims = Lazy.of(() -> TdxClaims.verified(quote, pck, tcb, info.warnings(), eventLog,
                measurementsAppraised, referenceManifestEntry));
        this.commonClaims = Lazy.of(() -> TdxClaims.common(quote, pck, tcb));
    }

    TdxAttestationResult withEventLog(CcEventLog log) {
        return new TdxAttestationResult(quote, pck, tcb, info, measurementsAppraised, log, referenceManifestEntry);
    }

    /**
     * The name of the reference-manifest entry (policy key {@code referenceManifest}) whose MRTD
     * and derived RTMRs the TD carries; empty when the policy has no reference manifest. Claim
     * {@code referenceManifestEntry}.
     */
    public Optional<String> referenceManifestEntry() {
        return Optional.ofNullable(referenceManifestEntry);
    }

    /** The CC event log that came with the evidence, replayed and matched against RTMR0..3. */
    public Optional<CcEventLog> eventLog() {
        return Optional.ofNullable(eventLog);
    }

    public TdxQuote quote() {
        return quote;
    }

    public PckExtensions pckExtensions() {
        return pck;
    }

    public TcbEvaluation tcbEvaluation() {
        return tcb;
    }

    /**
     * Whether the policy appraised the TD's measurements: it pinned MRTD to a reference list (and
     * any RTMRs it pinned) and they matched. Claim {@code measurementsAppraised}.
     */
    public boolean measurementsAppraised() {
        return measurementsAppraised;
    }

    /** The exact Intel status string, e.g. {@code UpToDate} or {@code TDRelaunchAdvised}. */
    public String intelTcbStatus() {
        return tcb.status().intelName();
    }

    @Override
    public TeeType tee() {
        return TeeType.TDX;
    }

    @Override
    public CommonClaims commonClaims() {
        return commonClaims.get();
    }

    @Override
    public Claims claims() {
        return claims.get();
    }

    /**
     * How the quote was verified; {@code revocationChecked} means the PCK chain and the collateral
     * signing chain were checked against current Intel CRLs (false only with revocation skipped by
     * name), and the TCB status is Intel's converged one.
     */
    @Override
    public VerificationInfo verification() {
        return info;
    }

    @Override
    public String toString() {
        return "TdxAttestationResult[" + tcb + ", " + quote + "]";
    }
}
