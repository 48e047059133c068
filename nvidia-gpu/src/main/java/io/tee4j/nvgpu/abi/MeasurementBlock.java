package io.tee4j.nvgpu.abi;

import java.util.HexFormat;

/**
 * One measurement block of an SPDM MEASUREMENTS response: its index (1-based, as the GPU numbers
 * it), the measurement specification (0x01 = DMTF), and, for DMTF blocks, the value type and the
 * value (on H100 a 48-byte SHA-384 digest).
 *
 * <p>Parsing only: whether the value is the expected one is decided by comparing it with the
 * reference integrity manifests (RIMs); see {@code NvGpuVerifier}. Immutable; arrays are copied.
 *
 * @since 0.1
 */
public final class MeasurementBlock {
    /** The DMTF measurement specification value (the only one accepted). */
    public static final int SPEC_DMTF = 0x01;

    private final int index;
    private final int specification;
    private final int valueType;
    private final byte[] value;

    /** Takes ownership of {@code value}: the parser passes a fresh copy of the report's bytes. */
    MeasurementBlock(int index, int specification, int valueType, byte[] value) {
        this.index = index;
        this.specification = specification;
        this.valueType = valueType;
        this.value = value;
    }

    /** The block index as reported (1..254); RIM measurement index = this index minus one. */
    public int index() {
        return index;
    }

    /** The measurement specification byte (0x01 for DMTF). */
    public int specification() {
        return specification;
    }

    /**
     * The DMTF value type byte (bit 7: raw bit stream rather than a digest; bits 0-6: the kind,
     * e.g. 0 immutable ROM, 1 mutable firmware, 2 hardware configuration, 3 firmware configuration).
     */
    public int valueType() {
        return valueType;
    }

    /** Whether the value is a raw bit stream rather than a digest (DMTF value type bit 7). */
    public boolean rawBitStream() {
        return (valueType & 0x80) != 0;
    }

    /** A copy of the measurement value. */
    public byte[] value() {
        return value.clone();
    }

    /** The value itself, not a copy, for comparisons inside the package; never handed out. */
    public byte[] valueUnsafe() {
        return value;
    }

    /** The value's length without copying it. */
    public int valueLength() {
        return value.length;
    }

    @Override
    public String toString() {
        return "MeasurementBlock[" + index + ", type 0x" + Integer.toHexString(valueType) + ", "
                + HexFormat.of().formatHex(value) + "]";
    }
}
