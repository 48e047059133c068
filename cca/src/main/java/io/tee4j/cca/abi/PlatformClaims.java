package io.tee4j.cca.abi;

import java.util.List;
import java.util.Optional;

/**
 * The claims of a CCA platform token, decoded and type-checked but not verified. Byte arrays are
 * copies.
 *
 * <p>Decoding checks: profile recognised; challenge 32, 48 or 64 bytes; implementation id 32 bytes;
 * instance id 33 bytes starting with 0x01; lifecycle in a defined range; hash algorithm
 * {@code "sha-256"} or {@code "sha-512"}; verification-service indicator, when present, not empty;
 * at least one software component, each a closed map with a 32/48/64-byte measurement and signer
 * id and, when given, an allowed hash algorithm; every mandatory claim present; no claim twice;
 * 2024 profile: client id 1. Claims with keys tee4j does not know, and the 2024 claims (client id,
 * manufacturing config, extension) in an older profile, are skipped (EAT rule) and listed in
 * {@link #unknownClaimKeys()}.
 *
 * @since 0.1
 */
public final class PlatformClaims {
    private final CcaProfile profile;
    private final byte[] challenge;
    private final byte[] implementationId;
    private final byte[] instanceId;
    private final byte[] config;
    private final SecurityLifecycle lifecycle;
    private final String hashAlgorithm;
    private final List<SoftwareComponent> softwareComponents;
    private final String verificationService;
    private final byte[] manufacturingConfig;
    private final Long clientId;
    private final byte[] extension;
    private final List<Long> unknownClaimKeys;

    PlatformClaims(CcaProfile profile, byte[] challenge, byte[] implementationId, byte[] instanceId, byte[] config,
            SecurityLifecycle lifecycle, String hashAlgorithm, List<SoftwareComponent> softwareComponents,
            String verificationService, byte[] manufacturingConfig, Long clientId, byte[] extension,
            List<Long> unknownClaimKeys) {
        this.profile = profile;
        this.challenge = challenge.clone();
        this.implementationId = implementationId.clone();
        this.instanceId = instanceId.clone();
        this.config = config.clone();
        this.lifecycle = lifecycle;
        this.hashAlgorithm = hashAlgorithm;
        this.softwareComponents = List.copyOf(softwareComponents);
        this.verificationService = verificationService;
        this.manufacturingConfig = manufacturingConfig == null ? null : manufacturingConfig.clone();
        this.clientId = clientId;
        this.extension = extension == null ? null : extension.clone();
        this.unknownClaimKeys = List.copyOf(unknownClaimKeys);
    }

    /** Profile (claim 265). */
    public CcaProfile profile() {
        return profile;
    }

    /** Challenge (claim 10): the hash of the realm's RAK, 32, 48 or 64 bytes. */
    public byte[] challenge() {
        return challenge.clone();
    }

    /** The value without copying, for tee4j's verifier; callers must not modify it. */
    public byte[] challengeUnsafe() {
        return challenge;
    }

    /** Implementation id (claim 2396), 32 bytes. */
    public byte[] implementationId() {
        return implementationId.clone();
    }

    /** Instance id (claim 256, a UEID identifying the CPAK), 33 bytes. */
    public byte[] instanceId() {
        return instanceId.clone();
    }

    /** Platform configuration (claim 2401), implementation defined. */
    public byte[] config() {
        return config.clone();
    }

    /** Security lifecycle (claim 2395). */
    public SecurityLifecycle lifecycle() {
        return lifecycle;
    }

    /** Default measurement hash algorithm (claim 2402), e.g. {@code "sha-256"}. */
    public String hashAlgorithm() {
        return hashAlgorithm;
    }

    /** Software components (claim 2399), in token order. */
    public List<SoftwareComponent> softwareComponents() {
        return softwareComponents;
    }

    /** Verification service hint (claim 2400). */
    public Optional<String> verificationService() {
        return Optional.ofNullable(verificationService);
    }

    /** Manufacturing configuration (claim 2403, 2024 profile). */
    public Optional<byte[]> manufacturingConfig() {
        return Optional.ofNullable(manufacturingConfig).map(byte[]::clone);
    }

    /** Client id (claim 2394, 2024 profile; 1 = Realm Management Security Domain). */
    public Optional<Long> clientId() {
        return Optional.ofNullable(clientId);
    }

    /** The CBOR encoding of the platform extension claim (2404, 2024 profile: attached devices), not interpreted. */
    public Optional<byte[]> extension() {
        return Optional.ofNullable(extension).map(byte[]::clone);
    }

    /** Keys of claims tee4j does not know, skipped while decoding. */
    public List<Long> unknownClaimKeys() {
        return unknownClaimKeys;
    }

    @Override
    public String toString() {
        return "PlatformClaims[" + profile.uri() + ", " + lifecycle + ", " + softwareComponents.size() + " components]";
    }
}
