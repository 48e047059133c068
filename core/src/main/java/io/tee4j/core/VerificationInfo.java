package io.tee4j.core;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * How a verification was performed, the same for every TEE: the instant it ran at, where the trust
 * anchors came from, whether revocation was checked, the TCB status it reached, and the warnings.
 * Every {@link AttestationResult} carries one ({@link AttestationResult#verification()}), so a
 * caller reads these facts the same way whatever the backend.
 *
 * <p>It records; it verifies nothing. {@code revocationChecked} is true only when the backend
 * checked every certificate it could check for revocation against current revocation data; a
 * TEE without revocation (CCA has none for its CPAK) reports false. For nvidia-gpu the anchor
 * origin is {@link TrustAnchors.Origin#EXPLICIT} when either of its two anchor sets (device
 * identity, RIM signing) was supplied by the caller.
 *
 * @param verifiedAt the instant the evidence was verified at (the verifier's clock, or the call's)
 * @param anchorOrigin bundled vendor roots or roots the caller supplied
 * @param revocationChecked whether revocation was checked against current revocation data
 * @param tcbStatus the TCB status the verification reached (also in {@link CommonClaims#tcbStatus()})
 * @param warnings what was accepted but deserves attention, one line each
 * @since 0.2
 */
public record VerificationInfo(Instant verifiedAt, TrustAnchors.Origin anchorOrigin, boolean revocationChecked,
        TcbStatus tcbStatus, List<String> warnings) {

    /** Checks for nulls and keeps an immutable copy of the warnings. */
    public VerificationInfo {
        Objects.requireNonNull(verifiedAt, "verifiedAt");
        Objects.requireNonNull(anchorOrigin, "anchorOrigin");
        Objects.requireNonNull(tcbStatus, "tcbStatus");
        warnings = List.copyOf(warnings);
    }

    /** The origin for a flag that says whether the caller supplied the anchors. */
    public static TrustAnchors.Origin origin(boolean explicit) {
        return explicit ? TrustAnchors.Origin.EXPLICIT : TrustAnchors.Origin.BUNDLED;
    }

    /** Whether the trust anchors were supplied by the caller rather than bundled. */
    public boolean explicitTrustAnchors() {
        return anchorOrigin == TrustAnchors.Origin.EXPLICIT;
    }

    /**
     * Adds {@code trustAnchors} ({@code BUNDLED}/{@code EXPLICIT}), {@code revocationChecked},
     * {@code tcbStatus} and {@code verifiedAt} to a claims object, in that order.
     */
    public Claims.Builder putInto(Claims.Builder claims) {
        return claims.put("trustAnchors", anchorOrigin.name()).put("revocationChecked", revocationChecked)
                .put("tcbStatus", tcbStatus.name()).put("verifiedAt", verifiedAt.toString());
    }
}
