package io.tee4j.cca.abi;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One entry of the platform software-components claim (2399): a firmware or configuration item
 * measured by the CCA platform. Decoded values only; nothing here was appraised.
 *
 * @since 0.1
 */
public final class SoftwareComponent {
    private final String type;
    private final byte[] measurement;
    private final String version;
    private final byte[] signerId;
    private final String hashAlgorithm;
    private final Boolean liveFirmwareActivation;
    private final List<byte[]> countersignerIds;

    SoftwareComponent(String type, byte[] measurement, String version, byte[] signerId, String hashAlgorithm,
            Boolean liveFirmwareActivation, List<byte[]> countersignerIds) {
        this.type = type;
        this.measurement = measurement.clone();
        this.version = version;
        this.signerId = signerId.clone();
        this.hashAlgorithm = hashAlgorithm;
        this.liveFirmwareActivation = liveFirmwareActivation;
        this.countersignerIds = List.copyOf(countersignerIds);
    }

    /** Component type (key 1), e.g. {@code "BL"} or {@code "RMM"}; optional. */
    public Optional<String> type() {
        return Optional.ofNullable(type);
    }

    /** Measurement value (key 2), 32, 48 or 64 bytes. */
    public byte[] measurement() {
        return measurement.clone();
    }

    /** Version (key 4); optional. */
    public Optional<String> version() {
        return Optional.ofNullable(version);
    }

    /** Signer id (key 5): hash of the signing authority's key, 32, 48 or 64 bytes. */
    public byte[] signerId() {
        return signerId.clone();
    }

    /** Hash algorithm of the measurement (key 6); the platform default applies when absent. */
    public Optional<String> hashAlgorithm() {
        return Optional.ofNullable(hashAlgorithm);
    }

    /** Whether the component may be updated by live firmware activation (key 7, 2024 profile). */
    public Optional<Boolean> liveFirmwareActivation() {
        return Optional.ofNullable(liveFirmwareActivation);
    }

    /** Countersigner ids (key 8, 2024 profile); empty when absent. Copies. */
    public List<byte[]> countersignerIds() {
        List<byte[]> out = new ArrayList<>();
        countersignerIds.forEach(c -> out.add(c.clone()));
        return out;
    }

    @Override
    public String toString() {
        return "SoftwareComponent[" + (type == null ? "?" : type) + (version == null ? "" : " " + version) + "]";
    }
}
