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
 * With no case names it runs all of them. Each case gets {@code -Dwarm.warmupSeconds} (default 1)
 * of warm-up, then {@code -Dwarm.rounds} (default 3) rounds of {@code -Dwarm.seconds} (default 1)
 * wall-clock seconds; the best round's ops per CPU-second is printed. The CPU time is the
 * measuring thread's only (GC threads' work is not counted). For a profile, run one case long
 * under JFR, e.g. {@code -Dwarm.seconds=20 -Dwarm.rounds=1
 * -XX:StartFlightRecording=filename=snp.jfr,settings=profile}.
 */
public final class WarmPathCpuTime {
    private WarmPathCpuTime() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, Callable<Object>> cases = cases();
        Iterable<String> names = args.length == 0 ? cases.keySet() : java.util.List.of(args);
        double warmup = Double.parseDouble(System.getProperty("warm.warmupSeconds", "1"));
        double seconds = Double.parseDouble(System.getProperty("warm.seconds", "1"));
        int rounds = Integer.getInteger("warm.rounds", 3);
        for (String name : names) {
            Callable<Object> c = cases.get(name);
            if (c == null) {
                throw new IllegalArgumentException("unknown case " + name + "; known: " + cases.keySet());
            }
            run(c, warmup);
            double best = 0;
            for (int i = 0; i < rounds; i++) {
                best = Math.max(best, run(c, seconds));
            }
            System.out.printf("%-22s %10.0f ops/cpu-s%n", name, best);
        }
    }

    /** Runs {@code c} for about {@code seconds} of wall-clock time; returns ops per CPU-second. */
    private static double run(Callable<Object> c, double seconds) throws Exception {
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
        return ops / (cpu / 1e9);
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
