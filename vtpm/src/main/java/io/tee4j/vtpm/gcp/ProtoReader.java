package io.tee4j.vtpm.gcp;

import io.tee4j.core.MalformedEvidenceException;
import io.tee4j.core.util.ByteReader;

/**
 * A bounded reader of the protobuf wire format, enough for go-tpm-tools' messages: varints (at most
 * ten bytes), length-delimited fields (never longer than what remains), and skipping of 32- and
 * 64-bit fields of unknown numbers. Groups (wire types 3 and 4) are refused: proto3 has none.
 */
final class ProtoReader {
    static final int VARINT = 0;
    static final int FIXED64 = 1;
    static final int LENGTH = 2;
    static final int FIXED32 = 5;

    private final ByteReader in;
    private final String what;
    private int wireType;

    ProtoReader(byte[] bytes, String what) {
        this.in = ByteReader.of(bytes);
        this.what = what;
    }

    /** The next field number, or -1 at the end. */
    int next() throws MalformedEvidenceException {
        if (!in.hasRemaining()) {
            return -1;
        }
        long tag = varint();
        wireType = (int) (tag & 7);
        long field = tag >>> 3;
        if (field == 0 || field > (1 << 29) - 1) {
            throw new MalformedEvidenceException(what + ": protobuf field number " + field + " is invalid");
        }
        if (wireType != VARINT && wireType != FIXED64 && wireType != LENGTH && wireType != FIXED32) {
            throw new MalformedEvidenceException(what + ": protobuf wire type " + wireType + " of field " + field
                    + " is not used by proto3");
        }
        return (int) field;
    }

    int wireType() {
        return wireType;
    }

    long varint() throws MalformedEvidenceException {
        long value = 0;
        for (int shift = 0; shift < 70; shift += 7) {
            int b = in.u8(what + " varint");
            value |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return value;
            }
        }
        throw new MalformedEvidenceException(what + ": protobuf varint longer than ten bytes");
    }

    /** A length-delimited field's bytes; the field must have that wire type. */
    byte[] bytes(int field) throws MalformedEvidenceException {
        expect(LENGTH, field);
        long length = varint();
        // A ten-byte varint can be negative as a long; its low 32 bits would otherwise pass as a small length.
        if (length < 0 || length > in.remaining()) {
            throw new MalformedEvidenceException(what + ": protobuf field " + field + " of " + length
                    + " bytes runs past the message");
        }
        return in.bytes((int) length, what + " field " + field);
    }

    /** A varint field's value; the field must have that wire type. */
    long varintField(int field) throws MalformedEvidenceException {
        expect(VARINT, field);
        return varint();
    }

    /** Skips a field of the current wire type. */
    void skip(int field) throws MalformedEvidenceException {
        switch (wireType) {
            case VARINT -> varint();
            case FIXED64 -> in.skip(8, what + " field " + field);
            case FIXED32 -> in.skip(4, what + " field " + field);
            default -> bytes(field);
        }
    }

    private void expect(int type, int field) throws MalformedEvidenceException {
        if (wireType != type) {
            throw new MalformedEvidenceException(what + ": protobuf field " + field + " has wire type " + wireType
                    + ", expected " + type);
        }
    }
}
