package io.tee4j.atls;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How an attested TLS server mints its certificates. Immutable.
 *
 * <p>Defaults: certificates valid from 5 minutes before the handshake (clock skew) to 1 hour
 * after; time-window certificates (for clients that send no nonce) cover 10-minute windows; no
 * DNS names; the system UTC clock; a fresh {@link SecureRandom}; 64 nonces remembered (a client
 * retrying with the same nonce gets the same certificate without a second attestation).
 */
public final class AtlsServerOptions {
    private final Clock clock;
    private final Duration lifetime;
    private final Duration timeWindow;
    private final List<String> dnsNames;
    private final SecureRandom random;
    private final int nonceCacheSize;

    private AtlsServerOptions(Builder b) {
        this.clock = b.clock;
        this.lifetime = b.lifetime;
        this.timeWindow = b.timeWindow;
        this.dnsNames = List.copyOf(b.dnsNames);
        this.random = b.random;
        this.nonceCacheSize = b.nonceCacheSize;
    }

    /** The defaults. */
    public static AtlsServerOptions defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public Clock clock() {
        return clock;
    }

    /** How long after the handshake a per-nonce certificate stays valid. */
    public Duration lifetime() {
        return lifetime;
    }

    /** The length of the windows time-window certificates are minted for. */
    public Duration timeWindow() {
        return timeWindow;
    }

    /** DNS names written as subject alternative names, for clients that also verify the host name. */
    public List<String> dnsNames() {
        return dnsNames;
    }

    public SecureRandom random() {
        return random;
    }

    public int nonceCacheSize() {
        return nonceCacheSize;
    }

    /** Builds {@link AtlsServerOptions}. */
    public static final class Builder {
        private Clock clock = Clock.systemUTC();
        private Duration lifetime = Duration.ofHours(1);
        private Duration timeWindow = Duration.ofMinutes(10);
        private List<String> dnsNames = List.of();
        private SecureRandom random = new SecureRandom();
        private int nonceCacheSize = 64;

        private Builder() {
        }

        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        public Builder lifetime(Duration lifetime) {
            if (lifetime.isNegative() || lifetime.isZero()) {
                throw new IllegalArgumentException("the lifetime must be positive");
            }
            this.lifetime = lifetime;
            return this;
        }

        public Builder timeWindow(Duration window) {
            if (window.toSeconds() < 1) {
                throw new IllegalArgumentException("the time window must be at least one second");
            }
            this.timeWindow = window;
            return this;
        }

        public Builder dnsNames(List<String> names) {
            this.dnsNames = List.copyOf(names);
            return this;
        }

        public Builder random(SecureRandom random) {
            this.random = Objects.requireNonNull(random, "random");
            return this;
        }

        public Builder nonceCacheSize(int size) {
            if (size < 1) {
                throw new IllegalArgumentException("the nonce cache holds at least one entry");
            }
            this.nonceCacheSize = size;
            return this;
        }

        public AtlsServerOptions build() {
            return new AtlsServerOptions(this);
        }
    }
}
