package io.tee4j.cli;

import io.tee4j.core.AttestationException;
import io.tee4j.core.Evidence;
import io.tee4j.core.FailureClass;
import io.tee4j.core.MalformedEvidenceException;
import io.tee4j.core.RevocationMode;
import io.tee4j.core.TeeType;
import io.tee4j.core.collateral.CachingCollateralSource;
import io.tee4j.core.collateral.CollateralDirectory;
import io.tee4j.core.spi.TeeBackend;
import io.tee4j.core.spi.VerificationRequest;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code tee4j collateral fetch}: verifies the evidence online once, with revocation required,
 * and keeps every document the verification fetched (SEV-SNP: VCEK or VLEK, chain, CRL; TDX: TCB
 * info, QE identity, PCK and root CA CRLs; NVIDIA: RIMs and OCSP answers) in {@code --out DIR},
 * under the vendors' URLs, with a manifest ({@link CollateralBundle}). Then
 * {@code verify --offline --collateral DIR} verifies without the network until the earliest
 * {@code nextUpdate}, which is printed, and {@code tee4j collateral serve --dir DIR} serves it.
 *
 * <p>The evidence is verified as {@code verify} would (so a document is fetched only where the
 * verifier needs it, and nothing the verifier would not check is kept). A policy violation does
 * not stop the fetch (the collateral is complete); any other failure is reported with its exit
 * code, since the collateral may then be incomplete.
 */
@Command(name = "fetch",
        description = "Fetch everything 'verify --offline --collateral DIR' needs for this evidence into DIR.",
        footer = {"", "Examples:",
                "  tee4j collateral fetch --tee sev-snp --evidence report.bin --out collateral/",
                "  tee4j collateral fetch --tee tdx --evidence quote.dat --pccs-url https://pccs.internal:8081 --out c/",
                "  tee4j verify --tee tdx --evidence quote.dat --offline --collateral c/"})
final class CollateralFetchCommand implements Callable<Integer> {
    @Option(names = "--tee", required = true, description = "sev-snp, tdx, cca or nvidia-gpu")
    String tee;

    @Option(names = "--evidence", required = true, paramLabel = "FILE", description = "Evidence file.")
    Path evidence;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Folder to keep the collateral in.")
    Path out;

    @Option(names = "--cert", paramLabel = "FILE", description = "Certificates beside the evidence, as for verify.")
    List<Path> certs = new ArrayList<>();

    @Option(names = "--trust-root", paramLabel = "FILE", description = "Trust these roots, as for verify.")
    List<Path> trustRoots = new ArrayList<>();

    @Option(names = "--at", paramLabel = "ISO-8601-INSTANT", description = "Verify as of this instant instead of now.")
    String at;

    @Mixin
    CollateralOptions services = new CollateralOptions();

    @Override
    public Integer call() throws Exception {
        TeeType type = Backends.parseType(tee);
        TeeBackend backend = Backends.forType(type);
        Clock clock = at == null ? Clock.systemUTC() : Clock.fixed(Instants.parse(at, "--at"), ZoneOffset.UTC);
        CollateralSettings settings = services.settings();
        prepareOut();
        FetchRecorder recorder = new FetchRecorder(CachingCollateralSource.builder(settings.http(null)).clock(clock)
                .directory(out).build());
        VerificationRequest request = request(type, clock, recorder);
        PrintWriter err = new PrintWriter(System.err, true);
        try {
            Evidence ev = EvidenceFormats.read(backend, InputFiles.readDecoded(evidence, "evidence"));
            backend.verify(ev, request);
        } catch (MalformedEvidenceException e) {
            ExitCodes.print(err, e);
            return e.failureClass().exitCode();
        } catch (AttestationException e) {
            if (e.failureClass() != FailureClass.POLICY_VIOLATION) {
                ExitCodes.print(err, e);
                err.println("tee4j: the collateral in " + out + " may be incomplete.");
                return e.failureClass().exitCode();
            }
            err.println("tee4j: note: the evidence does not meet the default policy ("
                    + CliWording.forCommandLine(e.getMessage()) + "); the collateral is complete.");
        }
        report(type, clock.instant(), recorder.fetched());
        return ExitCodes.OK;
    }

    private void prepareOut() throws UsageException {
        try {
            Files.createDirectories(out);
        } catch (IOException e) {
            throw new UsageException("--out " + out + ": cannot create it: " + InputFiles.problem(e));
        }
    }

    private VerificationRequest request(TeeType type, Clock clock, FetchRecorder source) throws UsageException {
        VerificationRequest.Builder b = VerificationRequest.builder().clock(clock).revocationMode(RevocationMode.REQUIRE)
                .offline(false).collateralSource(source);
        for (Path p : certs) {
            for (X509Certificate c : InputFiles.readCertificates(p, "certificate file")) {
                try {
                    b.addCertificate(c.getEncoded());
                } catch (java.security.cert.CertificateEncodingException e) {
                    throw new UsageException("certificate file " + p + ": a certificate does not encode", e);
                }
            }
        }
        for (Path p : trustRoots) {
            b.addTrustRoot(VerifyCommand.readTrustRoot(type, p));
        }
        return b.build();
    }

    /** Makes sure every document is in the folder (even one the cache would not keep), then prints the window. */
    private void report(TeeType type, Instant now, List<FetchRecorder.Fetched> fetched) throws IOException {
        CollateralDirectory dir = CollateralDirectory.at(out);
        Map<String, CollateralBundle.Document> docs = new LinkedHashMap<>();
        Instant validUntil = null;
        String earliest = null;
        for (FetchRecorder.Fetched f : fetched) {
            dir.put(f.request(), f.document());
            Instant next = f.document().nextUpdate().orElse(null);
            docs.put(f.request().cacheKey(), new CollateralBundle.Document(f.request().cacheKey(),
                    f.request().kind().name(), f.document().location(), next));
            if (next != null && (validUntil == null || next.isBefore(validUntil))) {
                validUntil = next;
                earliest = f.request().kind() + " " + f.request().cacheKey();
            }
        }
        CollateralBundle.writeManifest(out, type, now, validUntil, List.copyOf(docs.values()));
        StringBuilder text = new StringBuilder();
        text.append("fetched ").append(docs.size()).append(" collateral document").append(docs.size() == 1 ? "" : "s")
                .append(" for ").append(type.id()).append(" into ").append(out).append('\n');
        for (CollateralBundle.Document d : docs.values()) {
            text.append("  ").append(d.kind()).append(' ').append(d.url());
            if (!d.fetchedFrom().equals(d.url())) {
                text.append(" (from ").append(d.fetchedFrom()).append(')');
            }
            text.append(d.nextUpdate() == null ? "" : " next update " + d.nextUpdate()).append('\n');
        }
        text.append("valid from ").append(now).append(validUntil == null ? " with no expiry (certificates only)"
                : " until " + validUntil + " (the earliest nextUpdate: " + earliest + ")").append('\n');
        text.append("verify offline with: tee4j verify --tee ").append(type.id()).append(" --evidence ")
                .append(evidence).append(" --offline --collateral ").append(out).append('\n');
        System.out.print(text);
    }
}
