package io.tee4j.cli;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A phase timer for one-shot commands, on only with {@code -Dtee4j.startupTrace=true}: prints to
 * standard error, once the command is done, the milliseconds since the JVM started at which each
 * phase ended (main entered, command line built, backend prepared, evidence verified, output
 * written), and beside it the CPU time the command's thread had used by then (Linux; on a loaded
 * machine the more telling figure). Off, {@link #mark} is one static boolean test, so the command's
 * own path is unchanged.
 * Marks hold {@link System#nanoTime()} only; the JVM's start time is read once at the end, so the
 * management classes that read it load after every phase measured and never inside one.
 */
final class StartupTrace {
    static final boolean ON = Boolean.getBoolean("tee4j.startupTrace");
    private static final List<String> NAMES = ON ? new ArrayList<>() : null;
    private static final List<Long> NANOS = ON ? new ArrayList<>() : null;
    private static final List<Long> CPU_NANOS = ON ? new ArrayList<>() : null;

    private StartupTrace() {
    }

    /** Records that a phase ended now. */
    static void mark(String phase) {
        if (ON) {
            synchronized (NAMES) {
                NAMES.add(phase);
                NANOS.add(System.nanoTime());
                CPU_NANOS.add(threadCpuNanos());
            }
        }
    }

    /** Prints the marks as milliseconds since the JVM started, one line each, and forgets them. */
    static void print() {
        if (!ON) {
            return;
        }
        long now = System.nanoTime();
        long uptimeMillis = ManagementFactory.getRuntimeMXBean().getUptime();
        synchronized (NAMES) {
            for (int i = 0; i < NAMES.size(); i++) {
                double at = uptimeMillis - (now - NANOS.get(i)) / 1e6;
                System.err.printf("tee4j: startup: %7.1f ms  (thread CPU %6.1f ms)  %s%n", at,
                        CPU_NANOS.get(i) / 1e6, NAMES.get(i));
            }
            NAMES.clear();
            NANOS.clear();
            CPU_NANOS.clear();
        }
    }

    /** This thread's CPU time so far from Linux's schedstat, or -1 where there is none. */
    private static long threadCpuNanos() {
        try {
            String stat = Files.readString(Path.of("/proc/thread-self/schedstat"));
            return Long.parseLong(stat.substring(0, stat.indexOf(' ')));
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }
}
