package io.tee4j.cli;

import io.tee4j.core.AttestationException;
import io.tee4j.core.Evidence;
import io.tee4j.core.FailureClass;
import io.tee4j.core.RevocationMode;
import io.tee4j.core.TeeType;
import io.tee4j.core.collateral.CachingCollateralSource;
import io.tee4j.core.collateral.CollateralEndpoints;
import io.tee4j.core.collateral.CollateralSource;
import io.tee4j.core.collateral.CollateralSources;
import io.tee4j.core.collateral.HttpCollateralSource;
import io.tee4j.core.spi.TeeBackend;
import io.tee4j.core.spi.VerificationRequest;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One process of {@link SharedCacheMultiProcessTest}: like a sidecar, ONE collateral source for
 * the process (HTTP to the loopback mirror, behind the shared cache directory), and N threads that
 * verify SEV-SNP and TDX evidence through it, plus a tampered SNP report that must fail. Prints
 * {@code verdicts ok=.. wrong=..} and exits 0.
 *
 * <p>Arguments: id, cache dir, mirror base URL, threads, rounds, start-at epoch millis, then the
 * files: SNP report, ARK, ASK, TDX quote, Intel root.
 */
public final class SharedCacheWorker {
    private SharedCacheWorker() {
    }

    public static void main(String[] a) throws Exception {
        String id = a[0];
        Path cache = Path.of(a[1]);
        URI mirror = URI.create(a[2]);
        int threads = Integer.parseInt(a[3]);
        int rounds = Integer.parseInt(a[4]);
        long startAt = Long.parseLong(a[5]);
        byte[] snp = Files.readAllBytes(Path.of(a[6]));
        byte[] ark = Files.readAllBytes(Path.of(a[7]));
        byte[] ask = Files.readAllBytes(Path.of(a[8]));
        byte[] quote = Files.readAllBytes(Path.of(a[9]));
        byte[] intelRoot = Files.readAllBytes(Path.of(a[10]));
        Clock clock = Clock.fixed(Instant.parse(FleetFixtures.AT_TEXT), ZoneOffset.UTC);
        CollateralEndpoints endpoints = CollateralEndpoints.builder().kds(mirror).pccs(mirror).build();
        HttpCollateralSource http = HttpCollateralSource.builder().allowedHosts(CollateralSources.VENDOR_HOSTS)
                .endpoints(endpoints).userAgent("worker-" + id).build();
        CollateralSource shared = CachingCollateralSource.builder(http).clock(clock).directory(cache).build();
        TeeBackend snpBackend = Backends.forType(TeeType.SEV_SNP);
        TeeBackend tdxBackend = Backends.forType(TeeType.TDX);
        byte[] tampered = snp.clone();
        tampered[0x2A0] ^= 1;
        List<Case> cases = List.of(
                new Case(snpBackend, snp, List.of(ark), List.of(InputFiles.parseCertificates(ask).get(0).getEncoded()),
                        null),
                new Case(tdxBackend, quote, List.of(intelRoot), List.of(), null),
                new Case(snpBackend, tampered, List.of(ark),
                        List.of(InputFiles.parseCertificates(ask).get(0).getEncoded()), FailureClass.VERIFICATION_FAILED));
        AtomicInteger ok = new AtomicInteger();
        AtomicInteger wrong = new AtomicInteger();
        List<String> wrongs = new ArrayList<>();
        CountDownLatch done = new CountDownLatch(threads);
        Thread.sleep(Math.max(0, startAt - System.currentTimeMillis()));
        for (int t = 0; t < threads; t++) {
            int offset = t;
            Thread th = new Thread(() -> {
                try {
                    for (int r = 0; r < rounds; r++) {
                        Case c = cases.get((r + offset) % cases.size());
                        String verdict = c.run(clock, shared);
                        if (verdict == null) {
                            ok.incrementAndGet();
                        } else {
                            wrong.incrementAndGet();
                            synchronized (wrongs) {
                                wrongs.add(verdict);
                            }
                        }
                    }
                } finally {
                    done.countDown();
                }
            });
            th.start();
        }
        done.await();
        System.out.println("verdicts ok=" + ok.get() + " wrong=" + wrong.get() + (wrongs.isEmpty() ? ""
                : " first=" + wrongs.get(0)));
        System.exit(0);
    }

    /** One piece of evidence and the verdict it must get (null: verified). */
    private record Case(TeeBackend backend, byte[] evidence, List<byte[]> roots, List<byte[]> certs,
            FailureClass expected) {
        /** Null when the verdict is the expected one; otherwise what happened. */
        String run(Clock clock, CollateralSource source) {
            VerificationRequest.Builder b = VerificationRequest.builder().clock(clock)
                    .revocationMode(RevocationMode.REQUIRE).collateralSource(source);
            roots.forEach(b::addTrustRoot);
            certs.forEach(b::addCertificate);
            try {
                Evidence ev = EvidenceFormats.read(backend, evidence);
                backend.verify(ev, b.build());
                return expected == null ? null : "verified, expected " + expected;
            } catch (AttestationException e) {
                return e.failureClass() == expected ? null : e.failureClass() + ": " + e.getMessage();
            } catch (Exception e) {
                return e.toString();
            }
        }
    }
}
