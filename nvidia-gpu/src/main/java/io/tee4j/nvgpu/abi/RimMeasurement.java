package io.tee4j.nvgpu.abi;

import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * One measurement entry of a RIM (any element of its Payload, as nvtrust reads them): its index
 * (0-based; the report's block {@code index + 1}), whether it is active, its size and its
 * alternative reference values (any one may match). The values of an inactive entry are never
 * compared, so they are not read: its {@link #alternatives()} is empty.
 *
 * @since 0.1
 */
public final class RimMeasurement {
    private final int index;
    private final boolean active;
    private final int size;
    private final List<byte[]> alternatives;

    RimMeasurement(int index, boolean active, int size, List<byte[]> alternatives) {
        this.index = index;
        this.active = active;
        this.size = size;
        List<byte[]> copy = new ArrayList<>();
        alternatives.forEach(a -> copy.add(a.clone()));
        this.alternatives = List.copyOf(copy);
    }

    /** The 0-based measurement index (report block index minus one). */
    public int index() {
        return index;
    }

    /** Whether this RIM appraises the measurement. */
    public boolean active() {
        return active;
    }

    /** The measurement size in bytes. */
    public int size() {
        return size;
    }

    /** Copies of the alternative reference values. */
    public List<byte[]> alternatives() {
        List<byte[]> out = new ArrayList<>();
        alternatives.forEach(a -> out.add(a.clone()));
        return out;
    }

    /** Whether {@code value} equals one of the alternatives (constant time per alternative). */
    public boolean matches(byte[] value) {
        if (value.length != size) {
            return false;
        }
        boolean any = false;
        for (byte[] a : alternatives) {
            any |= MessageDigest.isEqual(a, value);
        }
        return any;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("RimMeasurement[").append(index).append(active ? ", active" : ", inactive");
        for (byte[] a : alternatives) {
            sb.append(", ").append(HexFormat.of().formatHex(a));
        }
        return sb.append(']').toString();
    }
}
