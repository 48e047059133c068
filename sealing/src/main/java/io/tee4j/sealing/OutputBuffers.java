package io.tee4j.sealing;

/**
 * The argument checks of the methods that write into a caller's array ({@link Sealer#seal(byte[],
 * byte[], byte[], int)}, {@link Sealer#unseal(byte[], byte[], byte[], int)}): room for the result,
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
}
