package io.tee4j.tdx.verify;

import io.tee4j.core.AttestationResult;
import io.tee4j.core.Claims;
import io.tee4j.core.CommonClaims;
import io.tee4j.core.TeeType;
import io.tee4j.tdx.abi.CcEventLog;
import io.tee4j.tdx.abi.PckExtensions;
import io.tee4j.tdx.abi.TcbEvaluation;
import io.tee4j.tdx.abi.TdxQuote;
import io.tee4j.tdx.verify.TdxClaims;
import java.time.Instant;
import java.util.List;
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
    private final List<String> warnings;
    private final Instant verifiedAt;
    private final boolean explicitAnchors;
    private final boolean measurementsAppraised;
    private final CcEventLog eventLog;
    private final String referenceManifestEntry;
    private volatile Claims claims;

    TdxAttestationResult(TdxQuote quote, PckExtensions pck, TcbEvaluation tcb, List<String> warnings,
            Instant verifiedAt, boolean explicitAnchors, boolean measurementsAppraised,
            Optional<String> referenceManifestEntry) {
        this(quote, pck, tcb, warnings, verifiedAt, explicitAnchors, measurementsAppraised, null,
                referenceManifestEntry.orElse(null));
    }

    private TdxAttestationResult(TdxQuote quote, PckExtensions pck, TcbEvaluation tcb, List<String> warnings,
            Instant verifiedAt, boolean explicitAnchors, boolean measurementsAppraised, CcEventLog eventLog,
            String referenceManifestEntry) {
        this.measurementsAppraised = measurementsAppraised;
        this.referenceManifestEntry = referenceManifestEntry;
        this.eventLog = eventLog;
        this.quote = quote;
        this.pck = pck;
        this.tcb = tcb;
        this.warnings = List.copyOf(warnings);
        this.verifiedAt = verifiedAt;
        this.explicitAnchors = explicitAnchors;
    }

    TdxAttestationResult withEventLog(CcEventLog log) {
        return new TdxAttestationResult(quote, pck, tcb, warnings, verifiedAt, explicitAnchors, measurementsAppraised,
                log, referenceManifestEntry);
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
        return TdxClaims.common(quote, pck, tcb);
    }

    @Override
    public Claims claims() {
        Claims c = claims;
        if (c == null) {
            c = TdxClaims.verified(quote, pck, tcb, warnings, eventLog, measurementsAppraised,
                    referenceManifestEntry);
            claims = c;
        }
        return c;
    }

    @Override
    public List<String> warnings() {
        return warnings;
    }

    @Override
    public Instant verifiedAt() {
        return verifiedAt;
    }

    @Override
    public boolean explicitTrustAnchors() {
        return explicitAnchors;
    }

    @Override
    public String toString() {
        return "TdxAttestationResult[" + tcb + ", " + quote + "]";
    }
}
