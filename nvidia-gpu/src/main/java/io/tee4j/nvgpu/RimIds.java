package io.tee4j.nvgpu;

import java.util.Locale;
import java.util.Optional;

/**
 * The ids under which NVIDIA's RIM service publishes the RIMs of a report:
 * {@code NV_GPU_DRIVER_GH100_<driver version>} and
 * {@code NV_GPU_VBIOS_<project>_<project SKU>_<chip SKU>_<VBIOS version without dots>}.
 *
 * @since 0.1
 */
public final class RimIds {
    private RimIds() {
    }

    /** The driver RIM id, when the report names its driver version. */
    public static Optional<String> driver(SpdmMeasurementReport report) {
        return report.opaqueData().driverVersion().map(v -> "NV_GPU_DRIVER_GH100_" + v);
    }

    /** The VBIOS RIM id, when the report names project, SKUs and VBIOS version. */
    public static Optional<String> vbios(SpdmMeasurementReport report) {
        OpaqueData o = report.opaqueData();
        if (o.project().isEmpty() || o.projectSku().isEmpty() || o.chipSku().isEmpty() || o.vbiosVersion().isEmpty()) {
            return Optional.empty();
        }
        return Optional.of("NV_GPU_VBIOS_" + o.project().get().toUpperCase(Locale.ROOT) + "_"
                + o.projectSku().get().toUpperCase(Locale.ROOT) + "_" + o.chipSku().get().toUpperCase(Locale.ROOT) + "_"
                + o.vbiosVersion().get().replace(".", "").toUpperCase(Locale.ROOT));
    }
}
