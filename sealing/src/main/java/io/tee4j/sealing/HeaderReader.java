package io.tee4j.sealing;

import io.tee4j.sealing.format.Header;
import io.tee4j.sealing.format.SealedDataFormatException;
import io.tee4j.sealing.internal.TagMismatchException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;

/**
 * Reads sealed-data headers for the public classes and turns the format package's own failures
 * into the API's exceptions, message unchanged: the internal package stays free of API types.
 */
final class HeaderReader {
    private HeaderReader() {
    }

    /** The header at the start of {@code data}. */
    static Header parse(byte[] data) throws MalformedSealedDataException {
        try {
            return Header.parse(data);
        } catch (SealedDataFormatException e) {
            throw malformed(e);
        }
    }

    /** The header at the start of {@code data}'s remaining bytes (its position unchanged). */
    static Header parse(ByteBuffer data) throws MalformedSealedDataException {
        byte[] start = new byte[Math.min(data.remaining(), Header.MAX_HEADER_LENGTH)];
        data.duplicate().get(start);
        return parse(start);
    }

    /** The header read from {@code in}, consuming exactly its bytes. */
    static Header read(InputStream in) throws IOException, MalformedSealedDataException {
        try {
            return Header.read(in);
        } catch (SealedDataFormatException e) {
            throw malformed(e);
        }
    }

    static MalformedSealedDataException malformed(SealedDataFormatException e) {
        return new MalformedSealedDataException(e.getMessage(), e);
    }

    static SealedDataAuthenticationException unauthentic(TagMismatchException e) {
        SealedDataAuthenticationException out = new SealedDataAuthenticationException(e.getMessage());
        out.initCause(e);
        return out;
    }
}
