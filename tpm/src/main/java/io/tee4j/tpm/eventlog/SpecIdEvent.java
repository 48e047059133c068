package io.tee4j.tpm.eventlog;

import io.tee4j.core.MalformedEvidenceException;
import io.tee4j.core.util.ByteReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The "Spec ID Event03" that opens a crypto-agile log (TCG_EfiSpecIDEventStruct): platform class,
 * spec version, UINTN size, and the digest algorithms with their sizes, which is how every later
 * record's digests are sized (an algorithm tee4j does not know is skipped by its declared size).
 *
 * @param platformClass 0 client, 1 server
 * @param versionMajor spec major version (2)
 * @param versionMinor spec minor version
 * @param errata spec errata
 * @param uintnSize 1 for 32-bit, 2 for 64-bit UINTN
 * @param algorithms the declared algorithms, in order
 * @since 0.1
 */
public record SpecIdEvent(long platformClass, int versionMajor, int versionMinor, int errata, int uintnSize,
        List<Algorithm> algorithms) {
    private static final byte[] SIGNATURE = "Spec ID Event03\0".getBytes(StandardCharsets.US_ASCII);
    private static final int MAX_ALGORITHMS = 16;

    /**
     * One declared digest algorithm.
     *
     * @param id the TPM_ALG_ID
     * @param size its digest size in bytes
     */
    public record Algorithm(int id, int size) {
    }

    /** Copies the list. */
    public SpecIdEvent {
        algorithms = List.copyOf(algorithms);
    }

    static SpecIdEvent parse(byte[] data) throws MalformedEvidenceException {
        ByteReader r = ByteReader.of(data);
        if (!Arrays.equals(r.bytes(SIGNATURE.length, "Spec ID signature"), SIGNATURE)) {
            throw new MalformedEvidenceException("the event log does not start with a \"Spec ID Event03\" event "
                    + "(not a crypto-agile TCG PC Client log)");
        }
        long platformClass = r.u32("Spec ID platformClass");
        int minor = r.u8("Spec ID specVersionMinor");
        int major = r.u8("Spec ID specVersionMajor");
        int errata = r.u8("Spec ID specErrata");
        int uintn = r.u8("Spec ID uintnSize");
        long count = r.u32("Spec ID numberOfAlgorithms");
        if (count == 0 || count > MAX_ALGORITHMS) {
            throw new MalformedEvidenceException("Spec ID event declares " + count + " algorithms (1 to "
                    + MAX_ALGORITHMS + ")");
        }
        List<Algorithm> algs = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int id = r.u16("Spec ID algorithmId", i);
            int size = r.u16("Spec ID digestSize", i);
            if (size == 0 || size > 64) {
                throw new MalformedEvidenceException("Spec ID algorithm 0x" + Integer.toHexString(id) + " has digest size "
                        + size);
            }
            for (Algorithm a : algs) {
                if (a.id() == id) {
                    throw new MalformedEvidenceException("Spec ID event declares algorithm 0x" + Integer.toHexString(id)
                            + " twice");
                }
            }
            algs.add(new Algorithm(id, size));
        }
        int vendorSize = r.u8("Spec ID vendorInfoSize");
        r.skip(vendorSize, "Spec ID vendorInfo");
        return new SpecIdEvent(platformClass, major, minor, errata, uintn, algs);
    }

    /** The declared size of an algorithm, or -1. */
    int sizeOf(int id) {
        for (Algorithm a : algorithms) {
            if (a.id() == id) {
                return a.size();
            }
        }
        return -1;
    }
}
