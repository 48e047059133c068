package io.tee4j.benchmarks;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The control for the two-thread scaling of the verifiers: a fixed arithmetic loop that shares
 * nothing between threads, on one and on two threads. Its own "vs 1 thread" figure is what the
 * machine gives two threads at that moment (2.0 on two free cores; near 1.0 on a box whose other
 * users leave about one core), so a verifier's scaling is read against it, not against 2.0.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@State(Scope.Thread)
@Threads(1)
@Fork(1)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
public class ControlBenchmark {
    private long x = 1;

    /** About as long as one P-384 verification: 200,000 dependent multiply-adds. */
    @Benchmark
    public long cpuLoop() {
        long v = x;
        for (int i = 0; i < 200_000; i++) {
            v = v * 6364136223846793005L + 1442695040888963407L;
        }
        x = v;
        return v;
    }

    @Benchmark
    @Threads(2)
    public long cpuLoopTwoThreads() {
        return cpuLoop();
    }
}
