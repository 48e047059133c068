package io.tee4j.cca;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The claims of a CCA realm token, decoded and type-checked but not verified. Byte arrays are
 * copies.
 *
 * <p>Decoding checks: challenge and personalization value exactly 64 bytes; initial and extensible
 * measurements 32, 48 or 64 bytes, exactly four extensible measurements; RAK encoded as the profile
 * requires (raw SEC1 point without a profile, COSE_Key with one); 2024 profile: realm instance id
 * (33 bytes, first byte 0x01) and MEC policy present; every mandatory claim present; no claim twice.
 * The measurement lengths are not tied to the hash algorithm claim (published tokens disagree).
 *
 * @since 0.1
 */
public final class RealmClaims {
    private final CcaProfile profile;
    private final byte[] challenge;
    private final byte[] personalizationValue;
    private final byte[] initialMeasurement;
    private final List<byte[]> extensibleMeasurements;
    private final String hashAlgorithm;
    private final RealmPublicKey publicKey;
    private final String publicKeyHashAlgorithm;
    private final byte[] instanceId;
    private final MecPolicy mecPolicy;
    private final Boolean liveFirmwareActivationAllowed;
    private final byte[] devicesTokenHash;
    private final List<Long> unknownClaimKeys;

    RealmClaims(CcaProfile profile, byte[] challenge, byte[] personalizationValue, byte[] initialMeasurement,
            List<byte[]> extensibleMeasurements, String hashAlgorithm, RealmPublicKey publicKey,
            String publicKeyHashAlgorithm, byte[] instanceId, MecPolicy mecPolicy, Boolean liveFirmwareActivationAllowed,
            byte[] devicesTokenHash, List<Long> unknownClaimKeys) {
        this.profile = profile;
        this.challenge = challenge.clone();
        this.personalizationValue = personalizationValue.clone();
        this.initialMeasurement = initialMeasurement.clone();
        List<byte[]> rems = new ArrayList<>();
        extensibleMeasurements.forEach(m -> rems.add(m.clone()));
        this.extensibleMeasurements = List.copyOf(rems);
        this.hashAlgorithm = hashAlgorithm;
        this.publicKey = publicKey;
        this.publicKeyHashAlgorithm = publicKeyHashAlgorithm;
        this.instanceId = instanceId == null ? null : instanceId.clone();
        this.mecPolicy = mecPolicy;
        this.liveFirmwareActivationAllowed = liveFirmwareActivationAllowed;
        this.devicesTokenHash = devicesTokenHash == null ? null : devicesTokenHash.clone();
        this.unknownClaimKeys = List.copyOf(unknownClaimKeys);
    }

    /** Profile (claim 265); empty for RMM 1.0 realm tokens, which carry none. */
    public Optional<CcaProfile> profile() {
        return Optional.ofNullable(profile);
    }

    /** Challenge (claim 10), 64 bytes: the caller's nonce. */
    public byte[] challenge() {
        return challenge.clone();
    }

    byte[] challengeUnsafe() {
        return challenge;
    }

    /** Realm personalization value (claim 44235), 64 bytes. */
    public byte[] personalizationValue() {
        return personalizationValue.clone();
    }

    /** Realm initial measurement (claim 44238). */
    public byte[] initialMeasurement() {
        return initialMeasurement.clone();
    }

    /** The four realm extensible measurements REM0..REM3 (claim 44239). Copies. */
    public List<byte[]> extensibleMeasurements() {
        List<byte[]> out = new ArrayList<>(4);
        extensibleMeasurements.forEach(m -> out.add(m.clone()));
        return out;
    }

    /** Measurement hash algorithm (claim 44236), e.g. {@code "sha-256"}. */
    public String hashAlgorithm() {
        return hashAlgorithm;
    }

    /** Realm attestation key (claim 44237). */
    public RealmPublicKey publicKey() {
        return publicKey;
    }

    /** Hash algorithm of the RAK binding (claim 44240), e.g. {@code "sha-256"}. */
    public String publicKeyHashAlgorithm() {
        return publicKeyHashAlgorithm;
    }

    /** Realm instance id (claim 256, 2024 profile), 33 bytes. */
    public Optional<byte[]> instanceId() {
        return Optional.ofNullable(instanceId).map(byte[]::clone);
    }

    /** MEC policy (claim 44243, 2024 profile). */
    public Optional<MecPolicy> mecPolicy() {
        return Optional.ofNullable(mecPolicy);
    }

    /** Live firmware activation policy (claim 44244, 2024 profile): whether LFA is allowed. */
    public Optional<Boolean> liveFirmwareActivationAllowed() {
        return Optional.ofNullable(liveFirmwareActivationAllowed);
    }

    /** Hash of the realm devices token (claim 44257, 2024 profile), present when devices are assigned. */
    public Optional<byte[]> devicesTokenHash() {
        return Optional.ofNullable(devicesTokenHash).map(byte[]::clone);
    }

    /** Keys of claims tee4j does not know, skipped while decoding. */
    public List<Long> unknownClaimKeys() {
        return unknownClaimKeys;
    }

    @Override
    public String toString() {
        return "RealmClaims[" + (profile == null ? "RMM 1.0" : profile.uri()) + ", " + hashAlgorithm + "]";
    }
}
