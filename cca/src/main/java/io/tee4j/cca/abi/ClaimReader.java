package io.tee4j.cca.abi;

import io.tee4j.core.MalformedEvidenceException;
import java.util.Arrays;
import java.util.Set;

/**
 * Typed reads of single claims shared by the claims decoders: keys, hashes, UEIDs, bounded byte strings.
 * Not API.
 */
final class ClaimReader {
    /** The profile claim key (265), the same in platform and realm claims. */
    static final long PROFILE = 265;
    static final int MAX_TEXT_BYTES = 1024;

    private ClaimReader() {
    }

    /**
     * The profile claim (265) of a claims map, read ahead of the other claims because it decides
     * how they are read (as rust-ccatoken reads the realm profile first); null when absent. A
     * duplicate profile is left for the full decoding to report.
     */
    static String profileClaim(byte[] payload, String what) throws MalformedEvidenceException {
        CborReader r = CborReader.over(payload, what);
        int n = r.readMapHeader();
        for (int i = 0; i < n; i++) {
            int major = r.peekMajor();
            if (major != CborReader.MAJOR_UNSIGNED && major != CborReader.MAJOR_NEGATIVE) {
                throw r.fail("map keys must be integers");
            }
            if (r.readInt() == PROFILE) {
                return r.readText(MAX_TEXT_BYTES);
            }
            r.skip();
        }
        return null;
    }

    /** A hash-algorithm claim: text, and one of the names {@link HashAlgorithms} allows. */
    static String hashAlgorithm(CborReader r, String what) throws MalformedEvidenceException {
        String name = r.readText(MAX_TEXT_BYTES);
        if (!HashAlgorithms.isAllowed(name)) {
            throw r.fail(what + " must be " + HashAlgorithms.allowed() + ", found \"" + name + "\"");
        }
        return name;
    }

    static long readKey(CborReader r, Set<Long> seen) throws MalformedEvidenceException {
        int major = r.peekMajor();
        if (major != CborReader.MAJOR_UNSIGNED && major != CborReader.MAJOR_NEGATIVE) {
            throw r.fail("map keys must be integers");
        }
        long key = r.readInt();
        if (!seen.add(key)) {
            throw r.fail("duplicate key " + key);
        }
        return key;
    }

    static byte[] hash(CborReader r, String what) throws MalformedEvidenceException {
        byte[] b = bounded(r, 64, what);
        if (b.length != 32 && b.length != 48 && b.length != 64) {
            throw r.fail(what + " must be 32, 48 or 64 bytes, found " + b.length);
        }
        return b;
    }

    static byte[] exact(CborReader r, int length, String what) throws MalformedEvidenceException {
        byte[] b = bounded(r, length, what);
        if (b.length != length) {
            throw r.fail(what + " must be " + length + " bytes, found " + b.length);
        }
        return b;
    }

    static byte[] ueid(CborReader r, String what) throws MalformedEvidenceException {
        byte[] b = exact(r, 33, what);
        if (b[0] != 0x01) {
            throw r.fail(what + " must start with 0x01 (random UEID), found 0x" + String.format("%02x", b[0]));
        }
        return b;
    }

    static byte[] bounded(CborReader r, int max, String what) throws MalformedEvidenceException {
        if (r.peekMajor() != CborReader.MAJOR_BYTES) {
            throw r.fail(what + " must be a byte string");
        }
        int[] range = r.readBytesRange();
        if (range[1] > max) {
            throw r.fail(what + " is " + range[1] + " bytes, more than the " + max + " allowed");
        }
        return Arrays.copyOfRange(r.data(), range[0], range[0] + range[1]);
    }

    static void require(Object value, String what, CborReader r) throws MalformedEvidenceException {
        if (value == null) {
            throw r.fail("mandatory claim " + what + " is missing");
        }
    }
}
