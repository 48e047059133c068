package io.tee4j.nvgpu.client;

import io.tee4j.core.AttestationException;
import io.tee4j.core.Evidence;
import io.tee4j.core.RevocationMode;
import io.tee4j.core.TeeUnavailableException;
import io.tee4j.core.crypto.Certificates;
import io.tee4j.nvgpu.abi.SpdmMeasurementReport;
import io.tee4j.nvgpu.collateral.RimIds;
import io.tee4j.nvgpu.validate.NvGpuPolicy;
import io.tee4j.nvgpu.verify.NvGpuAttestationResult;
import io.tee4j.nvgpu.verify.NvGpuVerifier;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * A standalone check of the NVML path on a real machine: prints whether the library loads, NVML
 * initialises, the driver version, the GPU count, the confidential-computing state and, when CC is
 * on, the size and parsed fields of a fresh attestation report for each GPU, followed by an offline
 * verification of it (bundled NVIDIA roots, signature, chain and FWID; revocation and RIMs are
 * skipped because the machine may be offline, so this is a plumbing check, not an attestation).
 *
 * <p>Run: {@code java -cp tee4j-cli-<version>-all.jar io.tee4j.nvgpu.client.NvmlProbe [--save DIR] [library-path]}. Exit code 0 when
 * every step that applies succeeded, 7 when no usable GPU/driver, 2 when a report failed to verify.
 * Prints no secrets (the nonce is random and shown).
 *
 * @since 0.1
 */
public final class NvmlProbe {
    private NvmlProbe() {
    }

    private static void save(Path saveDir, int index, Evidence ev) {
        if (saveDir == null) {
            return;
        }
        try {
            Files.createDirectories(saveDir);
            Files.write(saveDir.resolve("gpu" + index + "-report.bin"), ev.raw());
            StringBuilder pem = new StringBuilder();
            for (byte[] der : ev.certificates()) {
                pem.append(Certificates.toPem("CERTIFICATE", der));
            }
            Files.writeString(saveDir.resolve("gpu" + index + "-chain.pem"), pem);
            Files.writeString(saveDir.resolve("gpu" + index + "-nonce.hex"),
                    HexFormat.of().formatHex(ev.nonce().orElse(new byte[0])) + "\n");
            System.out.println("gpu " + index + ": saved report, chain and nonce under " + saveDir);
        } catch (IOException e) {
            System.out.println("gpu " + index + ": could not save: " + e.getMessage());
        }
    }

    private static Nvml load(String library) {
        return library == null ? Nvml.load() : Nvml.load(library);
    }

    /** {@link #run(String, Path)} without saving anything. */
    public static int run(String library) {
        return run(library, null);
    }

    /**
     * Probes NVML, printing each step to standard output, and returns the exit code (0 ok, 7 no usable GPU or
     * driver, else the failure class's). {@code library} replaces {@code libnvidia-ml.so.1} when not null;
     * {@code saveDir}, when not null, receives each GPU's report ({@code gpuN-report.bin}), device chain
     * ({@code gpuN-chain.pem}) and nonce.
     */
    public static int run(String library, Path saveDir) {
        System.out.println("tee4j NVML probe (java " + System.getProperty("java.version") + ", "
                + System.getProperty("os.arch") + ")");
        NvmlAttester first;
        try {
            first = NvmlAttester.with(load(library), 0);
        } catch (UnsatisfiedLinkError e) {
            System.out.println("library: NOT LOADED: " + (library == null ? "libnvidia-ml.so.1" : library) + ": "
                    + firstLine(e.getMessage()));
            return 7;
        }
        System.out.println("library: loaded");
        int exit = 0;
        try (NvmlAttester a = first) {
            System.out.println("driver: " + a.driverVersion());
            int count = a.deviceCount();
            System.out.println("devices: " + count);
            NvmlAttester.CcState cc = a.ccState();
            System.out.println("cc: feature " + (cc.ccEnabled() ? "ENABLED" : "disabled") + ", environment "
                    + cc.environmentName() + ", devtools " + (cc.devToolsMode() ? "on" : "off") + ", multiGpuMode "
                    + cc.multiGpuMode());
            try {
                System.out.println("gpus ready: " + a.gpusReady());
            } catch (TeeUnavailableException e) {
                System.out.println("gpus ready: unknown (" + e.getMessage() + ")");
            }
            if (!cc.ccEnabled() || count == 0) {
                System.out.println("report: skipped (CC off or no GPU)");
                return 7;
            }
            for (int i = 0; i < count; i++) {
                exit = Math.max(exit, probeDevice(library, saveDir, i));
            }
        } catch (TeeUnavailableException e) {
            System.out.println("NVML: " + e.getMessage());
            return 7;
        } catch (RuntimeException | LinkageError e) {
            System.out.println("NVML: unexpected " + e);
            return 7;
        }
        return exit;
    }

    private static int probeDevice(String library, Path saveDir, int index) {
        byte[] nonce = new byte[32];
        new SecureRandom().nextBytes(nonce);
        try (NvmlAttester a = NvmlAttester.with(load(library), index)) {
            Evidence ev = a.attest(nonce);
            save(saveDir, index, ev);
            SpdmMeasurementReport r = SpdmMeasurementReport.parse(ev.raw());
            System.out.println("gpu " + index + ": report " + ev.rawLength() + " bytes, nonce "
                    + HexFormat.of().formatHex(nonce) + ", " + r.blocks().size() + " blocks, driver "
                    + r.opaqueData().driverVersion().orElse("?") + ", vbios " + r.opaqueData().vbiosVersion().orElse("?")
                    + ", trailing zero bytes " + r.trailingZeroBytes() + ", chain " + ev.certificates().size()
                    + " certificates, RIM ids " + RimIds.driver(r).orElse("?") + " / " + RimIds.vbios(r).orElse("?"));
            NvGpuAttestationResult res = NvGpuVerifier.builder().revocationMode(RevocationMode.SKIP_INSECURE).build()
                    .verify(ev, NvGpuPolicy.builder().allowUnappraisedMeasurements(true).build());
            System.out.println("gpu " + index + ": offline verification OK (signature, chain to the bundled NVIDIA "
                    + "root, FWID, nonce); hwmodel " + res.hardwareModel() + ", ueid " + res.ueid()
                    + "; RIMs and OCSP not checked by this probe");
            return 0;
        } catch (TeeUnavailableException e) {
            System.out.println("gpu " + index + ": unavailable: " + e.getMessage());
            return 7;
        } catch (AttestationException e) {
            System.out.println("gpu " + index + ": " + e.failureClass() + ": " + e.getMessage());
            return e.failureClass().exitCode();
        }
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int n = s.indexOf('\n');
        return n < 0 ? s : s.substring(0, n);
    }
}
