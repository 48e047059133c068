package io.tee4j.nvgpu.composite;

import io.tee4j.nvgpu.abi.SpdmMeasurementReport;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Objects;

/**
 * How a confidential VM's report data commits to its GPUs' evidence (tee4j's composite binding, version 1):
 *
 * <pre>
 *   reportData = SHA-512( "tee4j/cpu+gpu/v1" ‖ gpuNonce ‖ SHA-384(report_0) ‖ ... ‖ SHA-384(report_n-1) )
 * </pre>
 *
 * where {@code gpuNonce} is the 32-byte SPDM nonce every device of the list was requested with (the
 * verifier's challenge, when it sent one) and {@code report_i} is the i-th list entry's raw SPDM
 * GET_MEASUREMENTS request ‖ response, in list order, GPUs and NVSwitches alike. The attester inside the VM
 * (tee4j's {@code attest --tee sev-snp|tdx --gpus}) first collects the devices' evidence with the nonce, then
 * asks the CPU for a report whose 64-byte report data is this digest. A verifier recomputes it from the GPU
 * evidence it was given and compares it with the verified CPU report's report data.
 *
 * <p>Why a commitment rather than a derived nonce: a GPU nonce derived from the VM's report data is public once
 * the CPU report is, so another VM could request its own GPUs' evidence with it; a digest of the exact GPU
 * reports in the hardware-signed CPU report can only have been chosen by code inside this VM after it held those
 * reports. The devices' freshness comes from {@code gpuNonce}; the CPU report's from the same digest.
 *
 * @since 0.2
 */
public final class CompositeBinding {
    /** The domain separator of version 1. */
    public static final String DOMAIN = "tee4j/cpu+gpu/v1";
    /** The report-data length the binding fills (SNP and TDX report data are 64 bytes). */
    public static final int REPORT_DATA_LENGTH = 64;

    private CompositeBinding() {
    }

    /**
     * The report data that commits to {@code reports} requested with {@code gpuNonce}.
     *
     * @throws IllegalArgumentException if the nonce is not 32 bytes or there is no report
     */
    public static byte[] reportData(byte[] gpuNonce, List<byte[]> reports) {
        Objects.requireNonNull(gpuNonce, "gpuNonce");
        if (gpuNonce.length != SpdmMeasurementReport.NONCE_LENGTH) {
            throw new IllegalArgumentException("the GPU nonce has 32 bytes, got " + gpuNonce.length);
        }
        if (reports.isEmpty()) {
            throw new IllegalArgumentException("no GPU report to commit to");
        }
        try {
            MessageDigest outer = MessageDigest.getInstance("SHA-512");
            outer.update(DOMAIN.getBytes(StandardCharsets.US_ASCII));
            outer.update(gpuNonce);
            MessageDigest inner = MessageDigest.getInstance("SHA-384");
            for (byte[] r : reports) {
                outer.update(inner.digest(r));
            }
            return outer.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-384 and SHA-512 are in every Java runtime", e);
        }
    }
}
