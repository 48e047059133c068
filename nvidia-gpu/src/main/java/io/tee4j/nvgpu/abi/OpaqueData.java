package io.tee4j.nvgpu.abi;

import io.tee4j.core.MalformedEvidenceException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The NVIDIA opaque data of an H100 SPDM MEASUREMENTS response: a sequence of TLV entries (type
 * u16 LE, length u16 LE, value) that say which driver and VBIOS produced the measurements, which
 * board and chip it is, the firmware id (FWID) that must equal the one in the device leaf
 * certificate, and more. Every entry is kept, unknown types included (repeats too); a type tee4j
 * interprets (driver and VBIOS versions, project and SKUs, FWID, NVDEC status, opaque version) that
 * occurs twice is refused as malformed, so that no reader can pick a different copy than the
 * verifier.
 *
 * <p>These fields are covered by the report signature, so after {@code NvGpuVerifier} succeeded they
 * are what the GPU said. Parsing alone proves nothing.
 *
 * @since 0.1
 */
public final class OpaqueData {
    /** Driver version, ASCII, NUL-terminated (e.g. "550.90.07"). */
    public static final int DRIVER_VERSION = 3;
    /** GPU info (8 bytes). */
    public static final int GPU_INFO = 4;
    /** VBIOS version (8 bytes; printed "96.00.9F.00.01" from bytes 00 9f 00 96 01 ...). */
    public static final int VBIOS_VERSION = 6;
    /** NVDEC0 status (1 byte: 0xAA enabled, 0x55 disabled). */
    public static final int NVDEC0_STATUS = 11;
    /** Measurement counters (u32 per measurement). */
    public static final int MSRSCNT = 12;
    /** CPR info. */
    public static final int CPRINFO = 13;
    /** Board id. */
    public static final int BOARD_ID = 14;
    /** Chip SKU, ASCII (e.g. "882"). */
    public static final int CHIP_SKU = 15;
    /** Chip SKU modifier, ASCII. */
    public static final int CHIP_SKU_MOD = 16;
    /** Project, ASCII (e.g. "1010"). */
    public static final int PROJECT = 17;
    /** Project SKU, ASCII (e.g. "0200"). */
    public static final int PROJECT_SKU = 18;
    /** Project SKU modifier. */
    public static final int PROJECT_SKU_MOD = 19;
    /** Firmware id (48 bytes, SHA-384). */
    public static final int FWID = 20;
    /** Protected PCIe status (1 byte: 0x55 not in PPCIe, 0xAA in PPCIe). */
    public static final int PROTECTED_PCIE_STATUS = 21;
    /** GPU: the PDIs of the NVSwitches on its 18 NVLinks (8 bytes each, little-endian); switch: its own PDI. */
    public static final int SWITCH_PDI = 22;
    /** GPU: floorswept ports; switch: disabled ports. */
    public static final int FLOORSWEPT_PORTS = 23;
    /** GPU: position id; switch: switch position id. */
    public static final int POSITION_ID = 24;
    /** GPU: lock switch status; switch: switch lock status. */
    public static final int LOCK_SWITCH_STATUS = 25;
    /** Switch only: the PDIs of the GPUs it connects (8 × 8 bytes) followed by a port-to-GPU map. */
    public static final int SWITCH_GPU_PDIS = 26;
    /** GPU link connections. */
    public static final int GPU_LINK_CONN = 32;
    /** System enable status (2 bytes on Blackwell). */
    public static final int SYS_ENABLE_STATUS = 33;
    /** Opaque data version (newer drivers; u16 LE, 1 today). */
    public static final int OPAQUE_DATA_VERSION = 34;
    /** Chip info, NUL-terminated ASCII chip name (Blackwell and later), e.g. "GB100". */
    public static final int CHIP_INFO = 35;
    /** Feature flag, u16 LE: 0 SPT (single GPU passthrough), 1 MPT (multi-GPU passthrough), 2 PPCIE. */
    public static final int FEATURE_FLAG = 36;

    /** NVDEC0 status byte meaning "enabled". */
    public static final int NVDEC_ENABLED = 0xAA;
    /** NVDEC0 status byte meaning "disabled". */
    public static final int NVDEC_DISABLED = 0x55;

