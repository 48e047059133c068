package io.tee4j.cca.abi;

import io.tee4j.core.MalformedEvidenceException;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;

/**
 * A decoded COSE_Sign1 message (RFC 9052, tag 18) as CCA tokens carry it: the protected header
 * kept as its exact bytes, the algorithm read from it, the attached payload and the raw
 * {@code r || s} signature.
 *
 * <p>Refused: an untagged or differently tagged message, a protected header that is not a
 * non-empty map with an integer {@code alg}, a {@code crit} header (no critical extension is
 * understood), a label present in both headers, an {@code alg} other than ES256, ES384 or ES512,
 * a detached (nil) payload, trailing bytes.
 */
public final class CoseSign1 {
    public static final long TAG = 18;
    private static final int LABEL_ALG = 1;
    private static final int LABEL_CRIT = 2;
    private static final byte[] CONTEXT = {0x6a, 'S', 'i', 'g', 'n', 'a', 't', 'u', 'r', 'e', '1'};

    private final byte[] protectedHeader;
    private final long algorithm;
    private final byte[] payload;
    private final byte[] signature;

    private CoseSign1(byte[] protectedHeader, long algorithm, byte[] payload, byte[] signature) {
        this.protectedHeader = protectedHeader;
        this.algorithm = algorithm;
        this.payload = payload;
        this.signature = signature;
    }

    /** Decodes the whole of {@code data[offset, offset+length)} as one tagged COSE_Sign1. */
    public static CoseSign1 decode(byte[] data, int offset, int length, String what) throws MalformedEvidenceException {
        CborReader r = CborReader.over(data, offset, length, what);
        long tag = r.readTag();
        if (tag != TAG) {
            throw r.fail("expected COSE_Sign1 tag 18, found tag " + Long.toUnsignedString(tag));
        }
        int n = r.readArrayHeader();
        if (n != 4) {
            throw r.fail("COSE_Sign1 must be an array of 4 items, found " + n);
        }
        int[] prot = r.readBytesRange();
        Set<Object> protectedLabels = new HashSet<>();
        long alg = parseProtected(data, prot, what, protectedLabels);
        parseUnprotected(r, protectedLabels);
        if (r.peekMajor() != CborReader.MAJOR_BYTES) {
            throw r.fail("COSE_Sign1 payload must be an attached byte string (detached payloads are not supported)");
        }
        byte[] payload = r.readBytes();
        byte[] signature = r.readBytes();
        r.requireEnd();
        return new CoseSign1(Arrays.copyOfRange(data, prot[0], prot[0] + prot[1]), alg, payload, signature);
    }

    private static long parseProtected(byte[] data, int[] range, String what, Set<Object> labels)
            throws MalformedEvidenceException {
        if (range[1] == 0) {
            throw new MalformedEvidenceException(what + ": empty protected header (no algorithm)");
        }
        CborReader h = CborReader.over(data, range[0], range[1], what + " protected header");
        int entries = h.readMapHeader();
        Long alg = null;
        for (int i = 0; i < entries; i++) {
            Object label = readLabel(h);
            if (!labels.add(label)) {
                throw h.fail("duplicate header label " + label);
            }
            if (Long.valueOf(LABEL_ALG).equals(label)) {
                alg = h.readInt();
            } else if (Long.valueOf(LABEL_CRIT).equals(label)) {
                throw h.fail("critical header parameters (crit) are not supported");
            } else {
                h.skip();
            }
        }
        h.requireEnd();
        if (alg == null) {
            throw h.fail("protected header has no alg");
        }
        return alg;
    }

    private static void parseUnprotected(CborReader r, Set<Object> protectedLabels) throws MalformedEvidenceException {
        int entries = r.readMapHeader();
        Set<Object> seen = new HashSet<>();
        for (int i = 0; i < entries; i++) {
            Object label = readLabel(r);
            if (!seen.add(label)) {
                throw r.fail("duplicate unprotected header label " + label);
            }
            if (protectedLabels.contains(label)) {
                throw r.fail("header label " + label + " is in both the protected and the unprotected header");
            }
            if (Long.valueOf(LABEL_ALG).equals(label) || Long.valueOf(LABEL_CRIT).equals(label)) {
                throw r.fail("header label " + label + " must be protected");
            }
            r.skip();
        }
    }

    /** COSE labels are integers ({@code Long}) or text ({@code String}). */
    private static Object readLabel(CborReader r) throws MalformedEvidenceException {
        if (r.peekMajor() == CborReader.MAJOR_TEXT) {
            return r.readText(256);
        }
        return r.readInt();
    }

    /** The exact bytes of the protected header (the content of its byte string). */
    public byte[] protectedHeader() {
        return protectedHeader.clone();
    }

    /** The COSE algorithm from the protected header. */
    public long algorithm() {
        return algorithm;
    }

    /** The payload; a copy. */
    public byte[] payload() {
        return payload.clone();
    }

    /** The payload without copying; callers must not modify it. */
    public byte[] payloadUnsafe() {
        return payload;
    }

    /** The raw signature; a copy. */
    public byte[] signature() {
        return signature.clone();
    }

    /** The signature without copying; callers must not modify it. */
    public byte[] signatureUnsafe() {
        return signature;
    }

    /** {@code Sig_structure = ["Signature1", protected, h'', payload]}, rebuilt from the exact bytes. */
    public byte[] toBeSigned() {
        return toBeSigned(protectedHeader, payload);
    }

    /** The Sig_structure for the given protected header bytes and payload. */
    public static byte[] toBeSigned(byte[] protectedHeader, byte[] payload) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(protectedHeader.length + payload.length + 32);
        out.write(0x84);
        out.write(CONTEXT, 0, CONTEXT.length);
        writeBytesHead(out, protectedHeader.length);
        out.write(protectedHeader, 0, protectedHeader.length);
        out.write(0x40);
        writeBytesHead(out, payload.length);
        out.write(payload, 0, payload.length);
        return out.toByteArray();
    }

    static void writeBytesHead(ByteArrayOutputStream out, int length) {
        CborWriter.writeHead(out, CborReader.MAJOR_BYTES, length);
    }
}
