package io.tee4j.benchmarks;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Issue 15's sidecar throughput criterion measured as alternating windows in one JVM, for a host
 * whose speed drifts between JMH forks (this VM's did by 20 % within minutes): one second of
 * {@code /v1/verify} over real loopback HTTP/1.1 with keep-alive ({@link SidecarBenchmark}'s
 * sidecar and requests, {@link KeepAliveHttpClient}, one client thread), one second of the
 * in-process warm rate ({@code SnpBenchmark.verifyWarm} or {@code TdxBenchmark.verifyWarm}), one
 * second of the sidecar with two client threads; each round gives the sidecar's share of the warm
 * rate and the two-thread scaling, and the driver prints every round and the medians. The first
 * three rounds warm the JIT and are not counted.
 *
 * <p>Run: {@code java -cp benchmarks/target/benchmarks.jar io.tee4j.benchmarks.SidecarRatioDriver
 * [rounds [tees]]} (default 10 rounds of {@code sev-snp,tdx}).
 */
public final class SidecarRatioDriver {
    private static final long WINDOW_NANOS = 1_000_000_000L;
    private static final int WARM_UP_ROUNDS = 3;

    private SidecarRatioDriver() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        String[] tees = args.length > 1 ? args[1].split(",") : new String[] {"sev-snp", "tdx"};
        SidecarBenchmark sidecar = new SidecarBenchmark();
        sidecar.httpServer = "blocking";
        sidecar.setup();
        for (String tee : tees) {
            boolean snp = tee.equals("sev-snp");
            Callable<Object> warm = snp ? snpWarm() : tdxWarm();
            ClientThread[] clients = {new ClientThread(sidecar, snp), new ClientThread(sidecar, snp)};
            List<Double> shares = new ArrayList<>();
            List<Double> scaling = new ArrayList<>();
            System.out.println(tee + ": sidecar 1 client, in-process verifyWarm, sidecar 2 clients (requests/s)");
            for (int r = 0; r < rounds + WARM_UP_ROUNDS; r++) {
                double one = rate(clients[0]);
                double inProcess = rate(warm);
                double two = twoClientRate(clients);
                if (r < WARM_UP_ROUNDS) {
                    continue;
                }
                shares.add(one / inProcess);
                scaling.add(two / one);
                System.out.printf(Locale.ROOT, "  %8.0f  %8.0f  %8.0f   share %5.1f %%   two/one %.2fx%n", one, inProcess,
                        two, 100 * one / inProcess, two / one);
            }
            System.out.printf(Locale.ROOT, "%s median: sidecar %.1f %% of in-process verifyWarm, two clients %.2fx one%n",
                    tee, 100 * median(shares), median(scaling));
        }
        System.exit(0);
    }

    private static Callable<Object> snpWarm() throws Exception {
        SnpBenchmark b = new SnpBenchmark();
        b.setup();
        return b::verifyWarm;
    }

    private static Callable<Object> tdxWarm() throws Exception {
        TdxBenchmark b = new TdxBenchmark();
        b.setup();
        TdxBenchmark.Cursor c = new TdxBenchmark.Cursor();
        return () -> b.verifyWarm(c);
    }

    /** One client thread's connection and position in the request ring: {@code call} is one request. */
    private static final class ClientThread implements Callable<Object> {
        private final SidecarBenchmark sidecar;
        private final boolean snp;
        private final SidecarBenchmark.Connection connection = new SidecarBenchmark.Connection();
        private final SidecarBenchmark.Cursor cursor = new SidecarBenchmark.Cursor();

        ClientThread(SidecarBenchmark sidecar, boolean snp) {
            this.sidecar = sidecar;
            this.snp = snp;
        }

        @Override
        public Object call() throws Exception {
            return snp ? sidecar.snpSidecar(connection) : sidecar.tdxSidecar(cursor, connection);
        }
    }

    private static double rate(Callable<Object> op) throws Exception {
        long start = System.nanoTime();
        long end = start + WINDOW_NANOS;
        long n = 0;
        while (System.nanoTime() < end) {
            op.call();
            n++;
        }
        return n / ((System.nanoTime() - start) / 1e9);
    }

    private static double twoClientRate(ClientThread[] clients) throws InterruptedException {
        AtomicLong total = new AtomicLong();
        long start = System.nanoTime();
        long end = start + WINDOW_NANOS;
        Thread[] threads = new Thread[clients.length];
        for (int i = 0; i < clients.length; i++) {
            ClientThread client = clients[i];
            threads[i] = new Thread(() -> {
                long n = 0;
                try {
                    while (System.nanoTime() < end) {
                        client.call();
                        n++;
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
                total.addAndGet(n);
            }, "load-client-" + i);
            threads[i].start();
        }
        for (Thread t : threads) {
            t.join();
        }
        return total.get() / ((System.nanoTime() - start) / 1e9);
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}
