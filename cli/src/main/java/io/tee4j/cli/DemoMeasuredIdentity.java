package io.tee4j.cli;

import io.tee4j.core.AttestationException;
import io.tee4j.core.AttestationResult;
import io.tee4j.core.PolicyDocument;
import io.tee4j.core.RevocationMode;
import io.tee4j.core.TeeType;
import io.tee4j.core.collateral.CollateralSource;
import io.tee4j.core.spi.TeeBackend;
import io.tee4j.core.spi.VerificationRequest;
import io.tee4j.measure.manifest.ReferenceManifest;
import io.tee4j.measure.manifest.ReferenceValues;
import io.tee4j.testing.spi.SimulatedAttestation;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The demo's measured-identity step: a reference manifest names a firmware (Debian's
 * {@code /usr/share/ovmf/OVMF.fd} when installed, else a 4 KiB OVMF tail shipped in the jar:
 * sev-snp-measure's test fixture, Apache-2.0), tee4j-measure derives the SEV-SNP launch digest,
 * the SNP simulator launches a guest with exactly that MEASUREMENT, and the report is verified
 * against the policy key {@code referenceManifest}, whose result names the entry.
 */
final class DemoMeasuredIdentity {
    static final Path DEBIAN_OVMF = Path.of("/usr/share/ovmf/OVMF.fd");
    private static final String SHIPPED = "/io/tee4j/cli/demo/small-ovmf.bin";
    private static final String ENTRY = "demo-release";

    private DemoMeasuredIdentity() {
    }

    static List<DemoStep> steps() {
        return List.of(new DemoStep("Measured identity: derive the expected value, then verify against it", "sev-snp",
                "manifest -> MEASUREMENT -> simulated guest", DemoMeasuredIdentity::run));
    }

    private static DemoStep.Outcome run(DemoStep step) throws Exception {
        TeeBackend backend = Backends.all().get(TeeType.SEV_SNP);
        if (backend == null) {
            return step.outcome("NOT IN THIS BUILD", "the sev-snp backend is missing", false);
        }
        Path dir = Files.createTempDirectory("tee4j-demo-measure");
        try {
            String firmware = copyFirmware(dir.resolve("OVMF.fd"));
            Files.writeString(dir.resolve("manifest.json"), "{\"entries\": [{\"name\": \"" + ENTRY + "\", \"firmware\":"
                    + " \"OVMF.fd\", \"vcpus\": 1, \"vcpuType\": \"EPYC-v4\", \"vmmType\": \"qemu\"}]}");
            List<ReferenceValues> derived = ReferenceManifest.read(dir.resolve("manifest.json")).derive(TeeType.SEV_SNP);
            byte[] measurement = derived.get(0).registers().get("measurement");
            Simulators sims = Simulators.init(dir.resolve("sim"), Clock.systemUTC());
            byte[] nonce = new byte[64];
            new SecureRandom().nextBytes(nonce);
            SimulatedAttestation attested = sims.attestLaunchedWith(TeeType.SEV_SNP, measurement, nonce);
            AttestationResult result = backend.verify(backend.readEvidence(attested.evidence().raw()),
                    request(sims, attested, derived, nonce));
            return step.outcome("MATCHED MANIFEST (simulated)", firmware + " measures to " + HexFormat.of()
                    .formatHex(measurement, 0, 8) + "...; the report matched manifest entry '"
                    + result.claims().get("referenceManifestEntry") + "'", true);
        } catch (AttestationException e) {
            return step.outcome("REJECTED (" + e.failureClass().name().toLowerCase().replace('_', ' ') + ")",
                    e.getMessage(), false);
        } finally {
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException e) {
                // a temporary directory left behind is harmless
            }
        }
    }

    private static VerificationRequest request(Simulators sims, SimulatedAttestation attested,
            List<ReferenceValues> derived, byte[] nonce) throws Exception {
        VerificationRequest.Builder b = VerificationRequest.builder().clock(Clock.systemUTC()).offline(true)
                .collateralSource(CollateralSource.none()).revocationMode(RevocationMode.REQUIRE)
                .addTrustRoot(Files.readAllBytes(Simulators.rootFile(sims.dir(), TeeType.SEV_SNP)));
        for (X509Certificate c : attested.certificates()) {
            b.addCertificate(c.getEncoded());
        }
        List<String> hints = attested.verifyHints();
        for (int i = 0; i + 1 < hints.size(); i += 2) {
            b.addCollateral(Path.of(hints.get(i + 1)));
        }
        Map<String, Object> policy = new LinkedHashMap<>(ReferenceManifest.policyFragment(derived));
        policy.put("reportData", HexFormat.of().formatHex(nonce));
        return b.policy(PolicyDocument.of(policy)).build();
    }

    /** Debian's OVMF.fd (2022.11 carries SEV and TDX metadata) when installed, else the shipped small image. */
    private static String copyFirmware(Path target) throws IOException {
        if (Files.isRegularFile(DEBIAN_OVMF) && Files.size(DEBIAN_OVMF) <= 64 << 20) {
            Files.copy(DEBIAN_OVMF, target);
            return "Debian's " + DEBIAN_OVMF;
        }
        try (InputStream in = DemoMeasuredIdentity.class.getResourceAsStream(SHIPPED)) {
            Files.write(target, in.readAllBytes());
        }
        return "a 4 KiB OVMF tail shipped with tee4j";
    }
}
