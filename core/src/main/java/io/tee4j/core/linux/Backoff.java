package io.tee4j.core.linux;

import io.tee4j.core.Sleeper;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * Bounded exponential backoff for calls that fail transiently ({@code EBUSY}, {@code EAGAIN},
 * a firmware "busy" status): at most {@link #maxAttempts()} attempts, sleeping
 * {@link #initialDelay()} after the first failure and doubling (times {@link #multiplier()}) up to
 * {@link #maxDelay()} after each further one. No jitter: the callers are one process talking to
 * its own guest driver.
 *
 * <p>Defaults ({@link #defaults()}): 5 attempts, 50 ms first delay, ×2, at most 1 s between
 * attempts (so at most 0.75 s of sleeping in all).
 *
 * <p>Sleeping goes through an injected {@link Sleeper}, so unit tests do not sleep. When the sleep
 * is interrupted the retrying stops, the thread's interrupt status is set again and the last
 * failure is thrown.
 *
 * <p>Immutable and thread-safe (provided the sleeper is).
 *
 * @since 0.1
 */
public final class Backoff {

    /** One attempt of a retried call. */
    @FunctionalInterface
    public interface Attempt<T, E extends Exception> {
        /** Makes the call once. */
        T run() throws E;
    }

    private static final Backoff DEFAULTS = builder().build();

    private final int maxAttempts;
    private final Duration initialDelay;
    private final Duration maxDelay;
    private final int multiplier;
    private final Sleeper sleeper;

    private Backoff(Builder b) {
        this.maxAttempts = b.maxAttempts;
        this.initialDelay = b.initialDelay;
        this.maxDelay = b.maxDelay;
        this.multiplier = b.multiplier;
        this.sleeper = b.sleeper;
    }

    /** 5 attempts, 50 ms, ×2, at most 1 s, real sleeping. */
    public static Backoff defaults() {
        return DEFAULTS;
    }

    /** A single attempt: never retries. */
    public static Backoff none() {
        return builder().maxAttempts(1).build();
    }

    /** A builder starting from the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from this backoff's settings. */
    public Builder toBuilder() {
        return new Builder().maxAttempts(maxAttempts).initialDelay(initialDelay).maxDelay(maxDelay)
                .multiplier(multiplier).sleeper(sleeper);
    }

    /** This backoff with another sleeper (tests pass one that records instead of sleeping). */
    public Backoff withSleeper(Sleeper sleeper) {
        return toBuilder().sleeper(sleeper).build();
    }

    /** Total attempts, including the first. */
    public int maxAttempts() {
        return maxAttempts;
    }

    /** The delay after the first failure. */
    public Duration initialDelay() {
        return initialDelay;
    }

    /** The largest delay between two attempts. */
    public Duration maxDelay() {
        return maxDelay;
    }

    /** The factor by which the delay grows after each failure. */
    public int multiplier() {
        return multiplier;
    }

    /** The delay after failed attempt number {@code failedAttempt} (1-based). */
    public Duration delayAfter(int failedAttempt) {
        if (failedAttempt < 1) {
            throw new IllegalArgumentException("attempts count from 1: " + failedAttempt);
        }
        Duration d = initialDelay;
        for (int i = 1; i < failedAttempt && d.compareTo(maxDelay) < 0; i++) {
            d = d.multipliedBy(multiplier);
        }
        return d.compareTo(maxDelay) > 0 ? maxDelay : d;
    }

    /**
     * Runs {@code attempt} until it succeeds, fails with an exception {@code retryable} rejects,
     * or {@link #maxAttempts()} attempts have failed; then throws the last failure.
     *
     * @param exceptionType the checked exception type the attempt throws; only failures of this
     *     type are offered to {@code retryable}, anything else propagates at once
     */
    public <T, E extends Exception> T run(Attempt<T, E> attempt, Class<E> exceptionType,
            Predicate<? super E> retryable) throws E {
        Objects.requireNonNull(attempt, "attempt");
        Objects.requireNonNull(exceptionType, "exceptionType");
        Objects.requireNonNull(retryable, "retryable");
        for (int n = 1; ; n++) {
            try {
                return attempt.run();
            } catch (Exception e) {
                if (!exceptionType.isInstance(e)) {
                    throw sneaky(e);
                }
                E failure = exceptionType.cast(e);
                if (n >= maxAttempts || !retryable.test(failure)) {
                    throw failure;
                }
                try {
                    sleeper.sleep(delayAfter(n));
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    failure.addSuppressed(ie);
                    throw failure;
                }
            }
        }
    }

    /**
     * {@code device.ioctl(request, arg)}, retried while it fails with {@code EBUSY},
     * {@code EAGAIN} or {@code EINTR}. Every other {@code errno} is thrown at once.
     *
     * <p>The same argument buffer is passed again, so use this only for ioctls whose argument the
     * driver leaves untouched on those errors. (For SEV-SNP guest requests, where the driver may
     * have consumed a message sequence number, build a fresh request per attempt with
     * {@link #run}.)
     */
    public int ioctl(DeviceFile device, long request, NativeBuffer arg) throws IoctlException {
        Objects.requireNonNull(device, "device");
        return run(() -> device.ioctl(request, arg), IoctlException.class, IoctlException::isTransient);
    }

    @SuppressWarnings("unchecked")
    private static <X extends Throwable> RuntimeException sneaky(Throwable t) throws X {
        throw (X) t;
    }

    @Override
    public String toString() {
        return "Backoff[" + maxAttempts + " attempts, " + initialDelay.toMillis() + " ms x" + multiplier + " up to "
                + maxDelay.toMillis() + " ms]";
    }

    /** Builds a {@link Backoff}; unset values are the defaults. */
    public static final class Builder {
        private int maxAttempts = 5;
        private Duration initialDelay = Duration.ofMillis(50);
        private Duration maxDelay = Duration.ofSeconds(1);
        private int multiplier = 2;
        private Sleeper sleeper = Sleeper.system();

        private Builder() {
        }

        /** Total attempts including the first, 1..100. Default 5. */
        public Builder maxAttempts(int maxAttempts) {
            if (maxAttempts < 1 || maxAttempts > 100) {
                throw new IllegalArgumentException("maxAttempts must be 1..100: " + maxAttempts);
            }
            this.maxAttempts = maxAttempts;
            return this;
        }

        /** Delay after the first failure, 0..1 min. Default 50 ms. */
        public Builder initialDelay(Duration initialDelay) {
            this.initialDelay = checkDelay(initialDelay, "initialDelay");
            return this;
        }

        /** Largest delay, 0..1 min. Default 1 s. */
        public Builder maxDelay(Duration maxDelay) {
            this.maxDelay = checkDelay(maxDelay, "maxDelay");
            return this;
        }

        /** Growth factor, 1..10. Default 2. */
        public Builder multiplier(int multiplier) {
            if (multiplier < 1 || multiplier > 10) {
                throw new IllegalArgumentException("multiplier must be 1..10: " + multiplier);
            }
            this.multiplier = multiplier;
            return this;
        }

        /** How to sleep. Default {@link Sleeper#system()}. */
        public Builder sleeper(Sleeper sleeper) {
            this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
            return this;
        }

        /** @throws IllegalArgumentException when the initial delay exceeds the largest */
        public Backoff build() {
            if (initialDelay.compareTo(maxDelay) > 0) {
                throw new IllegalArgumentException("initialDelay " + initialDelay + " exceeds maxDelay " + maxDelay);
            }
            return new Backoff(this);
        }

        private static Duration checkDelay(Duration d, String name) {
            Objects.requireNonNull(d, name);
            if (d.isNegative() || d.compareTo(Duration.ofMinutes(1)) > 0) {
                throw new IllegalArgumentException(name + " must be between 0 and 1 minute: " + d);
            }
            return d;
        }
    }
}
