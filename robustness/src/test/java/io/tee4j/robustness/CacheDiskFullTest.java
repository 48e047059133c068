package io.tee4j.robustness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tee4j.core.CollateralUnavailableException;
import io.tee4j.core.FailureClass;
import io.tee4j.core.collateral.CachingCollateralSource;
import io.tee4j.core.collateral.CollateralDirectory;
import io.tee4j.core.collateral.CollateralSource;
import io.tee4j.core.collateral.CollateralSources;
import io.tee4j.core.collateral.FetchedCollateral;
import io.tee4j.core.collateral.HttpCollateralSource;
import io.tee4j.core.testing.FaultyHttpServer;
import io.tee4j.robustness.DiskFullTargets.Fetched;
import io.tee4j.robustness.DiskFullTargets.Target;
import io.tee4j.tdx.simulator.TdxSimulator;
import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The on-disk collateral cache on a disk that fills up ({@link FullDiskFileSystem}: ENOSPC once a
 * byte quota is used, or at the n-th {@code force} or {@code move}), on the TDX online path (the
 * simulator's quote, IntelPcs over a loopback PCS) and the SEV-SNP KDS path (the real Genoa report,
 * its VCEK from a loopback KDS).
 *
 * <p>The cells come from a first, unlimited run that logs what the cache writes (per entry: the
 * body's temporary file, then the metadata's, each forced and renamed, then the folder forced): the
 * disk is full from the start (with and without room for the cache folder itself), at the first
 * byte and in the middle of every body and every metadata file of every entry, and at every
 * {@code force} and every {@code move} in turn. The cells are run once more over a folder already
 * holding an unusable old entry for every document (TDX: an expired copy; SEV-SNP: a corrupt VCEK
 * entry), so that the failed write replaces something (except where that leaves the same files as
 * another cell: a body's first byte, every force).
 *
 * <p>What each cell asserts, and why:
 * <ul>
 *   <li><b>Genuine evidence is accepted.</b> {@code CachingCollateralSource.store} puts the fetched
 *       document in memory before it writes the directory and catches the write's
 *       {@code IOException} (its rule "directory failures never fail a fetch"), so the verifier gets
 *       the document it fetched; the cache is an optimisation and a full disk is not a reason to
 *       refuse a genuine platform. A typed error here would be a regression.</li>
 *   <li><b>Tampered evidence is rejected</b> ({@code VERIFICATION_FAILED}), on the same cache.</li>
 *   <li><b>No partial or stale entry is ever served later.</b> A fresh offline cache over the same
 *       folder (disk no longer full), and one over the still-full view, serve each document either
 *       byte for byte as fetched or not at all (a non-retryable collateral-unavailable); exactly the
 *       entries whose two files were both written are served. Offline verification is then
 *       accepted when every entry is whole; else {@code REVOCATION_UNAVAILABLE} when only CRLs are
 *       missing and {@code COLLATERAL_UNAVAILABLE} when another document is; tampered evidence
 *       offline is never accepted.</li>
 *   <li><b>An online cache refetches exactly what is missing</b> (counted at the loopback server),
 *       accepts, and leaves every entry whole.</li>
 *   <li><b>No temporary file is left behind</b>, in any cell, nor after ten failed writes in a row.</li>
 *   <li>The fault was really injected (ENOSPC raised at least once), no unchecked exception, and
 *       each cell takes under {@value #MAX_CELL_MILLIS} ms.</li>
 * </ul>
 */
class CacheDiskFullTest {
    private static final Instant T0 = Instant.parse("2026-06-01T00:00:00Z");
    private static final Clock NOW = Clock.fixed(T0.plus(Duration.ofDays(1)), ZoneOffset.UTC);
    private static final long MAX_CELL_MILLIS = 10_000;
    private static final int REPEATS = 10;

    private static TdxSimulator sim;
    private static TdxSimulator stale;
    private static final Map<FailureClass, Integer> VERDICTS = new EnumMap<>(FailureClass.class);
    private static int cellCount;
    private static int faultCount;
    private static int tempFilesLeft;
    private static long slowestMillis;
    private static String slowestCell = "none";

    @TempDir
    Path tmp;

    @BeforeAll
    static void simulators() {
        sim = TdxSimulator.builder().clock(Clock.fixed(T0, ZoneOffset.UTC)).build();
        // another simulator's documents of the same kinds, issued 60 days earlier: past their nextUpdate at NOW
        stale = TdxSimulator.builder().clock(Clock.fixed(T0.minus(Duration.ofDays(60)), ZoneOffset.UTC)).build();
    }

    @AfterAll
    static void figures() {
        System.out.printf("CacheDiskFullTest: %d cells, %d ENOSPC faults injected, slowest cell %d ms (%s), "
                + "temporary files left %d, verdicts %s%n", cellCount, faultCount, slowestMillis, slowestCell,
                tempFilesLeft, VERDICTS);
    }

    private static CachingCollateralSource onlineCache(Path dir) {
        return CachingCollateralSource.builder(LoopbackHttp.source()).clock(NOW).directory(dir).build();
    }

    // ---------------------------------------------------------------- baseline and cells

    /** One way the disk fills, and the entries that must come out whole. */
    private static final class Cell {
        final String name;
        long quota = Long.MAX_VALUE;
        boolean namesNeedSpace;
        int failForceAt;
        int failMoveAt;
        final Set<Integer> whole;
        /** Also run over old entries (false where that leaves the same files as another replacing cell). */
        boolean replacing = true;

        Cell(String name, Set<Integer> whole) {
            this.name = name;
            this.whole = whole;
        }

        FullDiskFileSystem disk(Path real) {
            return FullDiskFileSystem.over(real).quota(quota).namesNeedSpace(namesNeedSpace).failForceAt(failForceAt)
                    .failMoveAt(failMoveAt);
        }
    }

    private static Set<Integer> range(int from, int to) {
        return IntStream.range(from, to).boxed().collect(Collectors.toSet());
    }

    private static Set<Integer> allBut(int entries, int k) {
        Set<Integer> s = range(0, entries);
        s.remove(k);
        return s;
    }

    /**
     * Runs the genuine evidence once on an unlimited disk, recording each fetched document and
     * what the cache wrote, and checks the write pattern the cells are placed on.
     */
    private List<Fetched> baseline(Target t, FullDiskFileSystem disk) {
        List<Fetched> recorded = new ArrayList<>();
        HttpCollateralSource http = LoopbackHttp.source();
        CollateralSource recording = request -> {
            FetchedCollateral f = http.fetch(request);
            recorded.add(new Fetched(request, f));
            return f;
        };
        FailureClass v = t.verify(t.genuine, CachingCollateralSource.builder(recording).clock(NOW)
                .directory(disk.root()).build());
        assertEquals(null, v, t.name + " baseline");
        assertEquals(t.entryNames.size(), recorded.size(), t.name + " documents fetched");
        CollateralDirectory dir = CollateralDirectory.at(disk.real());
        List<String> expected = new ArrayList<>();
        for (Fetched f : recorded) {
            expected.add(dir.bodyFile(f.request.cacheKey()).getFileName().toString());
            expected.add(dir.metadataFile(f.request.cacheKey()).getFileName().toString());
        }
        List<String> written = disk.writes().stream().map(w -> w.name).collect(Collectors.toList());
        assertEquals(expected, written, t.name + " cache writes (body then metadata per entry, in fetch order)");
        assertEquals(3 * recorded.size(), disk.forces(), t.name + " forces (body, metadata, folder per entry)");
        assertEquals(2 * recorded.size(), disk.moves(), t.name + " moves (body, metadata per entry)");
        return recorded;
    }

    private static List<Cell> cells(Target t, List<FullDiskFileSystem.Written> writes) {
        int n = t.entryNames.size();
        List<Cell> cells = new ArrayList<>();
        Cell noRoom = new Cell("full from the start, no room for the cache folder", Set.of());
        noRoom.quota = 0;
        noRoom.namesNeedSpace = true;
        cells.add(noRoom);
        Cell noData = new Cell("full from the start, names free, no data", Set.of());
        noData.quota = 0;
        cells.add(noData);
        long offset = 0;
        for (int j = 0; j < writes.size(); j++) {
            int k = j / 2;
            String file = t.entryNames.get(k) + (j % 2 == 0 ? " body" : " metadata");
            long size = writes.get(j).bytes;
            if (j > 0) {
                Cell atStart = new Cell("full at the first byte of the " + file, range(0, k));
                atStart.quota = offset;
                // at a body's first byte the old files stay as they are, as in the full-from-the-start cells
                atStart.replacing = j % 2 == 1;
                cells.add(atStart);
            }
            Cell mid = new Cell("full in the middle of the " + file + " (" + size / 2 + " of " + size + " bytes)",
                    range(0, k));
            mid.quota = offset + size / 2;
            cells.add(mid);
            offset += size;
        }
        String[] forced = {"body", "metadata", "folder"};
        for (int i = 1; i <= 3 * n; i++) {
            int k = (i - 1) / 3;
            String what = forced[(i - 1) % 3];
            // the folder's force only makes the renames durable: the cache ignores its failure
            Cell c = new Cell("ENOSPC from force of the " + t.entryNames.get(k) + " " + what,
                    what.equals("folder") ? range(0, n) : allBut(n, k));
            c.failForceAt = i;
            // over old entries a failed force leaves the same files as a failed rename of that file
            c.replacing = false;
            cells.add(c);
        }
        for (int i = 1; i <= 2 * n; i++) {
            int k = (i - 1) / 2;
            Cell c = new Cell("ENOSPC from the rename of the " + t.entryNames.get(k) + " "
                    + (i % 2 == 1 ? "body" : "metadata"), allBut(n, k));
            c.failMoveAt = i;
            cells.add(c);
        }
        return cells;
    }

    // ---------------------------------------------------------------- one cell

    private static synchronized void verdict(FailureClass c) {
        if (c != null) {
            VERDICTS.merge(c, 1, Integer::sum);
        }
    }

    /** Files in the entries folder other than finished bodies and metadata (temporary files). */
    private static int strayFiles(Path root) throws IOException {
        Path v1 = root.resolve("v1");
        if (!Files.isDirectory(v1)) {
            return 0;
        }
        try (Stream<Path> s = Files.list(v1)) {
            return (int) s.map(p -> p.getFileName().toString())
                    .filter(f -> !f.endsWith(".body") && !f.endsWith(".meta")).count();
        }
    }

    /**
     * Which entries a fresh offline cache over {@code root} serves; anything it serves must be
     * exactly the fetched bytes, anything else a non-retryable collateral-unavailable.
     */
    private static Set<Integer> served(Path root, List<Fetched> recorded, String cell, List<String> wrong) {
        CachingCollateralSource offline = CachingCollateralSource.builder(CollateralSource.none()).clock(NOW)
                .directory(root).offline().build();
        Set<Integer> served = new HashSet<>();
        for (int k = 0; k < recorded.size(); k++) {
            Fetched f = recorded.get(k);
            try {
                FetchedCollateral got = offline.fetch(f.request);
                if (Arrays.equals(got.body(), f.body)) {
                    served.add(k);
                } else {
                    wrong.add(cell + ": entry " + k + " served " + got.body().length + " bytes that are not the "
                            + f.body.length + " fetched (partial or stale entry)");
                }
            } catch (CollateralUnavailableException e) {
                if (e.isRetryable()) {
                    wrong.add(cell + ": offline miss of entry " + k + " is retryable: " + e.getMessage());
                }
            } catch (RuntimeException e) {
                wrong.add(cell + ": offline read of entry " + k + ": unchecked " + e);
            }
        }
        return served;
    }

    private void runCell(Target t, Cell c, List<Fetched> recorded, boolean replacing, List<String> wrong)
            throws IOException {
        String cell = t.name + (replacing ? " replacing old entries" : "") + " / " + c.name;
        Path real = Files.createDirectories(tmp.resolve("cell-" + cellCount));
        if (replacing) {
            t.prepopulate(CollateralDirectory.at(real), recorded);
        }
        FullDiskFileSystem disk = c.disk(real);
        long t0 = System.nanoTime();
        int before = wrong.size();
        try {
            CachingCollateralSource cache = onlineCache(disk.root());
            FailureClass genuine = t.verify(t.genuine, cache);
            FailureClass tampered = t.verify(t.tampered, cache);
            verdict(tampered);
            if (genuine != null) {
                wrong.add(cell + ": genuine evidence -> " + genuine + " (the fetched document should be used)");
            }
            if (tampered != FailureClass.VERIFICATION_FAILED) {
                wrong.add(cell + ": tampered evidence -> " + (tampered == null ? "ACCEPTED" : tampered));
            }
            if (disk.faults() == 0) {
                wrong.add(cell + ": no ENOSPC was raised; the cell tests nothing");
            }
            int stray = strayFiles(real);
            tempFilesLeft += stray;
            if (stray != 0) {
                wrong.add(cell + ": " + stray + " temporary files left");
            }
            // later: a fresh cache over the same folder, offline, disk no longer full and still full
            Set<Integer> served = served(real, recorded, cell, wrong);
            Set<Integer> servedFull = served(disk.root(), recorded, cell + " (still full)", wrong);
            if (!served.equals(c.whole) || !servedFull.equals(c.whole)) {
                wrong.add(cell + ": offline cache serves entries " + served + " / " + servedFull + ", expected "
                        + c.whole);
            }
            FailureClass offline = t.verify(t.genuine, CollateralSources.offline(real, NOW));
            FailureClass offlineTampered = t.verify(t.tampered, CollateralSources.offline(real, NOW));
            verdict(offline);
            verdict(offlineTampered);
            if (offline != offlineVerdict(t, c.whole)) {
                wrong.add(cell + ": offline genuine -> " + (offline == null ? "ACCEPTED" : offline));
            }
            if (offlineTampered == null || (offlineTampered != FailureClass.VERIFICATION_FAILED
                    && offlineTampered != offlineVerdict(t, c.whole))) {
                wrong.add(cell + ": offline tampered -> " + (offlineTampered == null ? "ACCEPTED" : offlineTampered));
            }
            // online again with room: refetches exactly the entries that are not whole
            int[] counts = requestCounts(t, recorded);
            FailureClass refill = t.verify(t.genuine, onlineCache(real));
            int[] after = requestCounts(t, recorded);
            for (int k = 0; k < recorded.size(); k++) {
                int expected = c.whole.contains(k) ? 0 : 1;
                if (after[k] - counts[k] != expected) {
                    wrong.add(cell + ": online refill fetched entry " + k + " " + (after[k] - counts[k])
                            + " times, expected " + expected);
                }
            }
            if (refill != null) {
                wrong.add(cell + ": online refill -> " + refill);
            }
            if (served(real, recorded, cell + " (after refill)", wrong).size() != recorded.size()) {
                wrong.add(cell + ": entries still not whole after the refill");
            }
        } catch (RuntimeException e) {
            wrong.add(cell + ": unchecked " + e);
        }
        long ms = (System.nanoTime() - t0) / 1_000_000;
        if (ms > MAX_CELL_MILLIS) {
            wrong.add(cell + " took " + ms + " ms");
        }
        System.out.printf("CacheDiskFullTest %s: %d ENOSPC, whole %s, %d ms%s%n", cell, disk.faults(), c.whole, ms,
                wrong.size() == before ? "" : " WRONG");
        cellCount++;
        faultCount += disk.faults();
        if (ms > slowestMillis) {
            slowestMillis = ms;
            slowestCell = cell;
        }
    }

    /**
     * The offline verdict for genuine evidence when only the entries {@code whole} were written:
     * accepted when all were; a missing CRL alone is revocation unavailable (what the verifier
     * lacks is the revocation status, and RevocationMode.REQUIRE says so); any other missing
     * document is collateral unavailable (the TDX verifier fetches TCB info and QE identity first).
     */
    private static FailureClass offlineVerdict(Target t, Set<Integer> whole) {
        if (whole.size() == t.entryNames.size()) {
            return null;
        }
        for (int k = 0; k < t.entryNames.size(); k++) {
            if (!whole.contains(k) && !t.entryNames.get(k).contains("CRL")) {
                return FailureClass.COLLATERAL_UNAVAILABLE;
            }
        }
        return FailureClass.REVOCATION_UNAVAILABLE;
    }

    /** Requests the loopback server has seen for each recorded document's path. */
    private static int[] requestCounts(Target t, List<Fetched> recorded) {
        return recorded.stream().mapToInt(f -> t.server.requestCount(f.request.uri().getPath())).toArray();
    }

    private void matrix(Target t, boolean replaceToo) throws IOException {
        FullDiskFileSystem unlimited = FullDiskFileSystem.over(Files.createDirectories(tmp.resolve(t.name + "-baseline")));
        List<Fetched> recorded = baseline(t, unlimited);
        List<Cell> cells = cells(t, unlimited.writes());
        List<String> wrong = new ArrayList<>();
        for (Cell c : cells) {
            runCell(t, c, recorded, false, wrong);
        }
        if (replaceToo) {
            for (Cell c : cells) {
                if (c.replacing) {
                    runCell(t, c, recorded, true, wrong);
                }
            }
        }
        assertTrue(wrong.isEmpty(), String.join("\n", wrong));
    }

    @Test
    void tdxOnlineWithTheCacheDiskFull() throws Exception {
        try (FaultyHttpServer server = FaultyHttpServer.start()) {
            matrix(DiskFullTargets.tdx(server, sim, stale, NOW), true);
        }
    }

    @Test
    void snpKdsWithTheCacheDiskFull() throws Exception {
        try (FaultyHttpServer server = FaultyHttpServer.start()) {
            matrix(DiskFullTargets.snp(server), true);
        }
    }

    /** The helper itself: short write then ENOSPC with the JDK's wording, failing rename, no room for names. */
    @Test
    void theFullDiskFailsLikeENOSPC() throws IOException {
        Path real = Files.createDirectories(tmp.resolve("helper"));
        FullDiskFileSystem disk = FullDiskFileSystem.over(real).quota(10).failMoveAt(1);
        Path a = disk.root().resolve("a");
        Files.write(a, new byte[4]);
        FileSystemException full = assertThrows(
                FileSystemException.class, () -> Files.write(disk.root().resolve("b"), new byte[20]));
        assertEquals("No space left on device", full.getReason());
        assertEquals(real.resolve("b").toString(), full.getFile());
        assertEquals(6, Files.size(real.resolve("b")), "the write that crossed the quota was short");
        assertThrows(FileSystemException.class,
                () -> Files.move(a, disk.root().resolve("c")));
        assertTrue(Files.exists(real.resolve("a")) && !Files.exists(real.resolve("c")), "a failed rename moves nothing");
        disk.namesNeedSpace(true);
        assertThrows(FileSystemException.class,
                () -> Files.createDirectories(disk.root().resolve("d")));
        assertEquals(disk.root(), Files.createDirectories(disk.root()), "an existing folder needs no room");
        try (Stream<Path> s = Files.list(disk.root())) {
            assertTrue(s.allMatch(p -> p.getFileSystem() == disk), "listing stays on the full disk");
        }
        assertEquals(4, disk.faults());
    }

    /**
     * Ten caches in a row over the same folder, each failing its writes in the middle of the
     * first body: every verification is accepted, and no temporary file piles up.
     */
    @Test
    void repeatedFailedWritesLeaveNoTemporaryFiles() throws Exception {
        try (FaultyHttpServer server = FaultyHttpServer.start()) {
            Target t = DiskFullTargets.tdx(server, sim, stale, NOW);
            Path real = Files.createDirectories(tmp.resolve("repeated"));
            long t0 = System.nanoTime();
            int faults = 0;
            for (int i = 0; i < REPEATS; i++) {
                FullDiskFileSystem disk = FullDiskFileSystem.over(real).quota(100);
                assertEquals(null, t.verify(t.genuine, onlineCache(disk.root())), "attempt " + i);
                assertTrue(disk.faults() > 0, "attempt " + i + " raised no ENOSPC");
                faults += disk.faults();
                assertEquals(0, strayFiles(real), "temporary files after attempt " + i);
            }
            long ms = (System.nanoTime() - t0) / 1_000_000;
            try (Stream<Path> s = Files.list(real.resolve("v1"))) {
                System.out.println("CacheDiskFullTest repeated: " + REPEATS + " attempts, " + faults + " ENOSPC, "
                        + ms + " ms, files left " + s.map(p -> p.getFileName().toString()).collect(Collectors.toList()));
            }
            assertEquals(FailureClass.COLLATERAL_UNAVAILABLE, t.verify(t.genuine, CollateralSources.offline(real, NOW)),
                    "offline after only failed writes");
            assertTrue(ms < REPEATS * MAX_CELL_MILLIS, "took " + ms + " ms");
            cellCount++;
            faultCount += faults;
        }
    }
}
