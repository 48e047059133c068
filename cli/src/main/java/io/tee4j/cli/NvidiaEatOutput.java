package io.tee4j.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import io.tee4j.core.AttestationResult;
import io.tee4j.core.Claims;
import io.tee4j.nvgpu.composite.CompositeResult;
import io.tee4j.nvgpu.verify.EvidenceListResult;
import io.tee4j.nvgpu.verify.NvGpuAttestationResult;
import io.tee4j.nvgpu.verify.NvidiaEatClaims;
import java.util.List;

/**
 * {@code verify --format nvidia-eat}: NVIDIA's detached EAT claim sets (claims version 3.0), one per GPU or
 * NVSwitch, as a JSON array in device order (the shape of nvattest's {@code claims} array). Unsigned: these are
 * the claims tee4j verified, for tools that read NVIDIA's claim names.
 */
final class NvidiaEatOutput {
    static final String FORMAT = "nvidia-eat";

    private NvidiaEatOutput() {
    }

    static ArrayNode of(AttestationResult result) throws UsageException {
        List<Claims> sets;
        if (result instanceof NvGpuAttestationResult) {
            sets = List.of(NvidiaEatClaims.detached((NvGpuAttestationResult) result));
        } else if (result instanceof EvidenceListResult) {
            sets = NvidiaEatClaims.detached((EvidenceListResult) result);
        } else if (result instanceof CompositeResult) {
            sets = NvidiaEatClaims.detached(((CompositeResult) result).gpus());
        } else {
            throw new UsageException("--format nvidia-eat applies to NVIDIA GPU evidence (--tee nvidia-gpu or "
                    + "--gpu-evidence) only");
        }
        ArrayNode out = Json.MAPPER.createArrayNode();
        sets.forEach(c -> out.add(Json.toNode(c)));
        return out;
    }
}
