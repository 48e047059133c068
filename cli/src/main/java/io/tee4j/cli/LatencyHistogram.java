package io.tee4j.cli;

import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * A Prometheus histogram of durations in seconds with fixed buckets (1 ms to 10 s: a warm
 * verification takes about a millisecond, a cold one with collateral fetches seconds). Lock-free;
 * the buckets are written cumulative, as the text format wants them.
 */
final class LatencyHistogram {
    static final double[] BOUNDS = {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};

    private final AtomicLongArray counts = new AtomicLongArray(BOUNDS.length + 1);
    private final AtomicLong sumNanos = new AtomicLong();

    void observe(long nanos) {
        double seconds = nanos / 1e9;
        int i = 0;
        while (i < BOUNDS.length && seconds > BOUNDS[i]) {
            i++;
        }
        counts.incrementAndGet(i);
        sumNanos.addAndGet(nanos);
    }

    /** Appends the {@code _bucket}, {@code _sum} and {@code _count} lines of {@code name} with {@code labels}. */
    void appendTo(StringBuilder out, String name, String labels) {
        String sep = labels.isEmpty() ? "" : labels + ",";
        long cumulative = 0;
        for (int i = 0; i <= BOUNDS.length; i++) {
            cumulative += counts.get(i);
            String le = i < BOUNDS.length ? format(BOUNDS[i]) : "+Inf";
            out.append(name).append("_bucket{").append(sep).append("le=\"").append(le).append("\"} ")
                    .append(cumulative).append('\n');
        }
        String braces = labels.isEmpty() ? "" : "{" + labels + "}";
        out.append(name).append("_sum").append(braces).append(' ').append(format(sumNanos.get() / 1e9)).append('\n');
        out.append(name).append("_count").append(braces).append(' ').append(cumulative).append('\n');
    }

    private static String format(double d) {
        String s = String.format(Locale.ROOT, "%.6f", d);
        s = s.replaceAll("0+$", "");
        return s.endsWith(".") ? s + "0" : s;
    }
}
