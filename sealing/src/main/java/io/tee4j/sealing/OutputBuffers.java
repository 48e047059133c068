package io.tee4j.sealing;

import java.nio.ByteBuffer;

/**
 * The argument checks of the methods that write into a caller's array ({@link Sealer#seal(byte[],
 * byte[], byte[], int)}, {@link Sealer#unseal(byte[], byte[], byte[], int)} and the {@link ByteBuffer} forms): room for the result,
 * and no sharing of the output array with an input, which the output would overwrite while the
 * input is still being read (the header goes out first, and every segment authenticates the
 * associated data again).
 */
final class OutputBuffers {
    private OutputBuffers() {
    }

    /** Throws {@link IllegalArgumentException} unless {@code out[offset..offset+needed)} exists. */
    static void checkRoom(byte[] out, int offset, long needed) {
        if (offset < 0 || offset > out.length || out.length - offset < needed) {
            throw new IllegalArgumentException("output buffer too small: " + needed + " bytes needed from offset "
                    + offset + ", " + Math.max(0, out.length - Math.max(0, offset)) + " available");
        }
    }

    /** Throws {@link IllegalArgumentException} when {@code out} is one of the input arrays. */
    static void checkNotAliased(byte[] out, byte[] input, byte[] associatedData) {
        if (out == input || out == associatedData) {
            throw new IllegalArgumentException("the output buffer must not be an input array (it would be"
                    + " overwritten while still being read); use a separate buffer");
        }
    }
    /** Throws {@link IllegalArgumentException} when {@code out} is read-only or has fewer than {@code needed} bytes left. */
    static void checkRoom(ByteBuffer out, long needed) {
        if (out.isReadOnly()) {
            throw new IllegalArgumentException("the output buffer is read-only");
        }
        if (out.remaining() < needed) {
            throw new IllegalArgumentException("output buffer too small: " + needed + " bytes needed from position "
                    + out.position() + ", " + out.remaining() + " remaining");
        }
    }

    /**
     * Throws {@link IllegalArgumentException} when {@code out} is the input buffer itself (one
     * position cannot be both), or a heap buffer over the input's array whose
     * {@code outLength}-byte range overlaps the input in a way the order of work does not make
     * safe: sealing ({@code outputGrows}) works when the output starts at or after the input,
     * opening when it starts at or before it (see {@code BufferMessages}). Sharing that cannot be
     * seen (two direct buffers, a read-only view) is left to that order of work.
     */
    static void checkApart(ByteBuffer out, ByteBuffer in, long outLength, boolean outputGrows) {
        if (out == in) {
            throw new IllegalArgumentException("the output buffer must not be the input buffer; for in-place"
                    + " work pass a duplicate() of it");
        }
        if (!out.hasArray() || !in.hasArray() || out.array() != in.array()) {
            return;
        }
        long outStart = (long) out.arrayOffset() + out.position();
        long inStart = (long) in.arrayOffset() + in.position();
        boolean overlap = outStart < inStart + in.remaining() && inStart < outStart + outLength;
        boolean safe = outputGrows ? outStart >= inStart : outStart <= inStart;
        if (overlap && !safe) {
            throw new IllegalArgumentException("the output range overlaps the input ahead of it (it would be"
                    + " overwritten while still being read); use a separate buffer or the same start");
        }
    }
}
