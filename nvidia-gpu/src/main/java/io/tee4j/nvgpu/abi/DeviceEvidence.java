package io.tee4j.nvgpu.abi;

import java.util.List;
import java.util.Optional;

/**
 * One entry of NVIDIA's evidence list ({@link EvidenceList}): the architecture the collector named, the raw SPDM
 * GET_MEASUREMENTS request and response, the device certificate chain (DER, leaf first) and the nonce the
 * collector says it used. Decoded only: the report, the chain and the nonce are verified by
 * {@code NvGpuVerifier}; the declared architecture must agree with the one recognised from the report.
 *
 * @since 0.2
 */
public final class DeviceEvidence {
    private final int index;
    private final DeviceArchitecture declaredArchitecture;
    private final byte[] report;
    private final List<byte[]> certificates;
    private final byte[] nonce;

    DeviceEvidence(int index, DeviceArchitecture declaredArchitecture, byte[] report, List<byte[]> certificates,
            byte[] nonce) {
        this.index = index;
        this.declaredArchitecture = declaredArchitecture;
        this.report = report.clone();
        this.certificates = certificates.stream().map(byte[]::clone).toList();
        this.nonce = nonce == null ? null : nonce.clone();
    }

    /**
     * An entry as an attester collected it: the device's architecture, report, chain (DER, leaf first) and the
     * nonce it was requested with.
     */
    public static DeviceEvidence of(int index, DeviceArchitecture architecture, byte[] report, List<byte[]> certificates,
            byte[] nonce) {
        return new DeviceEvidence(index, java.util.Objects.requireNonNull(architecture, "architecture"), report,
                certificates, nonce);
    }

    /** The entry's position in the list (0-based, over all files in the order given). */
    public int index() {
        return index;
    }

    /** The {@code arch} value of the entry. */
    public DeviceArchitecture declaredArchitecture() {
        return declaredArchitecture;
    }

    /** A copy of the SPDM request ‖ response. */
    public byte[] report() {
        return report.clone();
    }

    /** The device chain, DER, leaf first (copies). */
    public List<byte[]> certificates() {
        return certificates.stream().map(byte[]::clone).toList();
    }

    /** The entry's {@code nonce} (32 bytes), when it has one. */
    public Optional<byte[]> nonce() {
        return Optional.ofNullable(nonce).map(byte[]::clone);
    }

    /** This entry renumbered, for a list assembled from several files. */
    DeviceEvidence at(int newIndex) {
        return new DeviceEvidence(newIndex, declaredArchitecture, report, certificates, nonce);
    }

    @Override
    public String toString() {
        return "DeviceEvidence[" + index + ", " + declaredArchitecture + ", " + report.length + " bytes, "
                + certificates.size() + " certificates]";
    }
}
