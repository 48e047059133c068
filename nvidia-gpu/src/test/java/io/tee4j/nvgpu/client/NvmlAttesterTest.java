package io.tee4j.nvgpu.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.jna.Library;
import com.sun.jna.Native;
import io.tee4j.core.Evidence;
import io.tee4j.core.RevocationMode;
import io.tee4j.core.TeeUnavailableException;
import io.tee4j.core.AttesterProvider;
import io.tee4j.nvgpu.Vectors;
import io.tee4j.nvgpu.internal.NvGpuAttesterProvider;
import io.tee4j.nvgpu.validate.NvGpuPolicy;
import io.tee4j.nvgpu.verify.NvGpuAttestationResult;
import io.tee4j.nvgpu.verify.NvGpuVerifier;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NvmlAttesterTest {
    @TempDir
    static Path dir;
    static boolean gcc;

    /** Control functions of the fake library. */
    public interface FakeControl extends Library {
        void fake_set_report(byte[] report, int length);

        void fake_set_chain(byte[] pem, int length);

        void fake_set_cc(int on);

        void fake_set_init_rc(int rc);
    }

    @BeforeAll
    static void compile() throws Exception {
        for (String f : new String[] {"nvml_structs.h", "layout.c", "fake_nvml.c"}) {
            try (InputStream in = NvmlAttesterTest.class.getResourceAsStream("/io/tee4j/nvgpu/nvml/" + f)) {
                Files.write(dir.resolve(f), in.readAllBytes());
            }
        }
        gcc = run("gcc", "-O1", "-o", dir.resolve("layout").toString(), dir.resolve("layout.c").toString()) == 0
                && run("gcc", "-shared", "-fPIC", "-o", dir.resolve("libfakenvml.so").toString(),
                        dir.resolve("fake_nvml.c").toString()) == 0;
    }

    private static int run(String... cmd) throws IOException, InterruptedException {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(60, TimeUnit.SECONDS) ? p.exitValue() : -1;
        } catch (IOException e) {
            return -1;
        }
    }

    @Test
    void structLayoutsMatchTheCCompiler() throws Exception {
        assumeTrue(gcc, "gcc is not available");
        Process p = new ProcessBuilder(dir.resolve("layout").toString()).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
        Map<String, Integer> c = new HashMap<>();
        for (String line : out.split("\n")) {
            String[] kv = line.split("=");
            c.put(kv[0], Integer.parseInt(kv[1].trim()));
        }
        assertEquals(12332, NvmlAttester.REPORT_STRUCT_SIZE);
        assertEquals(c.get("REPORT_STRUCT_SIZE"), NvmlAttester.REPORT_STRUCT_SIZE);
        assertEquals(4, c.get("REPORT_SIZE_FIELD"));
        assertEquals(c.get("REPORT_NONCE_OFFSET"), NvmlAttester.REPORT_NONCE_OFFSET);
        assertEquals(c.get("REPORT_OFFSET"), NvmlAttester.REPORT_OFFSET);
        assertEquals(c.get("CEC_REPORT_OFFSET"), NvmlAttester.CEC_REPORT_OFFSET);
        assertEquals(c.get("CERT_STRUCT_SIZE"), NvmlAttester.CERT_STRUCT_SIZE);
        assertEquals(4, c.get("CHAIN_SIZE_FIELD"));
        assertEquals(c.get("ATTESTATION_CHAIN_OFFSET"), NvmlAttester.ATTESTATION_CHAIN_OFFSET);
        assertEquals(c.get("STATE_STRUCT_SIZE"), NvmlAttester.STATE_STRUCT_SIZE);
        assertEquals(c.get("SETTINGS_STRUCT_SIZE"), NvmlAttester.SETTINGS_STRUCT_SIZE);
        assertEquals(16, c.get("SETTINGS_MULTI_GPU"));
        assertEquals(0x01000014, NvmlAttester.SETTINGS_VERSION);
    }

    private static FakeControl fake() {
        FakeControl f = Native.load(dir.resolve("libfakenvml.so").toString(), FakeControl.class);
        byte[] report = Vectors.report();
        byte[] chain = Vectors.bytes("nvtrust-hopperCertChain.pem");
        f.fake_set_report(report, report.length);
        f.fake_set_chain(chain, chain.length);
        f.fake_set_cc(1);
        f.fake_set_init_rc(0);
        return f;
    }

    @Test
    void realReportThroughAFakeLibraryAndJna() throws Exception {
        assumeTrue(gcc, "gcc is not available");
        fake();
        try (NvmlAttester a = NvmlAttester.with(Nvml.load(dir.resolve("libfakenvml.so").toString()), 0)) {
            assertEquals(1, a.deviceCount());
            assertEquals("550.90.07", a.driverVersion());
            NvmlAttester.CcState cc = a.ccState();
            assertTrue(cc.ccEnabled());
            assertEquals("PROD", cc.environmentName());
            assertEquals(0, cc.multiGpuMode());
            Evidence ev = a.attest(Vectors.REPORT_NONCE);
            assertArrayEquals(Vectors.report(), ev.raw());
            assertEquals(5, ev.certificates().size());
            assertArrayEquals(Vectors.REPORT_NONCE, ev.nonce().orElseThrow());
            NvGpuAttestationResult r = NvGpuVerifier.builder().clock(Vectors.CLOCK).revocationMode(RevocationMode.SKIP_INSECURE).build().verify(ev,
                    NvGpuPolicy.builder().allowUnappraisedMeasurements(true).build());
            assertTrue(r.nonceChecked());
            assertFalse(a.gpusReady());
            a.setGpusReady(true);
            assertTrue(a.gpusReady());
            // A different nonce reaches the fake at offset 12 and is refused by it.
            byte[] other = Vectors.REPORT_NONCE.clone();
            other[31] ^= 1;
            TeeUnavailableException e = assertThrows(TeeUnavailableException.class, () -> a.attest(other));
            assertTrue(e.getMessage().contains("Invalid Argument"), e.getMessage());
        }
    }

    @Test
    void ccOffIsUnavailableAndSaysSo() throws Exception {
        assumeTrue(gcc, "gcc is not available");
        fake().fake_set_cc(0);
        try (NvmlAttester a = NvmlAttester.with(Nvml.load(dir.resolve("libfakenvml.so").toString()), 0)) {
            TeeUnavailableException e = assertThrows(TeeUnavailableException.class, () -> a.attest(new byte[32]));
            assertTrue(e.getMessage().contains("confidential computing is off"), e.getMessage());
        }
    }

    @Test
    void driverNotLoadedIsUnavailableAndSaysSo() throws Exception {
        assumeTrue(gcc, "gcc is not available");
        fake().fake_set_init_rc(Nvml.ERROR_DRIVER_NOT_LOADED);
        try (NvmlAttester a = NvmlAttester.with(Nvml.load(dir.resolve("libfakenvml.so").toString()), 0)) {
            TeeUnavailableException e = assertThrows(TeeUnavailableException.class, () -> a.attest(new byte[32]));
            assertTrue(e.getMessage().contains("Driver Not Loaded") && e.getMessage().contains("modprobe"),
                    e.getMessage());
        }
    }

    @Test
    void noDriverOnThisMachineIsUnavailable() {
        assumeTrue(!Files.exists(Path.of("/dev/nvidiactl")), "this machine has an NVIDIA driver");
        boolean loadable;
        try {
            Nvml.load();
            loadable = true;
        } catch (UnsatisfiedLinkError e) {
            loadable = false;
        }
        assumeTrue(!loadable, "libnvidia-ml is installed here");
        TeeUnavailableException e = assertThrows(TeeUnavailableException.class, () -> NvmlAttester.open(0));
        assertTrue(e.getMessage().contains("NVIDIA driver not found"), e.getMessage());
        AttesterProvider.Probe probe = new NvGpuAttesterProvider().probe();
        assertFalse(probe.available());
        assertFalse(probe.hint().isEmpty());
    }

    @Test
    void structDecodingRejectsBadSizes() {
        byte[] s = new byte[NvmlAttester.REPORT_STRUCT_SIZE];
        s[4] = (byte) 0xff;
        s[5] = (byte) 0xff;
        assertThrows(io.tee4j.core.MalformedEvidenceException.class, () -> NvmlAttester.reportFromStruct(s));
        byte[] c = new byte[NvmlAttester.CERT_STRUCT_SIZE];
        assertThrows(io.tee4j.core.MalformedEvidenceException.class, () -> NvmlAttester.chainFromStruct(c));
    }

    @Test
    void probeRunsAgainstTheFakeLibrary() throws Exception {
        assumeTrue(gcc, "gcc is not available");
        fake();
        java.io.ByteArrayOutputStream buf = new java.io.ByteArrayOutputStream();
        java.io.PrintStream old = System.out;
        int rc;
        try {
            System.setOut(new java.io.PrintStream(buf, true, StandardCharsets.UTF_8));
            rc = NvmlProbe.run(dir.resolve("libfakenvml.so").toString());
        } finally {
            System.setOut(old);
        }
        String out = buf.toString(StandardCharsets.UTF_8);
        // The fake refuses any nonce but the sample report's, so the probe's random nonce fails there.
        assertTrue(out.contains("library: loaded") && out.contains("devices: 1") && out.contains("feature ENABLED"), out);
        assertTrue(out.contains("gpu 0: unavailable") && out.contains("Invalid Argument"), out);
        assertEquals(7, rc);
        assertTrue(NvmlProbe.run(dir.resolve("missing.so").toString()) == 7);
    }
}
