package io.tee4j.measure.ovmf;

import java.util.Arrays;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A GUID as EFI stores it: the first three fields little-endian, the last eight bytes as written
 * (the layout Python calls {@code uuid.bytes_le}). Immutable.
 *
 * @since 0.1
 */
public final class Guid {
    private static final Pattern TEXT = Pattern.compile(
            "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    private final byte[] bytes;

    private Guid(byte[] bytes) {
        this.bytes = bytes;
    }

    /** The GUID written as {@code 8-4-4-4-12} hex digits. */
    public static Guid parse(String text) {
        if (!TEXT.matcher(text).matches()) {
            throw new IllegalArgumentException("not a GUID: " + text);
        }
        String hex = text.replace("-", "");
        byte[] be = java.util.HexFormat.of().parseHex(hex);
        byte[] le = be.clone();
        reverse(le, 0, 4);
        reverse(le, 4, 2);
        reverse(le, 6, 2);
        return new Guid(le);
    }

    /** The GUID whose stored (mixed-endian) form is the 16 bytes at {@code offset}. */
    public static Guid fromStored(byte[] data, int offset) {
        return new Guid(Arrays.copyOfRange(data, offset, offset + 16));
    }

    /** The 16 bytes as stored in firmware. */
    public byte[] stored() {
        return bytes.clone();
    }

    /** True when the 16 bytes at {@code offset} of {@code data} are this GUID's stored form. */
    public boolean isAt(byte[] data, int offset) {
        return offset >= 0 && offset <= data.length - 16 && Arrays.equals(data, offset, offset + 16, bytes, 0, 16);
    }

    private static void reverse(byte[] b, int off, int len) {
        for (int i = 0; i < len / 2; i++) {
            byte t = b[off + i];
            b[off + i] = b[off + len - 1 - i];
            b[off + len - 1 - i] = t;
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Guid && Arrays.equals(bytes, ((Guid) o).bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        byte[] be = bytes.clone();
        reverse(be, 0, 4);
        reverse(be, 4, 2);
        reverse(be, 6, 2);
        String h = java.util.HexFormat.of().formatHex(be).toLowerCase(Locale.ROOT);
        return h.substring(0, 8) + "-" + h.substring(8, 12) + "-" + h.substring(12, 16) + "-" + h.substring(16, 20)
                + "-" + h.substring(20);
    }
}