    private static final Map<Integer, String> NAMES = Map.ofEntries(
            Map.entry(DRIVER_VERSION, "DRIVER_VERSION"), Map.entry(GPU_INFO, "GPU_INFO"),
            Map.entry(VBIOS_VERSION, "VBIOS_VERSION"), Map.entry(NVDEC0_STATUS, "NVDEC0_STATUS"),
            Map.entry(MSRSCNT, "MSRSCNT"), Map.entry(CPRINFO, "CPRINFO"), Map.entry(BOARD_ID, "BOARD_ID"),
            Map.entry(CHIP_SKU, "CHIP_SKU"), Map.entry(CHIP_SKU_MOD, "CHIP_SKU_MOD"), Map.entry(PROJECT, "PROJECT"),
            Map.entry(PROJECT_SKU, "PROJECT_SKU"), Map.entry(PROJECT_SKU_MOD, "PROJECT_SKU_MOD"),
            Map.entry(FWID, "FWID"), Map.entry(PROTECTED_PCIE_STATUS, "PROTECTED_PCIE_STATUS"),
            Map.entry(1, "CERT_ISSUER_NAME"), Map.entry(2, "CERT_AUTHORITY_KEY_IDENTIFIER"), Map.entry(5, "SKU"),
            Map.entry(7, "MANUFACTURER_ID"), Map.entry(8, "TAMPER_DETECTION"), Map.entry(9, "SMC"),
            Map.entry(10, "VPR"), Map.entry(SWITCH_PDI, "SWITCH_PDI"), Map.entry(FLOORSWEPT_PORTS, "FLOORSWEPT_PORTS"),
            Map.entry(POSITION_ID, "POSITION_ID"), Map.entry(LOCK_SWITCH_STATUS, "LOCK_SWITCH_STATUS"),
            Map.entry(GPU_LINK_CONN, "GPU_LINK_CONN"), Map.entry(SYS_ENABLE_STATUS, "SYS_ENABLE_STATUS"),
            Map.entry(OPAQUE_DATA_VERSION, "OPAQUE_DATA_VERSION"), Map.entry(CHIP_INFO, "CHIP_INFO"),
            Map.entry(FEATURE_FLAG, "FEATURE_FLAG"));

    /** The NVSwitch (LS10) meaning of the types whose meaning differs from a GPU's. */
    private static final Map<Integer, String> SWITCH_NAMES = Map.of(VBIOS_VERSION, "SWITCH_BIOS_VERSION",
            SWITCH_PDI, "DEVICE_PDI", FLOORSWEPT_PORTS, "DISABLED_PORTS", POSITION_ID, "SWITCH_POSITION_ID",
            LOCK_SWITCH_STATUS, "SWITCH_LOCK_STATUS", SWITCH_GPU_PDIS, "SWITCH_GPU_PDIS");

    /** The types tee4j reads a meaning from: each may occur once. */
    private static final Set<Integer> INTERPRETED = Set.of(DRIVER_VERSION, VBIOS_VERSION, NVDEC0_STATUS, CHIP_SKU,
            CHIP_SKU_MOD, PROJECT, PROJECT_SKU, PROJECT_SKU_MOD, FWID, OPAQUE_DATA_VERSION, PROTECTED_PCIE_STATUS,
            SWITCH_PDI, SWITCH_GPU_PDIS, CHIP_INFO, FEATURE_FLAG);

    private final List<OpaqueField> fields;

    private OpaqueData(List<OpaqueField> fields) {
        this.fields = List.copyOf(fields);
    }

    static OpaqueData parse(byte[] data, int offset, int length) throws MalformedEvidenceException {
        List<OpaqueField> fields = new ArrayList<>();
        Set<Integer> seen = new HashSet<>();
        int p = offset;
        int end = offset + length;
        while (p < end) {
            if (end - p < 4) {
                throw new MalformedEvidenceException("opaque data: " + (end - p)
                        + " bytes left at offset " + p + ", too few for a field header");
            }
            int type = u16(data, p);
            int len = u16(data, p + 2);
            p += 4;
            if (len > end - p) {
                throw new MalformedEvidenceException("opaque data: field type " + type + " at offset " + (p - 4)
                        + " has length " + len + " but only " + (end - p) + " bytes remain");
            }
            if (!seen.add(type) && INTERPRETED.contains(type)) {
                throw new MalformedEvidenceException("opaque data: field type " + type + " (" + typeName(type)
                        + ") occurs twice");
            }
            byte[] value = new byte[len];
            System.arraycopy(data, p, value, 0, len);
            fields.add(new OpaqueField(type, value));
            p += len;
        }
        return new OpaqueData(fields);
    }

    static OpaqueData of(List<OpaqueField> fields) {
        return new OpaqueData(fields);
    }

    private static int u16(byte[] b, int off) {
        return (b[off] & 0xff) | (b[off + 1] & 0xff) << 8;
    }

