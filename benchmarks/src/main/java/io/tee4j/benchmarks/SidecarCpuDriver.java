package io.tee4j.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The CPU-time view of {@link SidecarBenchmark} for a loaded machine, where wall-clock rates are
 * noise: both sidecar transports ({@code --http-server blocking} and {@code jdk}) started in this
 * JVM as the benchmark starts them, {@code /v1/verify} with the same SEV-SNP and TDX requests over
 * one {@link KeepAliveHttpClient} per client thread, and for each: the wall rate, the sidecar's
 * CPU per request (the process's CPU time less the client threads' own, so it includes the
 * server's threads, GC and JIT), and the in-process prepared verification's CPU per call on its
 * own thread. {@code prepared CPU / server CPU} is the share of the in-process rate a CPU-bound
 * sidecar can reach; the same figure with two client threads says whether anything per request
 * grows with concurrency.
 *
 * <p>Run: {@code java -cp benchmarks/target/benchmarks.jar io.tee4j.benchmarks.SidecarCpuDriver [seconds [tees]]}
 * (default 3 s per cell; {@code tees} a comma-separated subset of {@code sev-snp,tdx}, for profiling
 * one; the whole table runs twice and the first round is a warm-up). The client CPU column is the
 * load client's own CPU per request (its thread, kernel time of its socket calls included): with
 * one client thread it adds to every request's wall time.
 */
public final class SidecarCpuDriver {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final com.sun.management.OperatingSystemMXBean OS =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    private SidecarCpuDriver() {
    }

    public static void main(String[] args) throws Exception {
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 3;
        String[] tees = args.length > 1 ? args[1].split(",") : new String[] {"sev-snp", "tdx"};
        List<SidecarBenchmark> sidecars = new ArrayList<>();
        for (String kind : new String[] {"blocking", "jdk"}) {
            SidecarBenchmark b = new SidecarBenchmark();
            b.httpServer = kind;
            b.setup();
            sidecars.add(b);
        }
        SidecarBenchmark any = sidecars.get(0);
        SidecarBenchmark.Cursor cursor = new SidecarBenchmark.Cursor();
        for (int round = 0; round < 2; round++) {
            System.out.println(round == 0 ? "warm-up round (discard):" : "measured round:");
            table(sidecars, any, cursor, seconds, tees);
        }
        System.exit(0);
    }

    private static void table(List<SidecarBenchmark> sidecars, SidecarBenchmark any, SidecarBenchmark.Cursor cursor,
            double seconds, String[] tees) throws Exception {
        System.out.println("tee      transport  threads  requests/s  process CPU us/req  server threads CPU us/req"
                + "  prepared CPU us/verify  prepared/server-threads CPU  client CPU us/req");
        for (String tee : tees) {
            boolean snp = tee.equals("sev-snp");
            Runnable prepared = () -> {
                try {
                    if (snp) {
                        any.snpPrepared();
                    } else {
                        any.tdxPrepared(cursor);
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            };
            double preparedUs = cpuPerCall(prepared, seconds);
            for (int threads = 1; threads <= 2; threads++) {
                for (SidecarBenchmark b : sidecars) {
                    double[] r = load(b, snp, threads, seconds);
                    System.out.printf(Locale.ROOT, "%-7s  %-9s  %7d  %10.0f  %18.1f  %25.1f  %22.1f  %26.0f %%  %17.1f%n",
                            tee, b.httpServer, threads, r[0], r[1], r[2], preparedUs, 100 * preparedUs / r[2], r[3]);
                }
            }
        }
    }

    /** CPU time of every live Java thread (JIT compiler and GC threads are not among them). */
    private static java.util.Map<Long, Long> javaThreadCpu() {
        java.util.Map<Long, Long> out = new java.util.HashMap<>();
        for (long id : THREADS.getAllThreadIds()) {
            long cpu = THREADS.getThreadCpuTime(id);
            if (cpu >= 0) {
                out.put(id, cpu);
            }
        }
        return out;
    }

    /** CPU microseconds per call of {@code call} on this thread, over about {@code seconds}. */
    private static double cpuPerCall(Runnable call, double seconds) {
        long end = System.nanoTime() + (long) (seconds * 1e9);
        long cpu0 = THREADS.getCurrentThreadCpuTime();
        long n = 0;
        while (System.nanoTime() < end) {
            call.run();
            n++;
        }
        return (THREADS.getCurrentThreadCpuTime() - cpu0) / 1e3 / n;
    }

    /** {requests per second, process CPU less the clients' per request, Java threads
     * other than the clients per request, the clients' own per request (all three in microseconds)}
     * with {@code threads} keep-alive clients. */
    private static double[] load(SidecarBenchmark b, boolean snp, int threads, double seconds) throws Exception {
        AtomicLong requests = new AtomicLong();
        AtomicLong clientCpu = new AtomicLong();
        long end = System.nanoTime() + (long) (seconds * 1e9);
        List<Thread> clients = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Thread c = new Thread(() -> {
                long cpu0 = THREADS.getCurrentThreadCpuTime();
                int i = 0;
                try (KeepAliveHttpClient k = new KeepAliveHttpClient(b.port)) {
                    while (System.nanoTime() < end) {
                        k.post("/v1/verify", snp ? b.snpBody : b.tdxBodies[i++ & 15]);
                        requests.incrementAndGet();
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                } finally {
                    clientCpu.addAndGet(THREADS.getCurrentThreadCpuTime() - cpu0);
                }
            }, "load-client-" + t);
            clients.add(c);
        }
        long wall0 = System.nanoTime();
        long process0 = OS.getProcessCpuTime();
        java.util.Map<Long, Long> threads0 = javaThreadCpu();
        clients.forEach(Thread::start);
        for (Thread c : clients) {
            c.join();
        }
        long process = OS.getProcessCpuTime() - process0;
        java.util.Map<Long, Long> threads1 = javaThreadCpu();
        double wall = (System.nanoTime() - wall0) / 1e9;
        long serverThreads = 0;
        for (java.util.Map.Entry<Long, Long> e : threads1.entrySet()) {
            boolean client = clients.stream().anyMatch(c -> c.getId() == e.getKey());
            if (!client) {
                serverThreads += e.getValue() - threads0.getOrDefault(e.getKey(), 0L);
            }
        }
        long n = requests.get();
        return new double[] {n / wall, (process - clientCpu.get()) / 1e3 / n, serverThreads / 1e3 / n,
            clientCpu.get() / 1e3 / n};
    }
}
