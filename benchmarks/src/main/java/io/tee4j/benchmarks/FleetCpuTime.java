package io.tee4j.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Locale;

/**
 * Issue 23, item 3, measured in CPU time of the benchmark thread (the machine is shared, so
 * wall-clock rates are noise): the fleet rows {@code TdxBenchmark.verifyNewPlatform} and
 * {@code NvidiaBenchmark.verifyNewGpu} beside the warm and cold rows of the same benchmarks, with
 * the benchmarks' own set-up. Prints ops per CPU-second, best of three rounds of one CPU-second;
 * compare with {@code openssl speed -seconds 3 ecdsap256 ecdsap384} run right after (its figures are
 * CPU time without {@code -elapsed}).
 *
 * <pre>java -cp benchmarks/target/benchmarks.jar io.tee4j.benchmarks.FleetCpuTime</pre>
 */
public final class FleetCpuTime {
    private FleetCpuTime() {
    }

    /** One benchmark method call. */
    @FunctionalInterface
    interface Op {
        Object run() throws Exception;
    }

    public static void main(String[] args) throws Exception {
        TdxBenchmark tdx = new TdxBenchmark();
        tdx.setup();
        TdxBenchmark.Cursor cursor = new TdxBenchmark.Cursor();
        print("TdxBenchmark.verifyNewPlatform", tdx::verifyNewPlatform);
        print("TdxBenchmark.verifyWarm", () -> tdx.verifyWarm(cursor));
        print("TdxBenchmark.verifyCold", () -> tdx.verifyCold(cursor));
        NvidiaBenchmark nv = new NvidiaBenchmark();
        nv.setUp();
        print("NvidiaBenchmark.verifyNewGpu", nv::verifyNewGpu);
        print("NvidiaBenchmark.verifyWarm", nv::verifyWarm);
        print("NvidiaBenchmark.verifyCold", nv::verifyCold);
    }

    private static void print(String name, Op op) throws Exception {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        for (long end = System.nanoTime() + 2_000_000_000L; System.nanoTime() < end; ) {
            op.run();
        }
        double best = 0;
        for (int round = 0; round < 3; round++) {
            long start = mx.getCurrentThreadCpuTime();
            long n = 0;
            long used;
            do {
                op.run();
                n++;
                used = mx.getCurrentThreadCpuTime() - start;
            } while (used < 1_000_000_000L);
            best = Math.max(best, n / (used / 1e9));
        }
        System.out.printf(Locale.ROOT, "%-34s %10.0f ops/cpu-s%n", name, best);
    }
}
