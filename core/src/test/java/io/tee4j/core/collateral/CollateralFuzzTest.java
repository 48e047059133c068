package io.tee4j.core.collateral;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.tee4j.core.CollateralUnavailableException;
import io.tee4j.core.collateral.internal.EntryMetadata;
import io.tee4j.core.collateral.internal.RetryAfter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * Fuzz harnesses for the collateral layer's parsers of untrusted bytes: cache metadata files,
 * {@code Retry-After} values, and the CRL freshness reader. Each may only return or throw its one
 * typed exception. In {@code mvn verify} they run in regression mode over the seeds in
 * {@code src/test/resources/io/tee4j/core/collateral/CollateralFuzzTestInputs/<method>/}.
 */
class CollateralFuzzTest {
    private static final Instant NOW = Instant.parse("2024-01-01T00:00:00Z");

    @FuzzTest(maxDuration = "5m")
    void entryMetadata(byte[] data) {
        EntryMetadata m;
        try {
            m = EntryMetadata.parse(data);
        } catch (EntryMetadata.CorruptEntryException expected) {
            return;
        }
        // Whatever parses round-trips.
        try {
            EntryMetadata again = EntryMetadata.parse(m.encode());
            assertEquals(m.key(), again.key());
            assertEquals(m.kind(), again.kind());
            assertEquals(m.sha256(), again.sha256());
            assertEquals(m.nextUpdate(), again.nextUpdate());
            assertEquals(m.headers(), again.headers());
        } catch (EntryMetadata.CorruptEntryException e) {
            throw new AssertionError("re-encoded metadata does not parse", e);
        }
    }

    @FuzzTest(maxDuration = "5m")
    void retryAfter(byte[] data) {
        Optional<Duration> d = RetryAfter.parse(new String(data, StandardCharsets.ISO_8859_1), NOW);
        d.ifPresent(x -> assertFalse(x.isNegative()));
    }

    @FuzzTest(maxDuration = "5m")
    void crlFreshness(byte[] data) {
        try {
            Optional<Instant> next = FreshnessReaders.x509Crl().nextUpdate(data, Map.of());
            assertTrue(next.isPresent());
        } catch (CollateralUnavailableException expected) {
            assertFalse(expected.isRetryable());
        }
    }

    @FuzzTest(maxDuration = "5m")
    void boundedBody(byte[] data) {
        // The subscriber never keeps more than its cap, however the body is split into items.
        if (data.length == 0) {
            return;
        }
        int cap = data[0] & 0xff;
        io.tee4j.core.collateral.internal.BoundedBodySubscriber s =
                new io.tee4j.core.collateral.internal.BoundedBodySubscriber(cap, -1);
        s.onSubscribe(new java.util.concurrent.Flow.Subscription() {
            @Override
            public void request(long n) {
            }

            @Override
            public void cancel() {
            }
        });
        int pos = 1;
        int step = 1;
        while (pos < data.length) {
            int n = Math.min(step, data.length - pos);
            s.onNext(java.util.List.of(java.nio.ByteBuffer.wrap(data, pos, n)));
            pos += n;
            step = step * 3 + 1;
        }
        s.onComplete();
        java.util.concurrent.CompletableFuture<byte[]> body = s.getBody().toCompletableFuture();
        int len = data.length - 1;
        if (len <= cap) {
            assertArrayEquals(java.util.Arrays.copyOfRange(data, 1, data.length), body.join());
        } else {
            assertTrue(body.isCompletedExceptionally());
        }
    }
}
