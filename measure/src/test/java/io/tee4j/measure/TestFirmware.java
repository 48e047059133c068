package io.tee4j.measure;

import io.tee4j.measure.internal.Le;
import io.tee4j.measure.ovmf.Guid;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds small firmware images with an OVMF footer table, an ASEV block and a TDVF descriptor, for
 * tests of the parsers' edge cases. Entries are laid out in the order added, the last one next to
 * the footer.
 */
public final class TestFirmware {
    private final byte[] image;
    private final List<byte[]> entries = new ArrayList<>();

    public TestFirmware(int size) {
        this.image = new byte[size];
    }

    /** Adds a footer-table entry. */
    public TestFirmware entry(Guid guid, byte[] data) {
        byte[] e = new byte[data.length + 18];
        System.arraycopy(data, 0, e, 0, data.length);
        Le.putU16(e, data.length, data.length + 18);
        System.arraycopy(guid.stored(), 0, e, data.length + 2, 16);
        entries.add(e);
        return this;
    }

    /** Adds a raw footer-table entry (any trailer length). */
    public TestFirmware rawEntry(byte[] e) {
        entries.add(e);
        return this;
    }

    public static byte[] u32(long v) {
        byte[] b = new byte[4];
        Le.putU32(b, 0, v);
        return b;
    }

    /** Writes bytes into the image. */
    public TestFirmware put(int offset, byte[] bytes) {
        System.arraycopy(bytes, 0, image, offset, bytes.length);
        return this;
    }

    /** An ASEV block: header length, version, then {gpa, size, type} triples. */
    public static byte[] asev(long length, long version, long... sections) {
        byte[] b = new byte[16 + 4 * sections.length];
        b[0] = 'A';
        b[1] = 'S';
        b[2] = 'E';
        b[3] = 'V';
        Le.putU32(b, 4, length);
        Le.putU32(b, 8, version);
        Le.putU32(b, 12, sections.length / 3);
        for (int i = 0; i < sections.length; i++) {
            Le.putU32(b, 16 + 4 * i, sections[i]);
        }
        return b;
    }

    /** The image with the footer table (declared length {@code footerLength}, or the true one when negative). */
    public byte[] build(int footerLength) {
        ByteArrayOutputStream table = new ByteArrayOutputStream();
        entries.forEach(table::writeBytes);
        byte[] t = table.toByteArray();
        int end = image.length - 32;
        byte[] out = image.clone();
        System.arraycopy(t, 0, out, end - 18 - t.length, t.length);
        Le.putU16(out, end - 18, footerLength >= 0 ? footerLength : t.length + 18);
        System.arraycopy(io.tee4j.measure.ovmf.OvmfFooterTable.FOOTER.stored(), 0, out, end - 16, 16);
        return out;
    }

    public byte[] build() {
        return build(-1);
    }
}
