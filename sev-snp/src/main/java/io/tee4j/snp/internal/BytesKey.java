package io.tee4j.snp.internal;

import java.util.Arrays;

/** A map key over exact bytes (hash computed once). Not API. */
public final class BytesKey {
    private final byte[] bytes;
    private final int hash;

    public BytesKey(byte[] bytes) {
        this.bytes = bytes;
        this.hash = Arrays.hashCode(bytes);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BytesKey && ((BytesKey) o).hash == hash && Arrays.equals(((BytesKey) o).bytes, bytes);
    }

    @Override
    public int hashCode() {
        return hash;
    }
}
