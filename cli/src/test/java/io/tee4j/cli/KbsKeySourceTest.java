package io.tee4j.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tee4j.coco.testing.FakeKbs;
import io.tee4j.coco.testing.ResourcePolicy;
import io.tee4j.sealing.SealedDataInfo;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code seal --key-source kbs} / {@code unseal} against the fake KBS trusting a simulator directory. */
class KbsKeySourceTest {
    private static final byte[] KEY = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    @TempDir
    static Path shared;
    static Path sim;

    @BeforeAll
    static void simulator() {
        sim = shared.resolve("sim");
        SealCommandTest.captureErr(() -> MainTest.captureOut(() -> assertEquals(0, Main.run("simulator", "init",
                sim.toString()))));
    }

    private static FakeKbs kbs(ResourcePolicy policy) throws Exception {
        return FakeKbs.builder(KbsCommand.appraiser(sim)).resource("default/key/db", KEY).policy(policy).start();
    }

    @Test
    void sealsAndUnsealsWithAKeyTheKbsReleasesToTheSimulatedPod(@TempDir Path dir) throws Exception {
        byte[] message = "kbs-sealed".getBytes(StandardCharsets.UTF_8);
        Path in = Files.write(dir.resolve("m"), message);
        Path sealed = dir.resolve("m.sealed");
        Path back = dir.resolve("m.out");
        try (FakeKbs kbs = kbs(ResourcePolicy.allowAll())) {
            String url = kbs.uri().toString();
            String err = SealCommandTest.captureErr(() -> assertEquals(0, Main.run("seal", "--key-source", "kbs",
                    "--kbs-url", url, "--kbs-resource", "default/key/db", "--simulate", sim.toString(),
                    "--in", in.toString(), "--out", sealed.toString())));
            assertTrue(err.contains("SIMULATED"), err);
            assertEquals("released/kbs:default/key/db", SealedDataInfo.read(sealed).keySourceId());
            SealCommandTest.captureErr(() -> assertEquals(0, Main.run("unseal", "--kbs-url", url, "--simulate",
                    sim.toString(), "--in", sealed.toString(), "--out", back.toString())));
            assertArrayEquals(message, Files.readAllBytes(back));
            // The URL never comes from the file; another resource than the recorded one is refused.
            SealCommandTest.captureErr(() -> assertEquals(1, Main.run("unseal", "--simulate", sim.toString(),
                    "--in", sealed.toString(), "--out", dir.resolve("x").toString())));
            SealCommandTest.captureErr(() -> assertEquals(1, Main.run("unseal", "--kbs-url", url, "--kbs-resource",
                    "default/key/other", "--simulate", sim.toString(), "--in", sealed.toString(), "--out",
                    dir.resolve("y").toString())));
            SealCommandTest.captureErr(() -> assertEquals(1, Main.run("seal", "--key-source", "released", "--key-file",
                    in.toString(), "--kbs-url", url, "--in", in.toString(), "--out", dir.resolve("z").toString())));
        }
    }

    @Test
    void aPolicyDenyIsExitFive(@TempDir Path dir) throws Exception {
        Path in = Files.write(dir.resolve("m"), new byte[] {1});
        ResourcePolicy tdxOnly = new ResourcePolicy(List.of(new ResourcePolicy.Rule("*/*/*",
                Set.of(io.tee4j.core.TeeType.TDX))));
        try (FakeKbs kbs = kbs(tdxOnly)) {
            SealCommandTest.captureErr(() -> assertEquals(5, Main.run("seal", "--key-source", "kbs", "--kbs-url",
                    kbs.uri().toString(), "--kbs-resource", "default/key/db", "--simulate", sim.toString(), "--in",
                    in.toString(), "--out", dir.resolve("s").toString())));
        }
    }

    @Test
    void kbsServeRefusesBadArgumentsAsUsageErrors(@TempDir Path dir) {
        SealCommandTest.captureErr(() -> assertEquals(1, Main.run("kbs", "serve", "--port", "0")));
        SealCommandTest.captureErr(() -> assertEquals(1, Main.run("kbs", "serve", "--port", "0", "--simulate",
                sim.toString(), "--resource", "no-equals-sign")));
        SealCommandTest.captureErr(() -> assertEquals(1, Main.run("kbs", "serve", "--port", "0", "--simulate",
                sim.toString(), "--resource", "a/b=" + dir.resolve("missing"))));
        SealCommandTest.captureErr(() -> assertEquals(1, Main.run("kbs", "serve", "--port", "0", "--simulate",
                dir.toString())));
    }

    @Test
    void initDataTheSimulatedPodWasNotLaunchedWithIsRefusedByTheKbs(@TempDir Path dir) throws Exception {
        Path in = Files.write(dir.resolve("m"), new byte[] {1});
        Path toml = Files.writeString(dir.resolve("initdata.toml"),
                "algorithm = \"sha384\"\nversion = \"0.1.0\"\n\n[data]\n\"policy.rego\" = \"package agent_policy\"\n");
        try (FakeKbs kbs = kbs(ResourcePolicy.allowAll())) {
            // The simulated pod's HOST_DATA is zero: the document's digest is not there, so trustee refuses (2).
            String err = SealCommandTest.captureErr(() -> assertEquals(2, Main.run("seal", "--key-source", "kbs",
                    "--kbs-url", kbs.uri().toString(), "--kbs-resource", "default/key/db", "--simulate", sim.toString(),
                    "--init-data", toml.toString(), "--in", in.toString(), "--out", dir.resolve("s").toString())));
            assertTrue(err.contains("host data"), err);
            Path notUtf8 = Files.write(dir.resolve("bad.toml"), new byte[] {(byte) 0xff, 'a'});
            SealCommandTest.captureErr(() -> assertEquals(1, Main.run("seal", "--key-source", "kbs", "--kbs-url",
                    kbs.uri().toString(), "--kbs-resource", "default/key/db", "--simulate", sim.toString(),
                    "--init-data", notUtf8.toString(), "--in", in.toString(), "--out", dir.resolve("s").toString())));
            // A TEE without a trustee evidence shape here is a usage error, not evidence a real KBS cannot read.
            String gpu = SealCommandTest.captureErr(() -> assertEquals(1, Main.run("seal", "--key-source", "kbs",
                    "--kbs-url", kbs.uri().toString(), "--kbs-resource", "default/key/db", "--simulate", sim.toString(),
                    "--tee", "nvidia-gpu", "--in", in.toString(), "--out", dir.resolve("s").toString())));
            assertTrue(gpu.contains("--tee nvidia-gpu"), gpu);
            SealCommandTest.captureErr(() -> assertEquals(1, Main.run("seal", "--key-source", "released", "--key-file",
                    toml.toString(), "--init-data", toml.toString(), "--in", in.toString(), "--out",
                    dir.resolve("s").toString())));
        }
    }
}
