package io.tee4j.cli;

import io.tee4j.core.AttestationException;
import io.tee4j.core.Evidence;
import io.tee4j.core.TeeType;
import io.tee4j.nvgpu.abi.DeviceArchitecture;
import io.tee4j.nvgpu.abi.DeviceEvidence;
import io.tee4j.nvgpu.abi.SpdmMeasurementReport;
import io.tee4j.nvgpu.client.NvmlAttester;
import io.tee4j.nvgpu.composite.CompositeBinding;
import io.tee4j.testing.spi.SimulatedAttestation;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

/**
 * The GPU side of {@code tee4j attest}: every GPU's evidence under one nonce, as NVIDIA's evidence list (through
 * NVML, or from the simulator directory's one simulated GPU), and the CPU report data that commits to it
 * ({@link CompositeBinding}).
 */
final class GpuAttest {
    private GpuAttest() {
    }

    /** Every GPU NVML sees, asked with {@code nonce}. */
    static List<DeviceEvidence> nvml(byte[] nonce) throws AttestationException {
        try (NvmlAttester nvml = NvmlAttester.open(0)) {
            return nvml.attestAll(nonce);
        }
    }

    /** The simulator directory's GPU, asked with {@code nonce}. */
    static List<DeviceEvidence> simulated(Simulators sims, byte[] nonce) throws AttestationException {
        SimulatedAttestation a = sims.attest(TeeType.NVIDIA_GPU, nonce);
        List<byte[]> chain = new ArrayList<>();
        for (X509Certificate c : a.certificates()) {
            try {
                chain.add(c.getEncoded());
            } catch (CertificateEncodingException e) {
                throw new IllegalStateException("a simulated certificate does not encode", e);
            }
        }
        Evidence ev = a.evidence();
        DeviceArchitecture arch = DeviceArchitecture.detect(SpdmMeasurementReport.parse(ev.raw()), chain);
        return List.of(DeviceEvidence.of(0, arch, ev.raw(), chain, nonce));
    }

    /** The CPU report data committing to {@code gpus} requested with {@code nonce}. */
    static byte[] reportData(byte[] nonce, List<DeviceEvidence> gpus) {
        List<byte[]> reports = new ArrayList<>();
        gpus.forEach(d -> reports.add(d.report()));
        return CompositeBinding.reportData(nonce, reports);
    }
}
