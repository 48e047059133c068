package io.tee4j.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * Warm verification paths and their signature floors, measured in ops per CPU-second of the
 * measuring thread (the benchmark classes' own fixtures), for a shared machine where wall-clock
 * rates are noise. Run after {@code mvn -B -o -q -DskipTests -pl benchmarks -am package}:
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar io.tee4j.benchmarks.WarmPathCpuTime [case ...]
 * </pre>
 *
 * With no case names it runs all of them. After {@code -Dwarm.warmupSeconds} (default 1) of warm-up per
 * case, the cases are run <em>interleaved</em>: {@code -Dwarm.slices} (default 20) rounds, each giving every
 * case one slice of {@code -Dwarm.sliceSeconds} (default 0.25) wall-clock seconds, so that a load change on a
 * shared machine hits every case alike; each case's ops are divided by the CPU time of the measuring
 * thread over its slices (GC threads' work is not counted). Printed with the bytes the measuring thread
 * allocated per operation. Read ratios between cases of one run (a warm verification against its
 * signature alone), not rates. For a profile, run one case long under JFR, e.g. {@code -Dwarm.slices=1
 * -Dwarm.sliceSeconds=20 -XX:StartFlightRecording=filename=snp.jfr,settings=profile}.
 */
public final class WarmPathCpuTime {
    private WarmPathCpuTime() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, Callable<Object>> all = cases();
        java.util.List<String> names = args.length == 0 ? java.util.List.copyOf(all.keySet()) : java.util.List.of(args);
        double warmup = Double.parseDouble(System.getProperty("warm.warmupSeconds", "1"));
        double slice = Double.parseDouble(System.getProperty("warm.sliceSeconds", "0.25"));
        int slices = Integer.getInteger("warm.slices", 20);
        for (String name : names) {
            if (!all.containsKey(name)) {
                throw new IllegalArgumentException("unknown case " + name + "; known: " + all.keySet());
            }
            run(all.get(name), warmup);
        }
        long[] ops = new long[names.size()];
        long[] cpu = new long[names.size()];
        for (int round = 0; round < slices; round++) {
            for (int i = 0; i < names.size(); i++) {
                long[] r = run(all.get(names.get(i)), slice);
                ops[i] += r[0];
                cpu[i] += r[1];
            }
        }
        for (int i = 0; i < names.size(); i++) {
            System.out.printf("%-22s %10.0f ops/cpu-s %10.0f B/op%n", names.get(i), ops[i] / (cpu[i] / 1e9),
                    allocatedPerOp(all.get(names.get(i))));
        }
    }

    /** Runs {@code c} for about {@code seconds} of wall-clock time; returns {ops, CPU nanoseconds}. */
    private static long[] run(Callable<Object> c, double seconds) throws Exception {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        long end = System.nanoTime() + (long) (seconds * 1e9);
        long cpu0 = mx.getCurrentThreadCpuTime();
        long ops = 0;
        Object sink = null;
        do {
            for (int i = 0; i < 16; i++) {
                sink = c.call();
            }
            ops += 16;
        } while (System.nanoTime() < end);
        long cpu = mx.getCurrentThreadCpuTime() - cpu0;
        if (sink == null || Boolean.FALSE.equals(sink)) {
            throw new IllegalStateException("a case returned " + sink);
        }
        return new long[] {ops, cpu};
    }

    /** Bytes the current thread allocates per call of {@code c}, over 2,000 calls. */
    private static double allocatedPerOp(Callable<Object> c) throws Exception {
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long before = mx.getCurrentThreadAllocatedBytes();
        int n = 2000;
        for (int i = 0; i < n; i++) {
            c.call();
        }
        return (mx.getCurrentThreadAllocatedBytes() - before) / (double) n;
    }

    private static Map<String, Callable<Object>> cases() throws Exception {
        Map<String, Callable<Object>> m = new LinkedHashMap<>();
        SnpBenchmark snp = new SnpBenchmark();
        snp.setup();
        m.put("snp.signature", snp::signatureOnly);
        m.put("snp.warm", snp::verifyWarm);
        NvidiaBenchmark nv = new NvidiaBenchmark();
        nv.setUp();
        m.put("nvidia.signature", nv::signatureOnly);
        m.put("nvidia.warm", nv::verifyWarm);
        TdxBenchmark tdx = new TdxBenchmark();
        tdx.setup();
        TdxBenchmark.Cursor tc = new TdxBenchmark.Cursor();
        m.put("tdx.signature", tdx::ecdsaP256KeptKey);
        m.put("tdx.warm", () -> tdx.verifyWarm(tc));
        CcaBenchmark cca = new CcaBenchmark();
        CcaBenchmark.Tokens tokens = new CcaBenchmark.Tokens();
        tokens.setup();
        CcaBenchmark.Cursor cc = new CcaBenchmark.Cursor();
        m.put("cca.verify", () -> cca.verify(tokens, cc));
        m.put("cca.sameRealm", () -> cca.verifySameRealm(tokens));
        m.put("cca.decode", () -> cca.decode(tokens));
        EcdsaBenchmark ecdsa = new EcdsaBenchmark();
        EcdsaBenchmark.P384 p384 = new EcdsaBenchmark.P384();
        p384.setup();
        m.put("p384.kept", () -> ecdsa.p384KeptComb(p384));
        m.put("p384.cold", () -> ecdsa.p384Cold(p384));
        return m;
    }
}
