package io.tee4j.cli;

import io.tee4j.core.Attester;
import io.tee4j.core.Evidence;
import io.tee4j.core.Tee;
import io.tee4j.core.TeeType;
import io.tee4j.core.crypto.Certificates;
import io.tee4j.nvgpu.abi.DeviceEvidence;
import io.tee4j.nvgpu.abi.EvidenceList;
import io.tee4j.testing.spi.SimulatedAttestation;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code tee4j attest}: produces evidence on this machine's TEE, or with {@code --simulate DIR}
 * from the simulators in DIR. There is no fallback from hardware to a simulator.
 */
@Command(name = "attest", description = "Produce attestation evidence binding the given report data (or nonce).",
        footer = {"", "Examples:",
                "  tee4j attest --report-data \"$(sha256sum key.pem | cut -c1-64)\" \\",
                "      --out evidence.bin --certs-out certs.pem",
                "  tee4j simulator init sim",
                "  tee4j attest --simulate sim --tee sev-snp --report-data 00ff \\",
                "      --out r.bin --certs-out c.pem",
                "  tee4j verify --tee sev-snp --evidence r.bin --cert c.pem \\",
                "      --trust-root sim/sev-snp-root.pem --collateral sim/sev-snp-crl.der",
                "", "Report data: SEV-SNP and TDX up to 64 bytes (zero-padded), CCA 1..64 bytes, NVIDIA GPU a 32-byte nonce."})
final class AttestCommand implements Callable<Integer> {

    @Option(names = "--tee", defaultValue = "auto", paramLabel = "auto|sev-snp|tdx|cca|nvidia-gpu|ibm-se|coco-aa",
            description = "Which TEE (default auto: the one detected; with --simulate, sev-snp).")
    String tee;

    /** Required for every TEE but ibm-se, whose user data is optional ({@code --request} alone is enough). */
    @ArgGroup(exclusive = true, multiplicity = "0..1")
    Input input;

    static final class Input {
        @Option(names = "--report-data", paramLabel = "HEX", description = "Report data / nonce in hex.")
        String hex;

