package io.tee4j.nvgpu.validate;

import io.tee4j.core.PolicyViolation;
import io.tee4j.core.PolicyViolationException;
import io.tee4j.nvgpu.abi.MeasurementBlock;
import io.tee4j.nvgpu.abi.DeviceArchitecture;
import io.tee4j.nvgpu.abi.OpaqueData;
import io.tee4j.nvgpu.abi.ProtectedPcieFields;
import io.tee4j.nvgpu.abi.ReferenceManifest;
import io.tee4j.nvgpu.abi.RimMeasurement;
import io.tee4j.nvgpu.abi.SpdmMeasurementReport;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Step 10 of {@code NvGpuVerifier}: appraises a verified report against the policy's allowed versions and,
 * when both RIMs are at hand, against the RIMs' reference measurements (driver XOR VBIOS per index; index 35
 * skipped when NVDEC0 is disabled, as nvtrust does). Every failed rule is listed with its policy JSON key
 * ({@value #RULE_MEASUREMENTS} for the RIM comparisons, which no policy key switches off). Does not verify
 * the RIMs or the report: the earlier steps did.
 */
public final class MeasurementAppraisal {
    /** The rule id of the RIM version and measurement comparisons. */
    static final String RULE_MEASUREMENTS = "measurements";
    static final String RULE_DRIVER_VERSIONS = "allowedDriverVersions";
    static final String RULE_VBIOS_VERSIONS = "allowedVbiosVersions";
    private static final int NVDEC_MEASUREMENT_INDEX = 35;

    private MeasurementAppraisal() {
    }

    /** Appraises a Hopper GPU's report; see {@link #appraise(SpdmMeasurementReport, DeviceArchitecture,
     * NvGpuPolicy, ReferenceManifest, ReferenceManifest)}. */
    public static List<Integer> appraise(SpdmMeasurementReport report, NvGpuPolicy policy, ReferenceManifest driver,
            ReferenceManifest vbios) throws PolicyViolationException {
        return appraise(report, DeviceArchitecture.HOPPER, policy, driver, vbios);
    }

    /**
     * The firmware version a device's VBIOS (switch: BIOS) RIM must describe: the GPU's binary VBIOS field as
     * NVIDIA prints it, the switch's ASCII BIOS version; null when the report names none.
     */
    public static String firmwareVersion(SpdmMeasurementReport report, DeviceArchitecture arch) {
        return (arch.isSwitch() ? ProtectedPcieFields.switchBiosVersion(report.opaqueData())
                : report.opaqueData().vbiosVersion()).orElse(null);
    }

    /**
     * Appraises, returning the report block indices that were compared with a reference value. A switch has
     * no driver RIM ({@code driver} null): its BIOS RIM alone is compared.
     */
    public static List<Integer> appraise(SpdmMeasurementReport report, DeviceArchitecture arch, NvGpuPolicy policy,
            ReferenceManifest driver, ReferenceManifest vbios) throws PolicyViolationException {
        List<PolicyViolation> violations = new ArrayList<>();
        List<Integer> mismatched = new ArrayList<>();
        List<Integer> compared = new ArrayList<>();
        OpaqueData o = report.opaqueData();
        String driverVersion = o.driverVersion().orElse("");
        String vbiosVersion = Objects.requireNonNullElse(firmwareVersion(report, arch), "");
        checkAllowedVersions(policy, driverVersion, vbiosVersion, violations);
        if (vbios != null && (driver != null || arch.isSwitch())) {
            if (driver != null && !driver.isFor(driverVersion)) {
                violations.add(new PolicyViolation(RULE_MEASUREMENTS, "the driver RIM describes version "
                        + driver.colloquialVersion() + " but the report's driver is " + driverVersion));
            }
            if (!vbios.isFor(vbiosVersion)) {
                violations.add(new PolicyViolation(RULE_MEASUREMENTS, "the VBIOS RIM describes version "
                        + vbios.colloquialVersion() + " but the report's VBIOS is " + vbiosVersion));
            }
            Map<Integer, RimMeasurement> golden = activeMeasurements(driver, vbios, violations);
            compare(report, golden, compared, mismatched);
            if (!mismatched.isEmpty()) {
                violations.add(new PolicyViolation(RULE_MEASUREMENTS, "measurements at RIM indices " + mismatched
                        + " match none of their reference values (measres: fail)"));
            }
        }
        if (!mismatched.isEmpty()) {
            throw new MeasurementMismatchException(violations, mismatched);
        }
        if (!violations.isEmpty()) {
            throw new PolicyViolationException(violations);
        }
        return compared;
    }

    private static void checkAllowedVersions(NvGpuPolicy policy, String driverVersion, String vbiosVersion,
            List<PolicyViolation> violations) {
        if (!policy.allowedDriverVersions().isEmpty() && !policy.allowedDriverVersions().contains(driverVersion)) {
            violations.add(new PolicyViolation(RULE_DRIVER_VERSIONS, "driver version " + driverVersion
                    + " is not among the allowed " + policy.allowedDriverVersions()));
        }
        if (!policy.allowedVbiosVersions().isEmpty() && policy.allowedVbiosVersions().stream()
                .noneMatch(v -> v.equalsIgnoreCase(vbiosVersion))) {
            violations.add(new PolicyViolation(RULE_VBIOS_VERSIONS, "VBIOS version " + vbiosVersion
                    + " is not among the allowed " + policy.allowedVbiosVersions()));
        }
    }

    /** The active measurements of both RIMs by index; an index active in both is a conflict. */
    private static Map<Integer, RimMeasurement> activeMeasurements(ReferenceManifest driver, ReferenceManifest vbios,
            List<PolicyViolation> violations) {
        Map<Integer, RimMeasurement> golden = new TreeMap<>();
        for (RimMeasurement m : driver == null ? List.<RimMeasurement>of() : driver.measurements()) {
            if (m.active()) {
                golden.put(m.index(), m);
            }
        }
        for (RimMeasurement m : vbios.measurements()) {
            if (m.active() && golden.containsKey(m.index())) {
                violations.add(new PolicyViolation(RULE_MEASUREMENTS, "measurement index " + m.index()
                        + " is active in both the driver and the VBIOS RIM"));
            } else if (m.active()) {
                golden.put(m.index(), m);
            }
        }
        return golden;
    }

    private static void compare(SpdmMeasurementReport report, Map<Integer, RimMeasurement> golden,
            List<Integer> compared, List<Integer> mismatched) {
        boolean nvdecDisabled = report.opaqueData().nvdec0Disabled();
        for (RimMeasurement m : golden.values()) {
            if (m.index() == NVDEC_MEASUREMENT_INDEX && nvdecDisabled) {
                continue;
            }
            MeasurementBlock block = report.block(m.index() + 1);
            compared.add(m.index() + 1);
            if (block == null || !m.matches(block.valueUnsafe())) {
                mismatched.add(m.index());
            }
        }
    }
}
