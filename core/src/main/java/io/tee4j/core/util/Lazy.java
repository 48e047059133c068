package io.tee4j.core.util;

import java.util.Objects;
import java.util.function.Supplier;

/**
 * A value computed on first use and then kept, for results whose claims tree is costly and often
 * never asked for. Thread-safe without locking: under a race the supplier may run more than once,
 * so it must be free of side effects and give equal values; every caller then sees one of them.
 *
 * <p>Support code for tee4j's own modules, not API (see the package documentation).
 *
 * @param <T> the value's type (never null)
 */
public final class Lazy<T> implements Supplier<T> {
    private final Supplier<T> supplier;
    private volatile T value;

    private Lazy(Supplier<T> supplier) {
        this.supplier = Objects.requireNonNull(supplier, "supplier");
    }

    /** A lazy value computed by {@code supplier} on the first {@link #get()}. */
    public static <T> Lazy<T> of(Supplier<T> supplier) {
        return new Lazy<>(supplier);
    }

    @Override
    public T get() {
        T v = value;
        if (v == null) {
            v = Objects.requireNonNull(supplier.get(), "the supplier gave null");
            value = v;
        }
        return v;
    }
}
