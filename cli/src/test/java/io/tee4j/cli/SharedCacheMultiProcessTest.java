package io.tee4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.tee4j.core.collateral.CollateralDirectory;
import io.tee4j.core.collateral.FetchedCollateral;
import io.tee4j.snp.simulator.SimulatedKds;
import io.tee4j.tdx.simulator.FakePcs;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One cache, many processes (issue 22): {@value #PROCESSES} JVMs × {@value #THREADS} threads,
 * each process with one collateral source like a sidecar, verify SEV-SNP and TDX evidence (and a
 * tampered report that must fail) against ONE cold cache directory through a loopback fake
 * KDS/PCS that counts every request by process (User-Agent) and document. Each document is
 * fetched at most once per process, and every verdict is the expected one. The figures are
 * printed for RELIABILITY.md. {@code -Dtee4j.sharedCache.rounds=N} makes the run longer.
 */
class SharedCacheMultiProcessTest {
    static {
        // Before any test server starts: the JDK reads its server settings once per process.
        JdkHttpServerSettings.apply();
    }

    static final int PROCESSES = 4;
    static final int THREADS = 8;
    private static final Pattern VERDICTS = Pattern.compile("verdicts ok=(\\d+) wrong=(\\d+)(.*)");

    @TempDir
    Path tmp;

    @Test
    void fourProcessesOfEightThreadsShareOneColdCache() throws Exception {
        int rounds = Integer.getInteger("tee4j.sharedCache.rounds", 6);
        Path bundle = tmp.resolve("upstream");
        Path[] snp = FleetFixtures.snpFiles(tmp);
        Path[] tdx = FleetFixtures.tdxFiles(tmp);
        fillUpstream(bundle, snp, tdx);
        Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();
        HttpServer fake = countingMirror(bundle, counts);
        Path cache = tmp.resolve("shared-cache");
        long start = System.nanoTime();
        try {
            String base = "http://127.0.0.1:" + fake.getAddress().getPort();
            long startAt = System.currentTimeMillis() + 4_000;
            List<Process> processes = new ArrayList<>();
            for (int p = 0; p < PROCESSES; p++) {
                processes.add(new ProcessBuilder(Cli.java(), "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp",
                        Cli.classPath(), SharedCacheWorker.class.getName(), Integer.toString(p), cache.toString(), base,
                        Integer.toString(THREADS), Integer.toString(rounds), Long.toString(startAt), snp[0].toString(),
                        snp[1].toString(), snp[2].toString(), tdx[0].toString(), tdx[1].toString())
                        .redirectErrorStream(true).start());
            }
            int ok = 0;
            int wrong = 0;
            for (Process p : processes) {
                String out = new String(p.getInputStream().readAllBytes());
                assertTrue(p.waitFor(Duration.ofSeconds(120).toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS));
                Matcher m = VERDICTS.matcher(out);
                assertTrue(m.find(), out);
                ok += Integer.parseInt(m.group(1));
                wrong += Integer.parseInt(m.group(2));
                assertEquals(0, Integer.parseInt(m.group(2)), "wrong verdicts: " + out);
            }
            Map<String, Integer> perDocument = new TreeMap<>();
            Map<String, Integer> perProcess = new TreeMap<>();
            for (Map.Entry<String, AtomicInteger> e : counts.entrySet()) {
                assertTrue(e.getValue().get() <= 1, "fetched more than once by one process: " + e);
                String doc = e.getKey().substring(e.getKey().indexOf(' ') + 1);
                String who = e.getKey().substring(0, e.getKey().indexOf(' '));
                perDocument.merge(doc, e.getValue().get(), Integer::sum);
                perProcess.merge(who, e.getValue().get(), Integer::sum);
            }
            assertEquals(PROCESSES * THREADS * rounds, ok + wrong);
            assertEquals(6, perDocument.size(), "SNP VCEK and CRL, TDX TCB info, QE identity and two CRLs: "
                    + perDocument);
            System.out.println("SharedCacheMultiProcessTest: " + PROCESSES + " processes x " + THREADS + " threads x "
                    + rounds + " rounds, " + (ok + wrong) + " verdicts, " + wrong + " wrong; fetches per document "
                    + perDocument + " (max 1 per process), per process " + perProcess + "; "
                    + Duration.ofNanos(System.nanoTime() - start).toMillis() + " ms");
        } finally {
            fake.stop(0);
        }
    }

    /** Fetches the documents once from the simulators' fakes, as a collateral bundle to serve from. */
    private void fillUpstream(Path bundle, Path[] snp, Path[] tdx) throws Exception {
        try (SimulatedKds kds = FleetFixtures.kds(); FakePcs pcs = FleetFixtures.pcs()) {
            Cli.Result a = Cli.run("collateral", "fetch", "--tee", "sev-snp", "--evidence", snp[0].toString(),
                    "--trust-root", snp[1].toString(), "--cert", snp[2].toString(), "--at", FleetFixtures.AT_TEXT,
                    "--kds-url", kds.baseUri().toString(), "--out", bundle.toString());
            assertEquals(0, a.rc(), a.toString());
            Cli.Result b = Cli.run("collateral", "fetch", "--tee", "tdx", "--evidence", tdx[0].toString(),
                    "--trust-root", tdx[1].toString(), "--at", FleetFixtures.AT_TEXT, "--pccs-url",
                    pcs.baseUri().toString(), "--out", bundle.toString());
            assertEquals(0, b.rc(), b.toString());
        }
    }

    /** Serves the bundle at the vendors' layouts (as {@code collateral serve}), counting by User-Agent and path. */
    private static HttpServer countingMirror(Path bundle, Map<String, AtomicInteger> counts) throws Exception {
        CollateralDirectory dir = CollateralDirectory.at(bundle);
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        server.setExecutor(java.util.concurrent.Executors.newFixedThreadPool(8));
        server.createContext("/", ex -> {
            try (ex) {
                String path = ex.getRequestURI().getRawPath();
                String query = ex.getRequestURI().getRawQuery();
                String who = String.valueOf(ex.getRequestHeaders().getFirst("User-Agent"));
                counts.computeIfAbsent(who + " " + path, k -> new AtomicInteger()).incrementAndGet();
                Optional<FetchedCollateral> doc = Optional.empty();
                for (String key : CollateralMirror.keys(path, query)) {
                    doc = dir.read(key, 1 << 20);
                    if (doc.isPresent()) {
                        break;
                    }
                }
                if (doc.isEmpty()) {
                    ex.sendResponseHeaders(404, -1);
                    return;
                }
                doc.get().headers().forEach((k, v) -> {
                    if (k.endsWith("-issuer-chain")) {
                        ex.getResponseHeaders().set(k, v.get(0));
                    }
                });
                byte[] body = doc.get().body();
                ex.sendResponseHeaders(200, body.length);
                try (OutputStream o = ex.getResponseBody()) {
                    o.write(body);
                }
            }
        });
        server.start();
        return server;
    }
}
