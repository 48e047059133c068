package io.tee4j.cli;

import io.tee4j.core.AttestationException;
import io.tee4j.core.AttestationResult;
import io.tee4j.core.RevocationMode;
import io.tee4j.core.TeeType;
import io.tee4j.core.collateral.CollateralSource;
import io.tee4j.core.spi.TeeBackend;
import io.tee4j.core.spi.VerificationRequest;
import io.tee4j.testing.spi.SimulatedAttestation;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;

/**
 * The demo's simulated part: for each TEE, attest with its simulator (fresh keys in a temporary
 * directory, exactly what {@code tee4j simulator init} and {@code tee4j attest --simulate} do),
 * then verify through the same backend path as {@code tee4j verify}, with the simulator's root
 * passed explicitly and the report data checked by the policy where the backend has such an
 * option. One more step shows that the bundled vendor roots reject simulated evidence.
 */
final class DemoSimulations {
    private static final String SECTION = "Simulated TEEs: attest, then verify with the simulator's root passed explicitly";

    private DemoSimulations() {
    }

    /** Shared by the steps of one demo run; the directory is removed by the last step. */
    private static final class State {
        Path dir;
        Simulators sims;

        Simulators sims() throws Exception {
            if (sims == null) {
                dir = Files.createTempDirectory("tee4j-demo-sim");
                sims = Simulators.init(dir.resolve("sim"), Clock.systemUTC());
            }
            return sims;
        }

        void close() {
            if (dir != null) {
                try (var files = Files.walk(dir)) {
                    files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                } catch (IOException e) {
                    // a temporary directory left behind is harmless
                }
            }
        }
    }

    static List<DemoStep> steps() {
        State state = new State();
        List<DemoStep> steps = new ArrayList<>();
        steps.add(new DemoStep(SECTION, "sev-snp", "simulated Genoa guest, VCEK-signed",
                step -> run(step, state, TeeType.SEV_SNP, 64, true)));
        steps.add(new DemoStep(SECTION, "tdx", "simulated TD quote v4 + simulated PCS",
                step -> run(step, state, TeeType.TDX, 64, true)));
        steps.add(new DemoStep(SECTION, "cca", "simulated CCA token (CPAK P-384)",
                step -> run(step, state, TeeType.CCA, 64, true)));
        steps.add(new DemoStep(SECTION, "nvidia-gpu", "simulated H100 SPDM report + RIMs",
                step -> run(step, state, TeeType.NVIDIA_GPU, 32, true)));
        steps.add(new DemoStep(SECTION, "sev-snp", "simulated evidence vs bundled AMD roots", step -> {
            try {
                return run(step, state, TeeType.SEV_SNP, 64, false);
            } finally {
                state.close();
            }
        }));
        return steps;
    }

    private static DemoStep.Outcome run(DemoStep step, State state, TeeType tee, int nonceBytes, boolean explicit)
            throws Exception {
        TeeBackend backend = Backends.all().get(tee);
        if (backend == null) {
            return step.outcome("NOT IN THIS BUILD", "the " + tee.id() + " backend is missing", false);
        }
        Simulators sims = state.sims();
        byte[] nonce = new byte[nonceBytes];
        new SecureRandom().nextBytes(nonce);
        SimulatedAttestation attested = sims.attest(tee, nonce);
        VerificationRequest.Builder b = VerificationRequest.builder().clock(Clock.systemUTC()).offline(true)
                .collateralSource(CollateralSource.none()).revocationMode(RevocationMode.REQUIRE);
        for (X509Certificate c : attested.certificates()) {
            b.addCertificate(c.getEncoded());
        }
        if (explicit) {
            b.addTrustRoot(Files.readAllBytes(Simulators.rootFile(sims.dir(), tee)));
        }
        List<String> hints = attested.verifyHints();
        String note = "";
        for (int i = 0; i < hints.size(); i++) {
            if (hints.get(i).equals("--collateral")) {
                b.addCollateral(Path.of(hints.get(++i)));
            } else if (hints.get(i).equals("--rim-trust-root")) {
                b.addRimTrustRoot(Files.readAllBytes(Path.of(hints.get(++i))));
            } else if (hints.get(i).equals("--no-revocation-check")) {
                b.revocationMode(RevocationMode.SKIP_INSECURE);
                note = "; revocation not checked (no simulated OCSP responder offline)";
            }
        }
        String policy = noncePolicy(tee, nonce);
        if (policy != null) {
            b.policy(VerifyCommand.parsePolicy(policy.getBytes(StandardCharsets.UTF_8)));
            note = "; nonce matched" + note;
        }
        try {
            AttestationResult result = backend.verify(backend.readEvidence(attested.evidence().raw()), b.build());
            String summary = DemoSamples.summary(result).replace("anchors=explicit", "explicit anchors (simulator)");
            return step.outcome("VERIFIED (simulated)", summary + note, explicit);
        } catch (AttestationException e) {
            return step.outcome("REJECTED (" + e.failureClass().name().toLowerCase().replace('_', ' ') + ")",
                    e.getMessage(), !explicit);
        }
    }

    /** A policy that checks the nonce, in each backend's own policy vocabulary. */
    static String noncePolicy(TeeType tee, byte[] nonce) {
        String hex = HexFormat.of().formatHex(nonce);
        switch (tee) {
            case SEV_SNP:
            case TDX:
                return "{\"reportData\": \"" + hex + "\"}";
            case CCA:
                return "{\"expectedChallenge\": \"" + hex + "\"}";
            case NVIDIA_GPU:
                return "{\"expectedNonce\": \"" + hex + "\"}";
            default:
                return null;
        }
    }
}
