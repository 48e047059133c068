package io.tee4j.tpm.abi;

import io.tee4j.core.MalformedEvidenceException;
import io.tee4j.core.util.ByteReader;

/** TPM2B_* sized buffers: a big-endian u16 length and that many bytes, with a per-type maximum. */
final class Tpm2b {
    private Tpm2b() {
    }

    static byte[] read(ByteReader r, int max, String what) throws MalformedEvidenceException {
        int size = r.u16Be(what + " size");
        if (size > max) {
            throw new MalformedEvidenceException(what + " of " + size + " bytes exceeds its maximum of " + max);
        }
        return r.bytes(size, what);
    }
}
