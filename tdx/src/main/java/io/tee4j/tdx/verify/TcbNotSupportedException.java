package io.tee4j.tdx.verify;

import io.tee4j.core.PolicyViolationException;
import io.tee4j.core.TcbStatus;
import io.tee4j.tdx.abi.IntelTcbStatus;
import io.tee4j.tdx.abi.TcbEvaluation;
import java.util.List;
import java.util.Objects;

/**
 * Intel "TCB not supported": the quote and every collateral signature are genuine, but no TCB level
 * of the TCB info matches the platform (its SGX components, PCESVN or TEE_TCB_SVN are below every
 * level), no level of its TDX module identity matches TEE_TCB_SVN[0], or the QE's ISVSVN is below
 * every level of the QE identity. The platform is recognised and authentic; Intel simply has no
 * appraisal for it, so this is an appraisal failure ({@link io.tee4j.core.FailureClass#POLICY_VIOLATION},
 * exit 5), not a cryptographic one, and no policy can accept it.
 *
 * <p>{@link #tcbEvaluation()} keeps what was matched (its status is
 * {@link IntelTcbStatus#NOT_SUPPORTED}, Intel name {@code TCBNotSupported}); {@link #tcbStatus()}
 * holds tee4j's common {@link TcbStatus#NOT_SUPPORTED}, which the EAR reports as unrecognized
 * hardware (97).
 *
 * @since 0.2
 */
public final class TcbNotSupportedException extends PolicyViolationException {
    private static final long serialVersionUID = 1L;

    private final transient TcbEvaluation evaluation;

    TcbNotSupportedException(TcbEvaluation evaluation, String reason) {
        super(List.of("TCB status " + IntelTcbStatus.NOT_SUPPORTED.intelName() + " ("
                + TcbStatus.NOT_SUPPORTED.name() + "): " + reason), TcbStatus.NOT_SUPPORTED);
        this.evaluation = Objects.requireNonNull(evaluation, "evaluation");
    }

    /** The evaluation that found no matching level. */
    public TcbEvaluation tcbEvaluation() {
        return evaluation;
    }

    /** Intel's exact status: {@code TCBNotSupported}. */
    public String intelTcbStatus() {
        return IntelTcbStatus.NOT_SUPPORTED.intelName();
    }
}