        @Option(names = "--nonce-file", paramLabel = "FILE", description = "Report data / nonce from a file (raw bytes).")
        Path file;
    }

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "Where to write the evidence (binary;"
            + " replaced atomically; refused if it exists and is not a regular file, a symbolic link included).")
    Path out;

    @Option(names = "--certs-out", paramLabel = "FILE",
            description = "Where to write the certificates to verify it with (PEM), when the TEE has any (as --out).")
    Path certsOut;

    @Option(names = "--gpu-evidence-out", paramLabel = "FILE",
            description = "Composite CPU+GPU (sev-snp, tdx): collect every GPU's evidence with --report-data as the "
                    + "32-byte GPU nonce, write NVIDIA's evidence list here, then ask the CPU for a report whose report "
                    + "data commits to it (tee4j/cpu+gpu/v1); verify with verify --gpu-evidence FILE.")
    Path gpuEvidenceOut;

    @Option(names = "--simulate", paramLabel = "DIR",
            description = "Use the simulators in DIR (made by 'tee4j simulator init DIR'). NOT secure.")
    Path simulate;

    @Option(names = "--request", paramLabel = "FILE",
            description = "ibm-se: the attestation request made by 'tee4j se request' (report data becomes the user data).")
    Path seRequest;

    @Override
    public Integer call() throws Exception {
        checkOutputs();
        TeeType type = tee.equals("auto") ? null : Backends.parseType(tee);
        if (type == TeeType.IBM_SE || seRequest != null) {
            return SeAttest.run(type, seRequest, simulate, input == null ? new byte[0] : reportData(), out);
        }
        if (input == null) {
            throw new UsageException("give the report data: --report-data HEX or --nonce-file FILE");
        }
        byte[] reportData = reportData();
        Evidence evidence;
        List<X509Certificate> certs = new ArrayList<>();
        List<String> hints = List.of();
        Simulators sims = simulate == null ? null : Simulators.load(simulate, Clock.systemUTC());
        if (gpuEvidenceOut != null) {
            reportData = attestGpus(sims, type, reportData);
        }
        if (type == TeeType.NVIDIA_GPU && simulate == null) {
            // Every GPU under the one nonce, as NVIDIA's evidence list (the chains are inside it).
            if (reportData.length > 32) {
                throw new UsageException("the NVIDIA GPU nonce is at most 32 bytes, got " + reportData.length);
            }
            List<DeviceEvidence> gpus = GpuAttest.nvml(java.util.Arrays.copyOf(reportData, 32));
            OutputTargets.write(out, "--out", EvidenceList.toJson(gpus));
            System.err.println("tee4j: wrote the evidence of " + gpus.size() + " GPU(s) to " + out);
            return ExitCodes.OK;
        }
        if (simulate != null) {
            if (type == null) {
                type = TeeType.SEV_SNP;
            }
            System.err.println("tee4j: WARNING: SIMULATED " + type.id() + " evidence from " + simulate
                    + "; it proves nothing about this machine.");
            SimulatedAttestation a;
            try {
                a = sims.attest(type, reportData);
            } catch (IllegalArgumentException e) {
                throw new UsageException(e.getMessage(), e);
            }
            evidence = a.evidence();
            certs.addAll(a.certificates());
            hints = a.verifyHints();
        } else {
            Attester attester = type == null ? Tee.detect() : Tee.attester(type);
            try {
                evidence = attester.attest(reportData);
            } catch (IllegalArgumentException e) {
                throw new UsageException(e.getMessage(), e);
            }
            for (byte[] der : evidence.certificates()) {
                try {
                    certs.add(Certificates.parseOne(der));
                } catch (CertificateException e) {
                    throw new io.tee4j.core.MalformedEvidenceException("the TEE returned a certificate that does not"
                            + " parse: " + e.getMessage());
                }
            }
        }
        OutputTargets.write(out, "--out", evidence.raw());
        if (certsOut != null) {
            StringBuilder pem = new StringBuilder();
            certs.forEach(c -> pem.append(Certificates.toPem(c)));
            OutputTargets.write(certsOut, "--certs-out", pem.toString().getBytes(StandardCharsets.US_ASCII));
        }
        System.err.println("tee4j: wrote " + evidence.type().id() + " evidence (" + evidence.raw().length + " bytes) to "
                + out + (certsOut != null ? ", " + certs.size() + " certificate(s) to " + certsOut : ""));
        if (simulate != null) {
            StringBuilder cmd = new StringBuilder("tee4j verify --tee " + evidence.type().id() + " --evidence " + out);
            if (certsOut != null && !certs.isEmpty()) {
                cmd.append(" --cert ").append(certsOut);
            }
            cmd.append(" --trust-root ").append(Simulators.rootFile(simulate, evidence.type()));
            hints.forEach(h -> cmd.append(' ').append(h));
            System.err.println("tee4j: verify it with: " + cmd);
        }
        return ExitCodes.OK;
    }

    /** Writes the GPUs' evidence list for the 32-byte nonce; returns the CPU report data committing to it. */
    private byte[] attestGpus(Simulators sims, TeeType type, byte[] nonce) throws Exception {
        if (type != TeeType.SEV_SNP && type != TeeType.TDX && !(type == null && sims != null)) {
            throw new UsageException("--gpu-evidence-out goes with --tee sev-snp or tdx (the confidential VM's report)");
        }
        if (nonce.length != 32) {
            throw new UsageException("with --gpu-evidence-out, --report-data is the 32-byte GPU nonce, got " + nonce.length
                    + " bytes");
        }
        OutputTargets.check(gpuEvidenceOut, "--gpu-evidence-out");
        List<DeviceEvidence> gpus = sims != null ? GpuAttest.simulated(sims, nonce) : GpuAttest.nvml(nonce);
        OutputTargets.write(gpuEvidenceOut, "--gpu-evidence-out", EvidenceList.toJson(gpus));
        System.err.println("tee4j: wrote the evidence of " + gpus.size() + " GPU(s) to " + gpuEvidenceOut
                + "; the CPU report data commits to it");
        return GpuAttest.reportData(nonce, gpus);
    }

    private byte[] reportData() throws UsageException {
        if (input.hex != null) {
            String h = input.hex.startsWith("0x") ? input.hex.substring(2) : input.hex;
            try {
                return HexFormat.of().parseHex(h);
            } catch (IllegalArgumentException e) {
                throw new UsageException("--report-data: not hex: " + e.getMessage());
            }
        }
        byte[] b = InputFiles.read(input.file);
        if (b.length > 64) {
            throw new UsageException("--nonce-file: at most 64 bytes, got " + b.length);
        }
        return b;
    }

    /** Both outputs are checked before the TEE is asked, so a refused target leaves nothing written. */
    private void checkOutputs() throws UsageException {
        OutputTargets.check(out, "--out");
        if (certsOut != null) {
            OutputTargets.check(certsOut, "--certs-out");
        }
    }
}
