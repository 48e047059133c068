package io.tee4j.nvgpu.abi;

import java.util.HexFormat;

/**
 * One entry of the NVIDIA opaque data carried in the SPDM MEASUREMENTS response: a 16-bit type and
 * its value. Unknown types are kept as they are.
 *
 * @since 0.1
 */
public final class OpaqueField {
    private final int type;
    private final byte[] value;

    OpaqueField(int type, byte[] value) {
        this.type = type;
        this.value = value.clone();
    }

    /** The field type (little-endian u16 in the report); see {@link OpaqueData} for the known ones. */
    public int type() {
        return type;
    }

    /** A copy of the value. */
    public byte[] value() {
        return value.clone();
    }

    public byte[] valueUnsafe() {
        return value;
    }

    /** The name of the type as NVIDIA's verifiers call it, or {@code UNKNOWN_<n>}. */
    public String name() {
        return OpaqueData.typeName(type);
    }

    @Override
    public String toString() {
        return name() + "=" + HexFormat.of().formatHex(value);
    }
}
