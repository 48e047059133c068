package io.tee4j.vtpm;

import io.tee4j.core.AttestationResult;
import io.tee4j.core.Claims;
import io.tee4j.core.CommonClaims;
import io.tee4j.core.TeeType;
import io.tee4j.core.VerificationInfo;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The result of a verified vTPM attestation (Azure SNP/TDX, GCE): the common claims (those of the
 * inner hardware report where there is one), and the claims: the inner report's, the platform's
 * VM configuration, the quoted PCRs, the event-log replay, and each binding that was checked.
 * Only a complete chain (hardware report, runtime data, AK, quote) produces one.
 *
 * @since 0.1
 */
public final class VtpmAttestationResult implements AttestationResult {
    private final TeeType tee;
    private final CommonClaims common;
    private final Claims claims;
    private final List<String> warnings;
    private final Instant verifiedAt;
    private final boolean explicitAnchors;
    private final boolean revocationChecked;

    /** A result whose revocation status is not known to have been checked; lists are copied. */
    public VtpmAttestationResult(TeeType tee, CommonClaims common, Claims claims, List<String> warnings,
            Instant verifiedAt, boolean explicitAnchors) {
        this(tee, common, claims, warnings, verifiedAt, explicitAnchors, false);
    }

    /** A result; lists are copied. */
    public VtpmAttestationResult(TeeType tee, CommonClaims common, Claims claims, List<String> warnings,
            Instant verifiedAt, boolean explicitAnchors, boolean revocationChecked) {
        this.revocationChecked = revocationChecked;
        this.tee = Objects.requireNonNull(tee, "tee");
        this.common = Objects.requireNonNull(common, "common");
        this.claims = Objects.requireNonNull(claims, "claims");
        this.warnings = List.copyOf(warnings);
        this.verifiedAt = Objects.requireNonNull(verifiedAt, "verifiedAt");
        this.explicitAnchors = explicitAnchors;
    }

    @Override
    public TeeType tee() {
        return tee;
    }

    @Override
    public CommonClaims commonClaims() {
        return common;
    }

    @Override
    public Claims claims() {
        return claims;
    }

    /**
     * Time, anchor origin, the inner report's TCB status, warnings; revocation counts as checked
     * only when the inner hardware report's verification checked it.
     */
    @Override
    public VerificationInfo verification() {
        return new VerificationInfo(verifiedAt, VerificationInfo.origin(explicitAnchors), revocationChecked,
                common.tcbStatus(), warnings);
    }
}
