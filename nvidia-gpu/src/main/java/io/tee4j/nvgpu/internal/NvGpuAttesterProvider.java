package io.tee4j.nvgpu.internal;

import io.tee4j.core.Attester;
import io.tee4j.core.TeeType;
import io.tee4j.core.TeeUnavailableException;
import io.tee4j.core.AttesterProvider;
import io.tee4j.nvgpu.client.NvmlAttester;
import java.util.ArrayList;
import java.util.List;

/**
 * Registers the NVML attester for {@link io.tee4j.core.Tee#detect()}. The probe loads
 * {@code libnvidia-ml.so.1}, initialises NVML, counts GPUs and reads the confidential-computing
 * state, then shuts NVML down; it requests no report. Available only with at least one GPU and
 * CC mode on. {@link #create()} attests on GPU 0.
 *
 * @since 0.1
 */
public final class NvGpuAttesterProvider implements AttesterProvider {

    @Override
    public TeeType type() {
        return TeeType.NVIDIA_GPU;
    }

    @Override
    public Probe probe() {
        List<String> findings = new ArrayList<>();
        NvmlAttester a;
        try {
            a = NvmlAttester.open(0);
        } catch (TeeUnavailableException e) {
            findings.add("libnvidia-ml.so.1: not loadable");
            return new Probe(false, findings, "install the NVIDIA driver (R535 or later) in the confidential VM");
        }
        findings.add("libnvidia-ml.so.1: loaded");
        try (NvmlAttester attester = a) {
            int count = attester.deviceCount();
            findings.add("NVML devices: " + count);
            if (count == 0) {
                return new Probe(false, findings, "attach an H100 (or later) GPU to the VM");
            }
            NvmlAttester.CcState cc = attester.ccState();
            findings.add("CC feature: " + (cc.ccEnabled() ? "enabled" : "disabled") + ", environment "
                    + cc.environmentName() + ", devtools " + (cc.devToolsMode() ? "on" : "off"));
            if (!cc.ccEnabled()) {
                return new Probe(false, findings, "turn confidential-computing mode on for the GPU");
            }
            return new Probe(true, findings, "");
        } catch (TeeUnavailableException e) {
            findings.add(e.getMessage());
            return new Probe(false, findings, "check the NVIDIA driver and /dev/nvidia* permissions");
        } catch (RuntimeException | LinkageError e) {
            findings.add("NVML probe failed: " + e);
            return new Probe(false, findings, "check the NVIDIA driver");
        }
    }

    @Override
    public Attester create() throws TeeUnavailableException {
        return NvmlAttester.open(0);
    }
}
