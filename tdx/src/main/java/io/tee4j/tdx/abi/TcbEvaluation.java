package io.tee4j.tdx.abi;

import io.tee4j.tdx.abi.IntelTcbStatus;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The outcome of matching a quote against TDX TCB info and QE identity with the semantics of
 * Intel's Quote Verification Library: the platform TCB level (the first, in Intel's order of
 * levels, that the SGX components and PCESVN of the PCK certificate and the TDX components of
 * TEE_TCB_SVN meet — from index 2 when TEE_TCB_SVN[1] &gt; 0), the TDX module identity level
 * ({@code TDX_%02X}), the QE identity level, and their convergence into one status (OutOfDate
 * dominates, Revoked dominates all, TD relaunch advised on TDX 1.5 as QVL's
 * {@code checkForRelaunch} decides), plus every advisory ID of the matched levels.
 *
 * <p>{@link #status()} carries Intel's exact status ({@link IntelTcbStatus#intelName()}) and, through
 * {@link IntelTcbStatus#common()}, tee4j's common one; both are in the result's claims.
 *
 * @since 0.1
 */
public final class TcbEvaluation {
    private final IntelTcbStatus status;
    private final IntelTcbStatus platformStatus;
    private final Instant platformTcbDate;
    private final String moduleIdentity;
    private final IntelTcbStatus moduleStatus;
    private final Instant moduleTcbDate;
    private final IntelTcbStatus qeStatus;
    private final String qeLevelStatus;
    private final Instant qeTcbDate;
    private final List<String> advisoryIds;
    private final long tcbEvaluationDataNumber;

    public TcbEvaluation(IntelTcbStatus status, IntelTcbStatus platformStatus, Instant platformTcbDate, String moduleIdentity,
            IntelTcbStatus moduleStatus, Instant moduleTcbDate, IntelTcbStatus qeStatus, String qeLevelStatus,
            Instant qeTcbDate, List<String> advisoryIds, long tcbEvaluationDataNumber) {
        this.status = status;
        this.platformStatus = platformStatus;
        this.platformTcbDate = platformTcbDate;
        this.moduleIdentity = moduleIdentity;
        this.moduleStatus = moduleStatus;
        this.moduleTcbDate = moduleTcbDate;
        this.qeStatus = qeStatus;
        this.qeLevelStatus = qeLevelStatus;
        this.qeTcbDate = qeTcbDate;
        this.advisoryIds = List.copyOf(advisoryIds);
        this.tcbEvaluationDataNumber = tcbEvaluationDataNumber;
    }

    /** The converged status. */
    public IntelTcbStatus status() {
        return status;
    }

    /** The status of the matched platform TCB level. */
    public IntelTcbStatus platformStatus() {
        return platformStatus;
    }

    public Instant platformTcbDate() {
        return platformTcbDate;
    }

    /** The TDX module identity used ({@code TDX_01}, ...), when TEE_TCB_SVN[1] &gt; 0. */
    public Optional<String> moduleIdentity() {
        return Optional.ofNullable(moduleIdentity);
    }

    public Optional<IntelTcbStatus> moduleStatus() {
        return Optional.ofNullable(moduleStatus);
    }

    public Optional<Instant> moduleTcbDate() {
        return Optional.ofNullable(moduleTcbDate);
    }

    /**
     * The QE's verdict as Intel's QVL forms it: UpToDate, Revoked, OutOfDate (for every other
     * status of the matched level, ConfigurationNeeded included) or TCBNotSupported (the QE's
     * ISVSVN is below every level).
     */
    public IntelTcbStatus qeStatus() {
        return qeStatus;
    }

    /** The matched QE identity level's own status, as the identity writes it; empty when none matched. */
    public Optional<String> qeLevelStatus() {
        return Optional.ofNullable(qeLevelStatus);
    }

    /** The matched QE identity level's date; null when none matched. */
    public Instant qeTcbDate() {
        return qeTcbDate;
    }

    /** Advisory IDs of the matched platform, module and QE levels, without duplicates. */
    public List<String> advisoryIds() {
        return advisoryIds;
    }

    /**
     * The TCB evaluation data number the evaluation stands on: the smaller of the TCB info's and
     * the QE identity's (as Intel's QvE reports {@code tcb_eval_ref_num}), so a policy minimum holds
     * for both documents.
     */
    public long tcbEvaluationDataNumber() {
        return tcbEvaluationDataNumber;
    }

    @Override
    public String toString() {
        return "TcbEvaluation[" + status.intelName() + ", platform " + platformStatus.intelName()
                + (moduleIdentity == null ? "" : ", " + moduleIdentity + " "
                        + (moduleStatus == null ? "unmatched" : moduleStatus.intelName()))
                + ", QE " + qeStatus.intelName() + (advisoryIds.isEmpty() ? "" : ", " + advisoryIds) + "]";
    }
}
