package io.tee4j.cli;

import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * Verification instants given by users ({@code verify --at}, the sidecar's {@code at}): ISO-8601
 * instants from 1970-01-01T00:00:00Z to 9999-12-31T23:59:59Z. {@link Instant} itself reaches the
 * year one billion, where converting to a {@link java.util.Date} for certificate checks overflows;
 * no certificate, CRL or TCB info is dated outside these years, so nothing is lost by refusing.
 */
final class Instants {
    static final Instant EARLIEST = Instant.EPOCH;
    static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999999999Z");

    private Instants() {
    }

    /**
     * Parses an instant a user gave.
     *
     * @param what how the value is named in the error, e.g. {@code "--at"} or {@code "$.at"}
     * @throws UsageException not an ISO-8601 instant, or outside 1970..9999
     */
    static Instant parse(String value, String what) throws UsageException {
        Instant at;
        try {
            at = Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new UsageException(what + ": not an ISO-8601 instant (like 2024-06-01T00:00:00Z): " + shorten(value));
        }
        if (at.isBefore(EARLIEST) || at.isAfter(LATEST)) {
            throw new UsageException(what + ": " + shorten(value)
                    + " is outside the years 1970 to 9999 that evidence and collateral are dated in");
        }
        return at;
    }

    private static String shorten(String value) {
        return value.length() <= 64 ? value : value.substring(0, 64) + "…";
    }
}
