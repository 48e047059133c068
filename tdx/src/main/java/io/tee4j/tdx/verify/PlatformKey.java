package io.tee4j.tdx.verify;

import java.util.Arrays;

/**
 * Cache key over the exact bytes of a quote's attestation key and certification data (which
 * include the QE report and its signature): two quotes with equal keys share all platform work.
 * A probe key views the quote's own array; {@link #copy()} detaches it before it is stored.
 */
final class PlatformKey {
    private final byte[] bytes;
    private final int offset;
    private final int length;
    private final int hash;

    PlatformKey(byte[] bytes, int offset, int length, int qeSigOffset) {
        this.bytes = bytes;
        this.offset = offset;
        this.length = length;
        int h = length;
        for (int i = 0; i < 64; i++) {
            h = 31 * h + bytes[offset + i];
            h = 31 * h + bytes[qeSigOffset + i];
        }
        this.hash = h;
    }

    private PlatformKey(byte[] copy, int hash) {
        this.bytes = copy;
        this.offset = 0;
        this.length = copy.length;
        this.hash = hash;
    }

    PlatformKey copy() {
        return new PlatformKey(Arrays.copyOfRange(bytes, offset, offset + length), hash);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof PlatformKey)) {
            return false;
        }
        PlatformKey k = (PlatformKey) o;
        return hash == k.hash && Arrays.equals(bytes, offset, offset + length, k.bytes, k.offset,
                k.offset + k.length);
    }

    @Override
    public int hashCode() {
        return hash;
    }
}
