package io.tee4j.nvgpu.verify;

import io.tee4j.core.Claims;
import io.tee4j.core.MalformedEvidenceException;
import io.tee4j.nvgpu.abi.DeviceArchitecture;
import io.tee4j.nvgpu.abi.MeasurementBlock;
import io.tee4j.nvgpu.abi.OpaqueData;
import io.tee4j.nvgpu.abi.OpaqueField;
import io.tee4j.nvgpu.abi.ReferenceManifest;
import io.tee4j.nvgpu.abi.SpdmMeasurementReport;
import io.tee4j.nvgpu.collateral.RimIds;
import io.tee4j.nvgpu.validate.MeasurementAppraisal;
import java.util.HexFormat;
import java.util.Locale;

/** Claims trees shared by {@link NvGpuAttestationResult} and the backend's describe. */
public final class NvGpuClaims {
    private NvGpuClaims() {
    }

    public static Claims.Builder opaque(OpaqueData o) {
        return opaque(o, false);
    }

    /** The opaque fields by name; a switch's by its own names (its BIOS version is ASCII). */
    public static Claims.Builder opaque(OpaqueData o, boolean nvSwitch) {
        Claims.Builder b = Claims.builder();
        for (OpaqueField f : o.fields()) {
            String key = (nvSwitch ? OpaqueData.switchTypeName(f.type()) : f.name()).toLowerCase(Locale.ROOT);
            if (nvSwitch && f.type() == OpaqueData.VBIOS_VERSION) {
                b.put(key, OpaqueData.cString(f.valueUnsafe()));
                continue;
            }
            switch (f.type()) {
                case OpaqueData.CHIP_INFO:
                case OpaqueData.DRIVER_VERSION:
                case OpaqueData.PROJECT:
                case OpaqueData.PROJECT_SKU:
                case OpaqueData.CHIP_SKU:
                case OpaqueData.CHIP_SKU_MOD:
                    b.put(key, OpaqueData.cString(f.valueUnsafe()));
                    break;
                case OpaqueData.VBIOS_VERSION:
                    b.put(key, o.vbiosVersion().orElse(HexFormat.of().formatHex(f.valueUnsafe())));
                    break;
                default:
                    b.put(key, f.valueUnsafe());
                    break;
            }
        }
        return b;
    }

    public static Claims.Builder measurements(SpdmMeasurementReport r) {
        Claims.Builder b = Claims.builder();
        for (MeasurementBlock m : r.blocks()) {
            b.put(Integer.toString(m.index()), m.value());
        }
        return b;
    }

    public static Claims describe(SpdmMeasurementReport r) {
        DeviceArchitecture arch;
        try {
            arch = DeviceArchitecture.detect(r, java.util.List.of());
        } catch (MalformedEvidenceException e) {
            arch = DeviceArchitecture.HOPPER;
        }
        return describe(r, arch);
    }

    /** The report's fields as a device of {@code arch} names them (a switch's BIOS version is ASCII). */
    public static Claims describe(SpdmMeasurementReport r, DeviceArchitecture arch) {
        HexFormat hex = HexFormat.of();
        return Claims.builder()
                .put("architecture", arch.name())
                .put("spdmVersion", "1.1")
                .put("requestNonce", hex.formatHex(r.requestNonce()))
                .put("requestParam1", r.requestParam1())
                .put("requestParam2", r.requestParam2())
                .put("slotId", r.slotId())
                .put("responseParam1", r.responseParam1())
                .put("responseParam2", r.responseParam2())
                .put("numberOfBlocks", r.blocks().size())
                .put("responseNonce", hex.formatHex(r.responseNonce()))
                .put("driverVersion", r.opaqueData().driverVersion().orElse(null))
                .put("vbiosVersion", MeasurementAppraisal.firmwareVersion(r, arch))
                .put("driverRimId", rimIdOrNull(r, arch, ReferenceManifest.Kind.DRIVER))
                .put("vbiosRimId", rimIdOrNull(r, arch, ReferenceManifest.Kind.VBIOS))
                .put("opaqueData", opaque(r.opaqueData(), arch.isSwitch()))
                .put("measurements", measurements(r))
                .put("signature", r.signature())
                .put("signedLength", r.signedLength())
                .put("trailingZeroBytes", r.trailingZeroBytes())
                .build();
    }

    /** The RIM id for display; null when the report does not name one or names it with a field no URL may carry. */
    private static String rimIdOrNull(SpdmMeasurementReport r, DeviceArchitecture arch, ReferenceManifest.Kind kind) {
        try {
            return (kind == ReferenceManifest.Kind.DRIVER ? RimIds.driver(r, arch) : RimIds.vbios(r, arch)).orElse(null);
        } catch (MalformedEvidenceException e) {
            return null;
        }
    }
}
