package io.tee4j.robustness;

import io.tee4j.core.collateral.HttpCollateralSource;
import java.time.Duration;

/**
 * The HTTP collateral source every loopback fault test uses: plain http allowed (the fake services
 * listen on 127.0.0.1), 1 s timeouts, 2 attempts within 3 s, short backoff, and Retry-After honoured
 * up to 2 s, so that every faulty cell ends in a few seconds.
 */
final class LoopbackHttp {
    private LoopbackHttp() {
    }

    static HttpCollateralSource source() {
        return HttpCollateralSource.builder().allowPlainHttp().connectTimeout(Duration.ofSeconds(1))
                .requestTimeout(Duration.ofSeconds(1)).deadline(Duration.ofSeconds(3)).maxAttempts(2)
                .backoff(Duration.ofMillis(50), Duration.ofMillis(200)).maxRetryAfter(Duration.ofSeconds(2)).build();
    }
}
