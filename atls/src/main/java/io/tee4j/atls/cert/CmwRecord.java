package io.tee4j.atls.cert;

import java.util.Objects;
import java.util.OptionalLong;

/**
 * One RATS Conceptual Message Wrapper record (RFC 9999 §3.1): a media type, the wrapped message's
 * bytes and the optional indicator bitmap ({@link #IND_EVIDENCE} for evidence). Immutable.
 *
 * <p>A record says nothing about authenticity: CMW gives no integrity of its own. The message
 * inside is verified by the TEE's verifier; the record only says how to read it.
 *
 * @param type the media type (a CoAP Content-Format number in CBOR is kept as its decimal text)
 * @param value the wrapped message (base64url-decoded for a JSON record)
 * @param indicator the {@code ind} bitmap, when present
 */
public record CmwRecord(String type, byte[] value, OptionalLong indicator) {
    /** {@code ind} bit 1: endorsements (a VCEK, a PCK chain). */
    public static final long IND_ENDORSEMENTS = 2;
    /** {@code ind} bit 2: evidence. */
    public static final long IND_EVIDENCE = 4;

    public CmwRecord {
        Objects.requireNonNull(type, "type");
        value = Objects.requireNonNull(value, "value").clone();
        Objects.requireNonNull(indicator, "indicator");
    }

    /** A copy of the wrapped message. */
    @Override
    public byte[] value() {
        return value.clone();
    }

    /** The length of the wrapped message, without copying it. */
    public int length() {
        return value.length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CmwRecord r && type.equals(r.type) && java.util.Arrays.equals(value, r.value)
                && indicator.equals(r.indicator);
    }

    @Override
    public int hashCode() {
        return 31 * type.hashCode() + java.util.Arrays.hashCode(value);
    }

    @Override
    public String toString() {
        return "CmwRecord[" + type + ", " + value.length + " bytes" + (indicator.isPresent() ? ", ind "
                + indicator.getAsLong() : "") + "]";
    }
}
