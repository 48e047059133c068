package io.tee4j.cli;

import io.tee4j.core.AttestationException;
import io.tee4j.core.AttestationResult;
import io.tee4j.core.Evidence;
import io.tee4j.core.FailureClass;
import io.tee4j.core.PolicyViolationException;
import io.tee4j.core.RevocationMode;
import io.tee4j.core.TeeType;
import io.tee4j.core.collateral.CollateralSource;
import io.tee4j.core.crypto.Certificates;
import io.tee4j.core.spi.TeeBackend;
import io.tee4j.core.spi.VerificationRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * The demo's real-hardware part: evidence from real SNP, TDX, CCA and H100 machines, shipped in
 * the jar (see {@code samples/PROVENANCE.md}), verified offline at pinned times with the bundled
 * vendor roots. No AMD CRL and no NVIDIA OCSP answer can be shipped for an offline run, so those
 * samples are verified with revocation switched off by name, and the result says so.
 */
final class DemoSamples {
    private static final String SECTION = "Real hardware evidence, verified offline at pinned times";
    private static final String NO_CRL = "; revocation not checked (no AMD CRL ships for offline use)";

    private DemoSamples() {
    }

    /** What one sample needs, and what it should come to. */
    private record Sample(TeeType tee, String what, String evidence, List<String> certs, List<String> trustRoots,
            List<String> collateral, String at, RevocationMode revocation, String policyJson, String note,
            FailureClass expectedFailure) {
    }

    static List<DemoStep> steps() {
        List<Sample> samples = List.of(
                new Sample(TeeType.SEV_SNP, "AMD Milan, report v3 (Oak)", "snp/milan-report.bin",
                        List.of("snp/milan-vcek.der"), List.of(), List.of(), "2025-08-01T00:00:00Z",
                        RevocationMode.SKIP_INSECURE, null, NO_CRL, null),
                new Sample(TeeType.SEV_SNP, "AMD Genoa, report v5 (Oak)", "snp/genoa-report.bin",
                        List.of("snp/genoa-vcek.der"), List.of(), List.of(), "2025-09-01T00:00:00Z",
                        RevocationMode.SKIP_INSECURE, null, NO_CRL, null),
                new Sample(TeeType.SEV_SNP, "AMD Turin, report v5 (Oak)", "snp/turin-report.bin",
                        List.of("snp/turin-vcek.der"), List.of(), List.of(), "2025-08-01T00:00:00Z",
                        RevocationMode.SKIP_INSECURE, null, NO_CRL, null),
                new Sample(TeeType.SEV_SNP, "AMD Milan, DEBUG guest (go-sev-guest)", "snp/milan-debug-report.bin",
                        List.of("snp/milan-debug-vcek.der"), List.of(), List.of(), "2023-01-01T00:00:00Z",
                        RevocationMode.SKIP_INSECURE, null, NO_CRL, FailureClass.POLICY_VIOLATION),
                new Sample(TeeType.TDX, "Intel TDX quote v4 + collateral (dcap-qvl)", "tdx/quote.dat",
                        List.of(), List.of(), List.of("tdx/collateral.json"), "2025-07-04T10:24:00Z",
                        RevocationMode.REQUIRE, null, "", null),
                new Sample(TeeType.CCA, "Arm CCA token, TF-RMM on FVP", "cca/token.cbor",
                        List.of(), List.of("cca/ta.json"), List.of("cca/rv.json"), "2025-01-01T00:00:00Z",
                        RevocationMode.REQUIRE, null, "", null),
                new Sample(TeeType.NVIDIA_GPU, "NVIDIA H100 SPDM report (nvtrust)", "nvidia-gpu/report.hex",
                        List.of("nvidia-gpu/chain.pem"), List.of(), List.of(), "2025-06-01T00:00:00Z",
                        RevocationMode.SKIP_INSECURE,
                        // The nonce the sample was requested with (see samples/PROVENANCE.md). NVIDIA has
                        // published no RIM matching this driver build, so the measurements cannot be
                        // appraised offline; the policy accepts that by name and the result says so.
                        "{\"expectedNonce\": \"931d8dd0add203ac3d8b4fbde75e115278eefcdceac5b87671a748f32364dfcb\","
                                + " \"allowUnappraisedMeasurements\": true}",
                        "; nonce matched; no OCSP offline; measurements NOT appraised (no RIM for this build)", null));
        List<DemoStep> steps = new ArrayList<>();
        for (Sample s : samples) {
            steps.add(new DemoStep(SECTION, s.tee().id(), s.what(), step -> run(step, s)));
        }
        return steps;
    }

