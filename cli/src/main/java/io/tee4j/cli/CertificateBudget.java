package io.tee4j.cli;

import io.tee4j.core.crypto.Certificates;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The cap on certificates in one sidecar request: {@code certificates} and {@code trustRoots}
 * together hold at most {@link #MAX_CERTIFICATES}. Real evidence needs far fewer (an SNP chain
 * is 3, an NVIDIA GPU chain 5 plus its root), while a pool of hundreds of look-alike leaves and
 * intermediates makes a backend try chain after chain. The count is taken before any certificate
 * is parsed, so a refused pool costs a scan of its bytes and nothing more.
 */
final class CertificateBudget {
    static final int MAX_CERTIFICATES = 16;
    /** How far {@link Certificates#isPem} looks for the PEM marker. */
    static final int PEM_WINDOW = 64 * 1024;
    private static final byte[] PEM_BEGIN = "-----BEGIN ".getBytes(StandardCharsets.US_ASCII);

    private int used;

    /** Counts the entries of {@code field}; a {@link BadRequest} at the entry that passes the cap. */
    void spend(String field, List<byte[]> entries) {
        for (int i = 0; i < entries.size(); i++) {
            used += count(entries.get(i));
            if (used > MAX_CERTIFICATES) {
                throw BadRequest.usage("$." + field + "[" + i + "]: more than " + MAX_CERTIFICATES
                        + " certificates in one request (certificates and trustRoots together)");
            }
        }
    }

    /**
     * How many certificates an entry can hold at most: one per PEM block (any label, so nothing
     * parsed later escapes the count), one for DER. An entry is PEM as {@link Certificates#isPem}
     * decides (a {@code -----BEGIN } within its first {@value #PEM_WINDOW} bytes), found here by
     * the same scan that counts, without the text copy of the entry that {@code isPem} makes.
     */
    static int count(byte[] entry) {
        int first = indexOf(entry, 0);
        if (first < 0 || first + PEM_BEGIN.length > PEM_WINDOW) {
            return 1;
        }
        int n = 0;
        for (int i = first; i >= 0; i = indexOf(entry, i + PEM_BEGIN.length)) {
            n++;
            if (n > MAX_CERTIFICATES) {
                break;
            }
        }
        return n;
    }

    /** Where {@code -----BEGIN } starts at or after {@code from}, or -1: a scan for its first byte, then a compare. */
    private static int indexOf(byte[] data, int from) {
        int last = data.length - PEM_BEGIN.length;
        for (int i = from; i <= last; i++) {
            if (data[i] == '-' && startsAt(data, i)) {
                return i;
            }
        }
        return -1;
    }

    private static boolean startsAt(byte[] data, int at) {
        for (int j = 1; j < PEM_BEGIN.length; j++) {
            if (data[at + j] != PEM_BEGIN[j]) {
                return false;
            }
        }
        return true;
    }
}
