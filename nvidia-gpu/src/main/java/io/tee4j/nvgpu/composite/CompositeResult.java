package io.tee4j.nvgpu.composite;

import io.tee4j.core.AttestationResult;
import io.tee4j.core.Claims;
import io.tee4j.core.CommonClaims;
import io.tee4j.core.TeeType;
import io.tee4j.core.VerificationInfo;
import io.tee4j.nvgpu.verify.EvidenceListResult;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A verified CPU+GPU composite ({@link CompositeVerifier}): the CPU result (its TEE, common claims and claims are
 * this result's), the GPU list result, and the binding between them ({@code gpuBinding} claim). Warnings are the
 * CPU's, then the devices' prefixed "gpu ".
 *
 * @since 0.2
 */
public final class CompositeResult implements AttestationResult {
    private final AttestationResult cpu;
    private final EvidenceListResult gpus;

    CompositeResult(AttestationResult cpu, EvidenceListResult gpus) {
        this.cpu = cpu;
        this.gpus = gpus;
    }

    /** The CPU evidence's result. */
    public AttestationResult cpu() {
        return cpu;
    }

    /** The GPUs' and switches' result. */
    public EvidenceListResult gpus() {
        return gpus;
    }

    @Override
    public TeeType tee() {
        return cpu.tee();
    }

    @Override
    public CommonClaims commonClaims() {
        return cpu.commonClaims();
    }

    @Override
    public Claims claims() {
        Claims.Builder b = Claims.builder();
        cpu.claims().asMap().forEach(b::put);
        b.put("gpuBinding", Claims.builder().put("scheme", CompositeBinding.DOMAIN).put("verified", true)
                .put("gpuNonce", java.util.HexFormat.of().formatHex(gpus.nonce())));
        b.put("gpus", gpus.claims());
        return b.build();
    }

    /**
     * The pair's verification facts: the CVM's time and TCB status, explicit anchors if either
     * side used them, revocation checked only if it was on both sides, and both sides' warnings
     * (the GPUs' prefixed with "gpu").
     */
    @Override
    public VerificationInfo verification() {
        VerificationInfo c = cpu.verification();
        VerificationInfo g = gpus.verification();
        List<String> out = new ArrayList<>(c.warnings());
        g.warnings().forEach(w -> out.add("gpu " + w));
        boolean explicit = cpu.explicitTrustAnchors() || gpus.explicitTrustAnchors();
        return new VerificationInfo(c.verifiedAt(), VerificationInfo.origin(explicit),
                c.revocationChecked() && g.revocationChecked(), c.tcbStatus(), out);
    }
}
