package io.tee4j.tdx.abi;

import io.tee4j.core.TcbStatus;
import java.util.Optional;

/**
 * The TCB statuses of Intel's collateral and of Intel's Quote Verification Library, each with the
 * exact string Intel uses and its {@link TcbStatus} in tee4j's common view.
 *
 * <p>{@link #TD_RELAUNCH_ADVISED} and {@link #TD_RELAUNCH_ADVISED_CONFIGURATION_NEEDED} (TDX 1.5):
 * the TD was built on a TDX module that is now out of date, but the platform has been updated
 * underneath it (TEE_TCB_SVN2) so that relaunching the TD would make it up to date. They map to
 * {@link TcbStatus#OUT_OF_DATE} and {@link TcbStatus#OUT_OF_DATE_CONFIGURATION_NEEDED} because the
 * running TD is still measured on the old module.
 *
 * @since 0.1
 */
public enum IntelTcbStatus {
    UP_TO_DATE("UpToDate", TcbStatus.UP_TO_DATE),
    SW_HARDENING_NEEDED("SWHardeningNeeded", TcbStatus.SW_HARDENING_NEEDED),
    CONFIGURATION_NEEDED("ConfigurationNeeded", TcbStatus.CONFIGURATION_NEEDED),
    CONFIGURATION_AND_SW_HARDENING_NEEDED("ConfigurationAndSWHardeningNeeded",
            TcbStatus.CONFIGURATION_AND_SW_HARDENING_NEEDED),
    OUT_OF_DATE("OutOfDate", TcbStatus.OUT_OF_DATE),
    OUT_OF_DATE_CONFIGURATION_NEEDED("OutOfDateConfigurationNeeded", TcbStatus.OUT_OF_DATE_CONFIGURATION_NEEDED),
    TD_RELAUNCH_ADVISED("TDRelaunchAdvised", TcbStatus.OUT_OF_DATE),
    TD_RELAUNCH_ADVISED_CONFIGURATION_NEEDED("TDRelaunchAdvisedConfigurationNeeded",
            TcbStatus.OUT_OF_DATE_CONFIGURATION_NEEDED),
    REVOKED("Revoked", TcbStatus.REVOKED),
    /** No TCB level of the collateral matches the platform: terminal, never accepted. */
    NOT_SUPPORTED("TCBNotSupported", TcbStatus.NOT_SUPPORTED);

    private final String intelName;
    private final TcbStatus common;

    IntelTcbStatus(String intelName, TcbStatus common) {
        this.intelName = intelName;
        this.common = common;
    }

    /** The exact string Intel uses, e.g. {@code OutOfDateConfigurationNeeded}. */
    public String intelName() {
        return intelName;
    }

    /** The status in tee4j's common view. */
    public TcbStatus common() {
        return common;
    }

    /** The status with this exact Intel name (case-sensitive), if any. */
    public static Optional<IntelTcbStatus> fromIntelName(String name) {
        for (IntelTcbStatus s : values()) {
            if (s.intelName.equals(name)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }

    /** Whether collateral documents may carry this status in a TCB level (the QVL-only ones may not). */
    public boolean inCollateral() {
        return this != TD_RELAUNCH_ADVISED && this != TD_RELAUNCH_ADVISED_CONFIGURATION_NEEDED && this != NOT_SUPPORTED;
    }
}
