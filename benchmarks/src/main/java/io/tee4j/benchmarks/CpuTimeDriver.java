package io.tee4j.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * Ops per CPU-second of the measuring thread for the ECDSA and warm-verification rows that issue 23
 * compares with {@code openssl speed} (which, without {@code -elapsed}, also divides by CPU time):
 * on a shared, loaded machine CPU time is far steadier than JMH's wall-clock rates. Each row runs 1 s
 * of warm-up, then the best of 3 rounds of 1 s. The fixtures are the JMH benchmark classes' own.
 * Run: {@code java -cp benchmarks/target/benchmarks.jar io.tee4j.benchmarks.CpuTimeDriver [row...]}
 * (row names as printed; none: all).
 */
public final class CpuTimeDriver {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private CpuTimeDriver() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, Callable<Object>> rows = rows();
        for (Map.Entry<String, Callable<Object>> row : rows.entrySet()) {
            if (args.length > 0 && !java.util.Arrays.asList(args).contains(row.getKey())) {
                continue;
            }
            System.out.printf("%-24s %,10.0f ops/cpu-s%n", row.getKey(), opsPerCpuSecond(row.getValue()));
        }
    }

    private static Map<String, Callable<Object>> rows() throws Exception {
        Map<String, Callable<Object>> rows = new LinkedHashMap<>();
        EcdsaBenchmark ecdsa = new EcdsaBenchmark();
        EcdsaBenchmark.P384 p384 = new EcdsaBenchmark.P384();
        p384.setup();
        EcdsaBenchmark.P256 p256 = new EcdsaBenchmark.P256();
        p256.setup();
        rows.put("p384KeptComb", () -> ecdsa.p384KeptComb(p384));
        rows.put("p384Warm", () -> ecdsa.p384Warm(p384));
        rows.put("p384Cold", () -> ecdsa.p384Cold(p384));
        rows.put("p256KeptComb", () -> ecdsa.p256KeptComb(p256));
        rows.put("p256Warm", () -> ecdsa.p256Warm(p256));
        SnpBenchmark snp = new SnpBenchmark();
        snp.setup();
        rows.put("snpVerifyWarm", snp::verifyWarm);
        NvidiaBenchmark nvidia = new NvidiaBenchmark();
        nvidia.setUp();
        rows.put("nvidiaVerifyWarm", nvidia::verifyWarm);
        TdxBenchmark tdx = new TdxBenchmark();
        tdx.setup();
        TdxBenchmark.Cursor tdxCursor = new TdxBenchmark.Cursor();
        rows.put("tdxVerifyWarm", () -> tdx.verifyWarm(tdxCursor));
        CcaBenchmark cca = new CcaBenchmark();
        CcaBenchmark.Tokens tokens = new CcaBenchmark.Tokens();
        tokens.setup();
        CcaBenchmark.Cursor ccaCursor = new CcaBenchmark.Cursor();
        rows.put("ccaVerify", () -> cca.verify(tokens, ccaCursor));
        rows.put("ccaVerifySameRealm", () -> cca.verifySameRealm(tokens));
        return rows;
    }

    private static double opsPerCpuSecond(Callable<Object> op) throws Exception {
        runFor(op, 1_000_000_000L);
        double best = 0;
        for (int round = 0; round < 3; round++) {
            long cpu = THREADS.getCurrentThreadCpuTime();
            long n = runFor(op, 1_000_000_000L);
            best = Math.max(best, n / ((THREADS.getCurrentThreadCpuTime() - cpu) / 1e9));
        }
        return best;
    }

    private static long runFor(Callable<Object> op, long nanos) throws Exception {
        long end = System.nanoTime() + nanos;
        long n = 0;
        while (System.nanoTime() < end) {
            Object result = op.call();
            if (result == null || Boolean.FALSE.equals(result)) {
                throw new IllegalStateException("a benchmark failed: " + result);
            }
            n++;
        }
        return n;
    }
}
