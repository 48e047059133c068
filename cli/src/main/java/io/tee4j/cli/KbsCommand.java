package io.tee4j.cli;

import io.tee4j.coco.testing.BackendAppraiser;
import io.tee4j.coco.testing.FakeKbs;
import io.tee4j.coco.testing.ResourcePolicy;
import io.tee4j.core.RevocationMode;
import io.tee4j.core.TeeType;
import io.tee4j.core.spi.VerifierConfiguration;
import io.tee4j.json.Json.JsonException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code tee4j kbs serve}: a fake trustee KBS ({@link FakeKbs}) for tests and demos, trusting the
 * simulators of a directory. It is NOT a KBS to protect anything with, and says so on start.
 */
@Command(name = "kbs", description = "Confidential Containers Key Broker Service tools.",
        subcommands = {KbsCommand.Serve.class},
        footer = {"", "Example:", "  tee4j kbs serve --port 8080 --simulate sim --resource default/key/db=key.bin"
                + "   # a FAKE KBS: NOT secure"})
final class KbsCommand implements Runnable {
    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this), "missing subcommand: serve");
    }

    /** {@code tee4j kbs serve}. */
    @Command(name = "serve", description = "Run a FAKE trustee KBS (RCAR 0.4.0, JWE resources) that trusts the simulators"
            + " of --simulate DIR. NOT secure: plain HTTP, loopback by default, for tests and demos.",
            footer = {"", "Example:", "  tee4j simulator init sim && echo -n 0123456789abcdef0123456789abcdef > key.bin",
                    "  tee4j kbs serve --port 8080 --simulate sim --resource default/key/db=key.bin &",
                    "  tee4j seal --key-source kbs --kbs-url http://127.0.0.1:8080 --kbs-resource default/key/db"
                            + " --simulate sim --in note.txt --out note.sealed"})
    static final class Serve implements Callable<Integer> {
        @Option(names = "--port", paramLabel = "P", description = "TCP port (default 8080; 0 picks a free one).")
        int port = 8080;

        @Option(names = "--bind", paramLabel = "ADDR", description = "Listen address (default loopback).")
        String bind;

        @Option(names = "--simulate", required = true, paramLabel = "DIR",
                description = "Simulator directory whose roots the KBS trusts ('tee4j simulator init DIR').")
        Path simulate;

        @Option(names = "--resource", paramLabel = "REPO/TYPE/TAG=FILE", description = "A resource to serve (repeatable).")
        List<String> resources = new ArrayList<>();

        @Option(names = "--policy", paramLabel = "FILE", description = "Resource policy JSON:"
                + " {\"allow\":[{\"resource\":\"repo/*/*\",\"tee\":[\"sev-snp\"]}]} (default: allow every attested TEE).")
        Path policy;

        @Override
        public Integer call() throws Exception {
            FakeKbs.Builder b = FakeKbs.builder(appraiser(simulate));
            for (String r : resources) {
                int eq = r.indexOf('=');
                if (eq < 0) {
                    throw new UsageException("--resource must be REPO/TYPE/TAG=FILE, not " + r);
                }
                try {
                    b.resource(r.substring(0, eq), Files.readAllBytes(Path.of(r.substring(eq + 1))));
                } catch (IOException | IllegalArgumentException e) {
                    throw new UsageException("--resource " + r + ": " + e.getMessage(), e);
                }
            }
            if (policy != null) {
                try {
                    b.policy(ResourcePolicy.parse(Files.readAllBytes(policy)));
                } catch (IOException | JsonException e) {
                    throw new UsageException("--policy " + policy + ": " + e.getMessage(), e);
                }
            }
            InetAddress host = bind == null ? InetAddress.getLoopbackAddress() : InetAddress.getByName(bind);
            try (FakeKbs kbs = b.address(new InetSocketAddress(host, port)).start()) {
                System.err.println("tee4j: WARNING: FAKE KBS, NOT SECURE: plain HTTP, in-memory keys, and it trusts the"
                        + " SIMULATED roots of " + simulate + ", so it releases its resources to simulated evidence.");
                System.out.println("tee4j kbs: listening on " + kbs.uri() + " (" + resources.size() + " resource(s))");
                System.out.flush();
                new CountDownLatch(1).await();
            }
            return ExitCodes.OK;
        }
    }

    /** Verifiers for the simulated SNP, TDX and CCA of {@code dir}, each trusting only its simulated root. */
    static BackendAppraiser appraiser(Path dir) throws Exception {
        Simulators.load(dir, java.time.Clock.systemUTC());
        BackendAppraiser a = new BackendAppraiser();
        a.with(TeeType.SEV_SNP, VerifierConfiguration.builder().addTrustRoot(root(dir, TeeType.SEV_SNP))
                .revocationMode(RevocationMode.SKIP_INSECURE).offline(true).build());
        Path tdxCollateral = dir.resolve("tdx-collateral.json");
        if (Files.exists(tdxCollateral)) {
            a.with(TeeType.TDX, VerifierConfiguration.builder().addTrustRoot(root(dir, TeeType.TDX))
                    .addCollateral(tdxCollateral).offline(true).build());
        }
        a.with(TeeType.CCA, VerifierConfiguration.builder().addTrustRoot(root(dir, TeeType.CCA)).offline(true).build());
        return a;
    }

    private static byte[] root(Path dir, TeeType tee) throws UsageException {
        try {
            return Files.readAllBytes(Simulators.rootFile(dir, tee));
        } catch (IOException e) {
            throw new UsageException(dir + " has no simulated " + tee.id() + " root: " + e.getMessage(), e);
        }
    }
}