    private static DemoStep.Outcome run(DemoStep step, Sample s) throws Exception {
        Map<TeeType, TeeBackend> backends = Backends.all();
        TeeBackend backend = backends.get(s.tee());
        if (backend == null) {
            return step.outcome("NOT IN THIS BUILD", "the " + s.tee().id() + " backend is missing", false);
        }
        Path dir = Files.createTempDirectory("tee4j-demo");
        try {
            Evidence evidence = backend.readEvidence(InputFiles.decode(resource(s.evidence())));
            VerificationRequest.Builder b = VerificationRequest.builder()
                    .clock(Clock.fixed(Instant.parse(s.at()), ZoneOffset.UTC))
                    .revocationMode(s.revocation())
                    .offline(true)
                    .collateralSource(CollateralSource.none());
            for (String c : s.certs()) {
                for (X509Certificate cert : Certificates.parseAll(resource(c))) {
                    b.addCertificate(cert.getEncoded());
                }
            }
            for (String t : s.trustRoots()) {
                b.addTrustRoot(resource(t));
            }
            for (String c : s.collateral()) {
                Path file = dir.resolve(c.substring(c.lastIndexOf('/') + 1));
                Files.write(file, resource(c));
                b.addCollateral(file);
            }
            if (s.policyJson() != null) {
                b.policy(VerifyCommand.parsePolicy(s.policyJson().getBytes(java.nio.charset.StandardCharsets.UTF_8)));
            }
            try {
                AttestationResult result = backend.verify(evidence, b.build());
                return step.outcome("VERIFIED @ " + s.at().substring(0, 10), summary(result) + s.note(),
                        s.expectedFailure() == null);
            } catch (PolicyViolationException e) {
                return step.outcome("REJECTED (policy)", e.violations().get(0),
                        s.expectedFailure() == FailureClass.POLICY_VIOLATION);
            } catch (AttestationException e) {
                return step.outcome("REJECTED (" + e.failureClass().name().toLowerCase().replace('_', ' ') + ")",
                        e.getMessage(), s.expectedFailure() == e.failureClass());
            }
        } finally {
            deleteTree(dir);
        }
    }

    /** The claims a reader wants first: TCB status, the first measurement, debug, the platform. */
    static String summary(AttestationResult result) {
        StringBuilder sb = new StringBuilder();
        Object product = result.claims().get("product");
        if (product != null) {
            sb.append("product=").append(product).append(", ");
        }
        sb.append("tcb=").append(result.commonClaims().tcbStatus());
        result.commonClaims().measurements().entrySet().stream().findFirst().ifPresent(e -> sb.append(", ")
                .append(e.getKey()).append('=').append(shortHex(e.getValue())));
        Object gpuDebug = result.claims().get("dbgstat");
        if (gpuDebug != null) {
            // A GPU's debug state is known only from appraised measurements; say what is known.
            sb.append(", debug ").append(gpuDebug);
        } else if (result.commonClaims().debug()) {
            sb.append(", DEBUG");
        }
        sb.append(", anchors=").append(result.explicitTrustAnchors() ? "explicit" : "bundled");
        return sb.toString();
    }

    static String shortHex(byte[] value) {
        String hex = HexFormat.of().formatHex(value);
        return hex.length() <= 16 ? hex : hex.substring(0, 16) + "…";
    }

    static byte[] resource(String name) {
        try (InputStream in = DemoSamples.class.getResourceAsStream("samples/" + name)) {
            if (in == null) {
                throw new IllegalStateException("sample " + name + " is missing from the jar");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteTree(Path dir) {
        try (var files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // A temp directory left behind is harmless; the demo's verdicts are what matter.
        }
    }
}
