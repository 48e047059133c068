package io.tee4j.nvgpu.validate;

import io.tee4j.core.Policy;
import io.tee4j.core.PolicyDocument;
import io.tee4j.core.PolicyFormatException;
import io.tee4j.core.TeeType;
import io.tee4j.nvgpu.abi.EvidenceList;
import io.tee4j.nvgpu.abi.SpdmMeasurementReport;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a relying party requires of a verified NVIDIA GPU attestation report.
 *
 * <p>Defaults (secure):
 *
 * <ul>
 *   <li><b>measurements must be appraised</b>: the driver and VBIOS RIMs must be available, signed
 *       by NVIDIA, for the report's driver and VBIOS versions, and every active RIM measurement
 *       must match. Without RIMs nothing says the firmware is production firmware with debugging
 *       disabled, so an unappraised report is refused unless
 *       {@link Builder#allowUnappraisedMeasurements(boolean)} is set; the result then says
 *       {@link MeasurementResult#NOT_APPRAISED}, its debug status is "unknown" and it carries a
 *       warning.
 *   <li><b>nonce</b>: the report's request nonce must equal {@link #expectedNonce()} when set (or
 *       the evidence's {@link io.tee4j.core.Evidence#nonce()} when the evidence carries one).
 *       Without either, freshness is the caller's job: the result carries a warning, and
 *       {@link #requireNonce()} turns that into a failure.
 *   <li>no restriction on driver or VBIOS versions until {@link Builder#allowedDriverVersions} or
 *       {@link Builder#allowedVbiosVersions} is given.
 * </ul>
 *
 * <p>JSON form ({@link #fromDocument(PolicyDocument)}): {@code expectedNonce} (64 hex digits),
 * {@code requireNonce} (bool), {@code allowUnappraisedMeasurements} (bool),
 * {@code allowedDriverVersions} and {@code allowedVbiosVersions} (lists of strings), and for evidence lists
 * {@code requirePpcie} (bool: every GPU in protected-PCIe mode and the PPCIe topology checked),
 * {@code expectedGpuCount} and {@code expectedSwitchCount} (integers: exactly that many devices presented).
 * Unknown keys are refused.
 *
 * @since 0.1
 */
public final class NvGpuPolicy implements Policy {
    /**
     * Every key of the policy JSON (the rule registry): the reader accepts exactly these, the
     * README lists exactly these, and a violation's rule id is one of them.
     */
    public static final List<String> KEYS = List.of("expectedNonce", "requireNonce", "allowUnappraisedMeasurements",
            "allowedDriverVersions", "allowedVbiosVersions", "requirePpcie", "expectedGpuCount", "expectedSwitchCount");

    private final byte[] expectedNonce;
    private final boolean requireNonce;
    private final boolean allowUnappraisedMeasurements;
    private final List<String> allowedDriverVersions;
    private final List<String> allowedVbiosVersions;
    private final boolean requirePpcie;
    private final Integer expectedGpuCount;
    private final Integer expectedSwitchCount;

    private NvGpuPolicy(Builder b) {
        this.requirePpcie = b.requirePpcie;
        this.expectedGpuCount = b.expectedGpuCount;
        this.expectedSwitchCount = b.expectedSwitchCount;
        this.expectedNonce = b.expectedNonce == null ? null : b.expectedNonce.clone();
        this.requireNonce = b.requireNonce;
        this.allowUnappraisedMeasurements = b.allowUnappraisedMeasurements;
        this.allowedDriverVersions = List.copyOf(b.allowedDriverVersions);
        this.allowedVbiosVersions = List.copyOf(b.allowedVbiosVersions);
    }

    /** The default policy (see the class documentation). */
    public static NvGpuPolicy defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Reads a policy from a JSON-shaped document; unknown keys are refused.
     *
     * @throws PolicyFormatException naming the bad key
     */
    public static NvGpuPolicy fromDocument(PolicyDocument doc) throws PolicyFormatException {
        doc.refuseUnknown(KEYS);
        Builder b = builder();
        Optional<byte[]> nonce = doc.hex("expectedNonce", SpdmMeasurementReport.NONCE_LENGTH);
        nonce.ifPresent(b::expectedNonce);
        doc.bool("requireNonce").ifPresent(b::requireNonce);
        doc.bool("allowUnappraisedMeasurements").ifPresent(b::allowUnappraisedMeasurements);
        b.allowedDriverVersions(doc.strings("allowedDriverVersions"));
        b.allowedVbiosVersions(doc.strings("allowedVbiosVersions"));
        doc.bool("requirePpcie").ifPresent(b::requirePpcie);
        count(doc, "expectedGpuCount").ifPresent(b::expectedGpuCount);
        count(doc, "expectedSwitchCount").ifPresent(b::expectedSwitchCount);
        doc.finish();
        return b.build();
    }

    private static Optional<Integer> count(PolicyDocument doc, String key) throws PolicyFormatException {
        return doc.unsigned(key, EvidenceList.MAX_DEVICES).map(Long::intValue);
    }

    /** Whether every GPU must be in protected-PCIe mode with its switches presented and the topology checked. */
    public boolean requirePpcie() {
        return requirePpcie;
    }

    /** The number of GPUs an evidence list must hold, if set. */
    public Optional<Integer> expectedGpuCount() {
        return Optional.ofNullable(expectedGpuCount);
    }

    /** The number of NVSwitches an evidence list must hold, if set. */
    public Optional<Integer> expectedSwitchCount() {
        return Optional.ofNullable(expectedSwitchCount);
    }

    @Override
    public TeeType type() {
        return TeeType.NVIDIA_GPU;
    }

    /** The nonce the report must have been requested with, if set. */
    public Optional<byte[]> expectedNonce() {
        return Optional.ofNullable(expectedNonce).map(byte[]::clone);
    }

    /** Whether a report without an expected nonce to compare with is refused (default false). */
    public boolean requireNonce() {
        return requireNonce;
    }

    /** Whether a report may pass without its measurements compared to RIMs (default false). */
    public boolean allowUnappraisedMeasurements() {
        return allowUnappraisedMeasurements;
    }

    /** Allowed driver versions; empty allows any. */
    public List<String> allowedDriverVersions() {
        return allowedDriverVersions;
    }

    /** Allowed VBIOS versions (as printed, e.g. "96.00.9F.00.01", compared case-insensitively); empty allows any. */
    public List<String> allowedVbiosVersions() {
        return allowedVbiosVersions;
    }

    @Override
    public String toString() {
        return "NvGpuPolicy[expectedNonce=" + (expectedNonce != null) + ", requireNonce=" + requireNonce
                + ", allowUnappraisedMeasurements=" + allowUnappraisedMeasurements + ", drivers="
                + allowedDriverVersions + ", vbios=" + allowedVbiosVersions + ", requirePpcie=" + requirePpcie
                + ", gpus=" + expectedGpuCount + ", switches=" + expectedSwitchCount + "]";
    }

    /** Builds an {@link NvGpuPolicy}. */
    public static final class Builder {
        private byte[] expectedNonce;
        private boolean requireNonce;
        private boolean allowUnappraisedMeasurements;
        private final List<String> allowedDriverVersions = new ArrayList<>();
        private final List<String> allowedVbiosVersions = new ArrayList<>();
        private boolean requirePpcie;
        private Integer expectedGpuCount;
        private Integer expectedSwitchCount;

        private Builder() {
        }

        /** Require protected-PCIe mode on every GPU and a passing topology check (default false). */
        public Builder requirePpcie(boolean require) {
            this.requirePpcie = require;
            return this;
        }

        /** Exactly this many GPUs must be presented. */
        public Builder expectedGpuCount(int count) {
            this.expectedGpuCount = count;
            return this;
        }

        /** Exactly this many NVSwitches must be presented. */
        public Builder expectedSwitchCount(int count) {
            this.expectedSwitchCount = count;
            return this;
        }

        /** The 32-byte nonce the report must carry in its request. */
        public Builder expectedNonce(byte[] nonce) {
            Objects.requireNonNull(nonce, "nonce");
            if (nonce.length != SpdmMeasurementReport.NONCE_LENGTH) {
                throw new IllegalArgumentException("a GPU nonce has 32 bytes, got " + nonce.length);
            }
            this.expectedNonce = nonce.clone();
            return this;
        }

        /** Refuse reports when no expected nonce is known. */
        public Builder requireNonce(boolean require) {
            this.requireNonce = require;
            return this;
        }

        /**
         * INSECURE when true: accept a report whose measurements could not be compared with RIMs.
         * The result says {@link MeasurementResult#NOT_APPRAISED} and carries a warning.
         */
        public Builder allowUnappraisedMeasurements(boolean allow) {
            this.allowUnappraisedMeasurements = allow;
            return this;
        }

        public Builder allowedDriverVersions(List<String> versions) {
            allowedDriverVersions.clear();
            versions.forEach(v -> allowedDriverVersions.add(Objects.requireNonNull(v, "version")));
            return this;
        }

        public Builder allowedVbiosVersions(List<String> versions) {
            allowedVbiosVersions.clear();
            versions.forEach(v -> allowedVbiosVersions.add(Objects.requireNonNull(v, "version")));
            return this;
        }

        public NvGpuPolicy build() {
            return new NvGpuPolicy(this);
        }
    }
}
