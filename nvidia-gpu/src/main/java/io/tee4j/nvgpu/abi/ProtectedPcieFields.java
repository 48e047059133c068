package io.tee4j.nvgpu.abi;

import io.tee4j.core.MalformedEvidenceException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The protected-PCIe (PPCIe) fields of GPU and NVSwitch reports, decoded (research note wrapped-evidence 3.2):
 *
 * <ul>
 *   <li>GPU SWITCH_PDI (22): 18 slots of 8 bytes, one per NVLink, each <b>read little-endian</b>; all-zero slots
 *       are unused links;
 *   <li>switch DEVICE_PDI (22): the switch's own 8-byte PDI, <b>as stored</b>;
 *   <li>switch SWITCH_GPU_PDIS (26): 8 GPU PDIs of 8 bytes as stored, then a port-to-GPU map;
 *   <li>FEATURE_FLAG (36): u16 LE, 0 SPT, 1 MPT, 2 PPCIE; PROTECTED_PCIE_STATUS (21): 0xAA in PPCIe.
 * </ul>
 *
 * <p>A PDI is written as 16 lower-case hex digits, so that a GPU's view of a switch equals the switch's own
 * DEVICE_PDI, and a GPU's PDI (its BROM certificate's serialNumber without the leading "41") equals what a
 * switch lists. Decoding proves nothing: the report signature covers these bytes.
 *
 * @since 0.2
 */
public final class ProtectedPcieFields {
    /** Bytes per PDI. */
    public static final int PDI_LENGTH = 8;
    /** GPU PDIs listed by a switch. */
    public static final int SWITCH_GPU_SLOTS = 8;
    /** The PROTECTED_PCIE_STATUS byte of a GPU in PPCIe mode. */
    public static final int PPCIE_ON = 0xAA;

    private static final String[] FEATURES = {"SPT", "MPT", "PPCIE"};

    private ProtectedPcieFields() {
    }

    /**
     * A GPU's non-zero switch PDIs in slot order (duplicates kept: one switch has several links).
     *
     * @throws MalformedEvidenceException when the field is not a whole number of 8-byte slots
     */
    public static List<String> gpuSwitchPdis(OpaqueData o) throws MalformedEvidenceException {
        Optional<OpaqueField> f = o.field(OpaqueData.SWITCH_PDI);
        List<String> out = new ArrayList<>();
        if (f.isEmpty()) {
            return out;
        }
        byte[] v = f.get().valueUnsafe();
        if (v.length % PDI_LENGTH != 0) {
            throw new MalformedEvidenceException("opaque SWITCH_PDI: " + v.length + " bytes is not a whole number of "
                    + PDI_LENGTH + "-byte PDIs");
        }
        for (int off = 0; off < v.length; off += PDI_LENGTH) {
            byte[] pdi = new byte[PDI_LENGTH];
            for (int i = 0; i < PDI_LENGTH; i++) {
                pdi[i] = v[off + PDI_LENGTH - 1 - i];
            }
            if (!allZero(pdi)) {
                out.add(HexFormat.of().formatHex(pdi));
            }
        }
        return out;
    }

    /**
     * A switch's own PDI.
     *
     * @throws MalformedEvidenceException when the field is missing or not 8 bytes
     */
    public static String switchDevicePdi(OpaqueData o) throws MalformedEvidenceException {
        byte[] v = o.field(OpaqueData.SWITCH_PDI).map(OpaqueField::valueUnsafe).orElseThrow(() ->
                new MalformedEvidenceException("the NVSwitch report has no DEVICE_PDI (opaque type 22)"));
        if (v.length != PDI_LENGTH) {
            throw new MalformedEvidenceException("opaque DEVICE_PDI has " + v.length + " bytes, not " + PDI_LENGTH);
        }
        return HexFormat.of().formatHex(v);
    }

    /**
     * The 8 GPU PDIs a switch lists, in slot order (zero slots and duplicates kept, for the topology check).
     *
     * @throws MalformedEvidenceException when the field is missing or shorter than 8 PDIs
     */
    public static List<String> switchGpuPdis(OpaqueData o) throws MalformedEvidenceException {
        byte[] v = o.field(OpaqueData.SWITCH_GPU_PDIS).map(OpaqueField::valueUnsafe).orElseThrow(() ->
                new MalformedEvidenceException("the NVSwitch report has no SWITCH_GPU_PDIS (opaque type 26)"));
        if (v.length < SWITCH_GPU_SLOTS * PDI_LENGTH) {
            throw new MalformedEvidenceException("opaque SWITCH_GPU_PDIS has " + v.length + " bytes, fewer than "
                    + SWITCH_GPU_SLOTS + " PDIs");
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < SWITCH_GPU_SLOTS; i++) {
            out.add(HexFormat.of().formatHex(v, i * PDI_LENGTH, (i + 1) * PDI_LENGTH));
        }
        return out;
    }

    /** FEATURE_FLAG as "SPT", "MPT", "PPCIE" or "UNKNOWN_n"; empty when the driver sends none. */
    public static Optional<String> featureFlag(OpaqueData o) {
        Optional<OpaqueField> f = o.field(OpaqueData.FEATURE_FLAG);
        if (f.isEmpty() || f.get().valueUnsafe().length < 1 || f.get().valueUnsafe().length > 2) {
            return Optional.empty();
        }
        byte[] v = f.get().valueUnsafe();
        int flag = (v[0] & 0xff) | (v.length > 1 ? (v[1] & 0xff) << 8 : 0);
        return Optional.of(flag < FEATURES.length ? FEATURES[flag] : "UNKNOWN_" + flag);
    }

    /** Whether the GPU says it runs in protected-PCIe mode (status 0xAA, or feature flag PPCIE). */
    public static boolean ppcieMode(OpaqueData o) {
        Optional<OpaqueField> s = o.field(OpaqueData.PROTECTED_PCIE_STATUS);
        boolean status = s.isPresent() && s.get().valueUnsafe().length == 1
                && (s.get().valueUnsafe()[0] & 0xff) == PPCIE_ON;
        return status || featureFlag(o).filter("PPCIE"::equals).isPresent();
    }

    /** The NVSwitch BIOS version: ASCII in switch reports ("96.10.55.00.01"). */
    public static Optional<String> switchBiosVersion(OpaqueData o) {
        return o.ascii(OpaqueData.VBIOS_VERSION).map(v -> v.strip().toUpperCase(Locale.ROOT));
    }

    /**
     * The PDI a BROM certificate's subject serialNumber names: the serial without its two-digit prefix ("41" for
     * a GPU, "50" for a switch), lower case; empty when the serial does not have that shape.
     */
    public static Optional<String> pdiFromBromSerial(String serial, boolean nvSwitch) {
        String prefix = nvSwitch ? "50" : "41";
        if (serial == null || serial.length() != 2 + 2 * PDI_LENGTH || !serial.startsWith(prefix)
                || !serial.matches("[0-9A-Fa-f]+")) {
            return Optional.empty();
        }
        return Optional.of(serial.substring(2).toLowerCase(Locale.ROOT));
    }

    private static boolean allZero(byte[] b) {
        for (byte x : b) {
            if (x != 0) {
                return false;
            }
        }
        return true;
    }
}
