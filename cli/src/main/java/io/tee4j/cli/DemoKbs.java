package io.tee4j.cli;

import io.tee4j.coco.kbs.KbsClient;
import io.tee4j.coco.testing.FakeKbs;
import io.tee4j.core.SecretAccess;
import io.tee4j.core.SecretBytes;
import io.tee4j.core.TeeType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;

/**
 * The demo's Confidential Containers step: a simulated SNP pod attests to a fake trustee KBS on
 * loopback (RCAR 0.4.0) and receives a secret encrypted to its per-session key.
 */
final class DemoKbs {
    private static final String SECTION = "Confidential Containers (fake KBS on loopback: NOT secure, demo only)";
    private static final byte[] SECRET = "the pod's image decryption key".getBytes(StandardCharsets.UTF_8);

    private DemoKbs() {
    }

    static List<DemoStep> steps() {
        return List.of(new DemoStep(SECTION, "sev-snp", "simulated SNP pod → KBS (RCAR) → secret", step -> {
            Path dir = Files.createTempDirectory("tee4j-demo-kbs");
            try {
                Simulators sims = Simulators.init(dir.resolve("sim"), Clock.systemUTC());
                try (FakeKbs kbs = FakeKbs.builder(KbsCommand.appraiser(sims.dir())).resource("default/key/image", SECRET)
                        .start();
                        SecretBytes s = KbsClient.builder(kbs.uri(), sims.attester(TeeType.SEV_SNP)).build()
                                .getResource("default", "key", "image")) {
                    boolean same = Arrays.equals(SECRET, s.toByteArray(SecretAccess.INSECURE));
                    return step.outcome(same ? "SECRET RELEASED (simulated)" : "MISMATCH", s.size()
                            + "-byte secret, JWE ECDH-ES+A256KW to the pod's P-256 key bound into REPORT_DATA", same);
                }
            } finally {
                try (var files = Files.walk(dir)) {
                    files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                } catch (java.io.IOException e) {
                    // a temporary directory left behind is harmless
                }
            }
        }));
    }
}
