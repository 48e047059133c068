package io.tee4j.cli;

import io.tee4j.core.AttestationException;
import io.tee4j.core.AttestationResult;
import io.tee4j.core.Evidence;
import io.tee4j.core.PolicyDocument;
import io.tee4j.core.PolicyFormatException;
import io.tee4j.core.TeeType;
import io.tee4j.core.spi.PerCallInputs;
import io.tee4j.core.spi.TeeBackend;
import io.tee4j.core.spi.VerificationRequest;
import io.tee4j.core.spi.VerifierConfiguration;
import io.tee4j.nvgpu.composite.CompositeVerifier;
import java.nio.file.Path;
import java.security.cert.X509Certificate;

/**
 * {@code tee4j verify --tee sev-snp|tdx --evidence CPU --gpu-evidence GPUS}: the CVM's report and its GPUs'
 * evidence list verified by {@link CompositeVerifier}, the GPUs with their own roots ({@code --gpu-trust-root},
 * {@code --rim-trust-root}), RIMs ({@code --gpu-collateral}) and policy ({@code --gpu-policy}); revocation, the
 * offline switch, the cache and the time are the CPU's. A binding mismatch exits 2.
 */
final class GpuComposite {
    private final VerifyCommand cmd;

    private GpuComposite(VerifyCommand cmd) {
        this.cmd = cmd;
    }

    /** The composite of the command, or null when no --gpu-evidence was given. */
    static GpuComposite of(VerifyCommand cmd, TeeType type) throws UsageException {
        boolean gpuOptions = !cmd.gpuTrustRoots.isEmpty() || !cmd.gpuCollateral.isEmpty() || cmd.gpuPolicy != null;
        if (cmd.gpuEvidence.isEmpty()) {
            if (gpuOptions) {
                throw new UsageException("--gpu-trust-root, --gpu-collateral and --gpu-policy apply with --gpu-evidence");
            }
            return null;
        }
        if (type == TeeType.NVIDIA_GPU || type == TeeType.CCA) {
            throw new UsageException("--gpu-evidence goes beside a confidential VM's evidence (--tee sev-snp or tdx), "
                    + "not --tee " + type.id());
        }
        return new GpuComposite(cmd);
    }

    AttestationResult verify(TeeBackend cpuBackend, Evidence cpuEvidence, VerificationRequest cpuRequest)
            throws AttestationException, UsageException, PolicyFormatException {
        TeeBackend gpuBackend = Backends.forType(TeeType.NVIDIA_GPU);
        Evidence gpus = EvidenceFormats.read(gpuBackend, EvidenceFiles.lists(cmd.gpuEvidence));
        VerifierConfiguration.Builder g = VerifierConfiguration.builder()
                .revocationMode(cpuRequest.revocationMode()).offline(cpuRequest.offline());
        cpuRequest.collateralSource().ifPresent(g::collateralSource);
        for (Path p : cmd.gpuTrustRoots) {
            for (X509Certificate c : InputFiles.readCertificates(p, "GPU trust root")) {
                g.addTrustRoot(VerifyCommand.encoded(c, p));
            }
        }
        for (Path p : cmd.rimTrustRoots) {
            for (X509Certificate c : InputFiles.readCertificates(p)) {
                g.addRimTrustRoot(VerifyCommand.encoded(c, p));
            }
        }
        cmd.gpuCollateral.forEach(g::addCollateral);
        PerCallInputs.Builder gi = PerCallInputs.builder().clock(cpuRequest.clock());
        if (cmd.gpuPolicy != null) {
            gi.policy(PolicyDocument.of(PolicyFiles.readTree(cmd.gpuPolicy)));
        }
        CompositeVerifier v = new CompositeVerifier(cpuBackend.prepare(cpuRequest.configuration()),
                gpuBackend.prepare(g.build()));
        return v.verify(cpuEvidence, cpuRequest.perCallInputs(), gpus, gi.build());
    }
}
