package io.tee4j.tdx;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The outcome of matching a quote against TDX TCB info and QE identity with the semantics of
 * Intel's Quote Verification Library: the platform TCB level (SGX components and PCESVN of the PCK
 * certificate, TDX components of TEE_TCB_SVN — from index 2 when TEE_TCB_SVN[1] &gt; 0), the TDX
 * module identity level ({@code TDX_%02X}), the QE identity level, and their convergence into one
 * status (OutOfDate dominates, Revoked dominates all, TD relaunch advised on TDX 1.5), plus every
 * advisory ID of the matched levels.
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
    private final Instant qeTcbDate;
    private final List<String> advisoryIds;
    private final long tcbEvaluationDataNumber;

    TcbEvaluation(IntelTcbStatus status, IntelTcbStatus platformStatus, Instant platformTcbDate, String moduleIdentity,
            IntelTcbStatus moduleStatus, Instant moduleTcbDate, IntelTcbStatus qeStatus, Instant qeTcbDate,
            List<String> advisoryIds, long tcbEvaluationDataNumber) {
        this.status = status;
        this.platformStatus = platformStatus;
        this.platformTcbDate = platformTcbDate;
        this.moduleIdentity = moduleIdentity;
        this.moduleStatus = moduleStatus;
        this.moduleTcbDate = moduleTcbDate;
        this.qeStatus = qeStatus;
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

    public IntelTcbStatus qeStatus() {
        return qeStatus;
    }

    public Instant qeTcbDate() {
        return qeTcbDate;
    }

    /** Advisory IDs of the matched platform, module and QE levels, without duplicates. */
    public List<String> advisoryIds() {
        return advisoryIds;
    }

    public long tcbEvaluationDataNumber() {
        return tcbEvaluationDataNumber;
    }

    @Override
    public String toString() {
        return "TcbEvaluation[" + status.intelName() + ", platform " + platformStatus.intelName()
                + (moduleIdentity == null ? "" : ", " + moduleIdentity + " " + moduleStatus.intelName())
                + ", QE " + qeStatus.intelName() + (advisoryIds.isEmpty() ? "" : ", " + advisoryIds) + "]";
    }
}
