package io.tee4j.cca.verify;

import io.tee4j.cca.abi.CcaToken;
import io.tee4j.cca.validate.CcaAppraisal;
import io.tee4j.core.AttestationResult;
import io.tee4j.core.Claims;
import io.tee4j.core.CommonClaims;
import io.tee4j.core.TeeType;
import io.tee4j.core.VerificationInfo;
import io.tee4j.core.util.Lazy;
import java.util.function.Supplier;

/**
 * A verified CCA token: both signatures held, the RAK binding held, the challenge matched (when
 * one was expected), and the policy was met. Carries the decoded token, the reference-value
 * appraisal and the warnings.
 *
 * <p>{@link #commonClaims()}: report data is the realm challenge; measurements {@code rim},
 * {@code rem0..rem3}; debug is true when the platform lifecycle is a debug state; TCB status is
 * {@code UP_TO_DATE} when every platform claim matched a reference value and {@code NOT_EVALUATED}
 * otherwise (CCA has no TCB service); the platform id is the hex platform instance id.
 * {@link #claims()} carries the top-level boolean {@code measurementsAppraised}, true only when the
 * platform equals one reference entry as a whole and the realm's initial and extensible
 * measurements equal a reference realm's ({@link CcaAppraisal#measurementsAppraised()}).
 * {@link #explicitTrustAnchors()} is always true: tee4j bundles no CPAK.
 *
 * @since 0.1
 */
public final class CcaAttestationResult implements AttestationResult {
    private final CcaToken token;
    private final CcaAppraisal appraisal;
    private final CommonClaims common;
    private final Lazy<Claims> claims;
    private final VerificationInfo info;

    CcaAttestationResult(CcaToken token, CcaAppraisal appraisal, CommonClaims common, Supplier<Claims> claims,
            VerificationInfo info) {
        this.token = token;
        this.appraisal = appraisal;
        this.common = common;
        this.claims = Lazy.of(claims);
        this.info = info;
    }

    @Override
    public TeeType tee() {
        return TeeType.CCA;
    }

    /**
     * How the token was verified: the anchors are always explicit, revocation is never checked (CCA
     * has no CPAK revocation), and the TCB status is the common claims' one.
     */
    @Override
    public VerificationInfo verification() {
        return info;
    }

    /** The verified token. */
    public CcaToken token() {
        return token;
    }

    /** The claim-by-claim comparison with the reference values. */
    public CcaAppraisal appraisal() {
        return appraisal;
    }

    @Override
    public CommonClaims commonClaims() {
        return common;
    }

    /** Every claim of the token and of the verification; built on first use, then kept. */
    @Override
    public Claims claims() {
        return claims.get();
    }

    @Override
    public String toString() {
        return "CcaAttestationResult[" + token + ", " + appraisal + ", " + info.warnings().size() + " warnings]";
    }
}