    /** The name NVIDIA's verifiers use for a type, or {@code UNKNOWN_<n>}. */
    public static String typeName(int type) {
        String n = NAMES.get(type);
        return n == null ? "UNKNOWN_" + type : n;
    }

    /** The name a type has in an NVSwitch (LS10) report, where types 6 and 22 to 26 mean other things. */
    public static String switchTypeName(int type) {
        String n = SWITCH_NAMES.get(type);
        return n == null ? typeName(type) : n;
    }

    /** Every field, in report order. */
    public List<OpaqueField> fields() {
        return fields;
    }

    /** The field of the given type. */
    public Optional<OpaqueField> field(int type) {
        for (OpaqueField f : fields) {
            if (f.type() == type) {
                return Optional.of(f);
            }
        }
        return Optional.empty();
    }

    /** The raw value of the given type. */
    public Optional<byte[]> bytes(int type) {
        return field(type).map(OpaqueField::value);
    }

    /** An ASCII field up to its first NUL byte. */
    public Optional<String> ascii(int type) {
        return field(type).map(f -> cString(f.valueUnsafe()));
    }

    /** The driver version, e.g. "550.90.07". */
    public Optional<String> driverVersion() {
        return ascii(DRIVER_VERSION);
    }

    /**
     * The VBIOS version as NVIDIA prints it, e.g. "96.00.9F.00.01": bytes 3, 2, 1, 0 and 4 of the
     * field in upper-case hex.
     */
    public Optional<String> vbiosVersion() {
        Optional<OpaqueField> f = field(VBIOS_VERSION);
        if (f.isEmpty() || f.get().valueUnsafe().length < 5) {
            return Optional.empty();
        }
        byte[] v = f.get().valueUnsafe();
        // By hand rather than String.format: a warm verification reads it three times (RIM id, RIM version, policy).
        char[] out = new char[14];
        int[] order = {3, 2, 1, 0, 4};
        for (int i = 0; i < order.length; i++) {
            int b = v[order[i]] & 0xff;
            out[i * 3] = UPPER_HEX[b >>> 4];
            out[i * 3 + 1] = UPPER_HEX[b & 0xf];
            if (i < order.length - 1) {
                out[i * 3 + 2] = '.';
            }
        }
        return Optional.of(new String(out));
    }

    private static final char[] UPPER_HEX = "0123456789ABCDEF".toCharArray();

    /** The project, e.g. "1010". */
    public Optional<String> project() {
        return ascii(PROJECT);
    }

    /** The project SKU, e.g. "0200". */
    public Optional<String> projectSku() {
        return ascii(PROJECT_SKU);
    }

    /** The chip SKU, e.g. "882". */
    public Optional<String> chipSku() {
        return ascii(CHIP_SKU);
    }

    /** The chip SKU modifier, e.g. "0". */
    public Optional<String> chipSkuMod() {
        return ascii(CHIP_SKU_MOD);
    }

    /** The firmware id (48 bytes on H100). */
    public Optional<byte[]> fwid() {
        return bytes(FWID);
    }

    /** The opaque data version, as an unsigned little-endian integer, when the driver sends one. */
    public Optional<Long> opaqueDataVersion() {
        Optional<OpaqueField> f = field(OPAQUE_DATA_VERSION);
        if (f.isEmpty() || f.get().valueUnsafe().length == 0 || f.get().valueUnsafe().length > 8) {
            return Optional.empty();
        }
        byte[] v = f.get().valueUnsafe();
        long r = 0;
        for (int i = v.length - 1; i >= 0; i--) {
            r = r << 8 | (v[i] & 0xff);
        }
        return Optional.of(r);
    }

    /** Whether NVDEC0 is reported disabled (status byte 0x55). */
    public boolean nvdec0Disabled() {
        Optional<OpaqueField> f = field(NVDEC0_STATUS);
        return f.isPresent() && f.get().valueUnsafe().length > 0 && (f.get().valueUnsafe()[0] & 0xff) == NVDEC_DISABLED;
    }

    public static String cString(byte[] v) {
        int n = 0;
        while (n < v.length && v[n] != 0) {
            n++;
        }
        byte[] printable = new byte[n];
        for (int i = 0; i < n; i++) {
            int c = v[i] & 0xff;
            printable[i] = c >= 0x20 && c < 0x7f ? (byte) c : (byte) '?';
        }
        return new String(printable, StandardCharsets.US_ASCII);
    }

    @Override
    public String toString() {
        return "OpaqueData" + fields;
    }
}
