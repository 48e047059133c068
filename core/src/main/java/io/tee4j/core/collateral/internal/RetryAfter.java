package io.tee4j.core.collateral.internal;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Optional;

/**
 * Reads an HTTP {@code Retry-After} header value (RFC 9110 §10.2.3): either a number of seconds or
 * an IMF-fixdate ({@code Sun, 06 Nov 1994 08:49:37 GMT}). The obsolete RFC 850 and asctime date
 * forms are not read (an unreadable value is treated as absent, so the caller's own backoff
 * applies).
 */
public final class RetryAfter {
    /** Values longer than this are not parsed. */
    static final int MAX_LENGTH = 64;

    /** A delay this long or longer is returned for numbers too large to represent. */
    static final Duration HUGE = Duration.ofSeconds(Long.MAX_VALUE / 1_000_000_000L);

    private RetryAfter() {
    }

    /**
     * The delay the value asks for, measured from {@code now} for a date; zero for a date in the
     * past; empty when the value is absent or unreadable.
     */
    public static Optional<Duration> parse(String value, Instant now) {
        if (value == null) {
            return Optional.empty();
        }
        String v = value.trim();
        if (v.isEmpty() || v.length() > MAX_LENGTH) {
            return Optional.empty();
        }
        if (allDigits(v)) {
            if (v.length() > 18) {
                return Optional.of(HUGE);
            }
            long seconds = Long.parseLong(v);
            return Optional.of(seconds >= HUGE.getSeconds() ? HUGE : Duration.ofSeconds(seconds));
        }
        try {
            Instant at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            Duration d = Duration.between(now, at);
            return Optional.of(d.isNegative() ? Duration.ZERO : d);
        } catch (DateTimeException | ArithmeticException e) {
            return Optional.empty();
        }
    }

    private static boolean allDigits(String v) {
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }
}
