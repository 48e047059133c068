package io.tee4j.cca.abi;

import java.io.ByteArrayOutputStream;

/** Writes CBOR heads (RFC 8949, shortest form); enough to rebuild a COSE Sig_structure. */
public final class CborWriter {
    private CborWriter() {
    }

    /** Writes the head of an item of the given major type with argument {@code value} (unsigned). */
    public static void writeHead(ByteArrayOutputStream out, int major, long value) {
        int mt = major << 5;
        if (value >= 0 && value < 24) {
            out.write(mt | (int) value);
        } else if (value >= 0 && value < 0x100) {
            out.write(mt | 24);
            out.write((int) value);
        } else if (value >= 0 && value < 0x10000) {
            out.write(mt | 25);
            out.write((int) (value >>> 8));
            out.write((int) value);
        } else if (value >= 0 && value < 0x100000000L) {
            out.write(mt | 26);
            for (int i = 3; i >= 0; i--) {
                out.write((int) (value >>> (8 * i)));
            }
        } else {
            out.write(mt | 27);
            for (int i = 7; i >= 0; i--) {
                out.write((int) (value >>> (8 * i)));
            }
        }
    }
}
