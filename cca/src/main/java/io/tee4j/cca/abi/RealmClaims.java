package io.tee4j.cca.abi;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The claims of a CCA realm token, decoded and type-checked but not verified. Byte arrays are
 * copies.
 *
 * <p>Decoding checks: challenge and personalization value exactly 64 bytes; initial and extensible
 * measurements 32, 48 or 64 bytes, exactly four extensible measurements; hash algorithm and RAK
 * hash algorithm {@code "sha-256"} or {@code "sha-512"}; every mandatory claim present; no claim
 * twice. The rules follow the realm's profile, or the platform's when the realm carries none
 * ({@link #profileGeneration()}); a realm profile of another generation than the platform's is
 * refused. RMM 1.0 (CCA-SSD platform, no realm profile): the RAK is a raw 97-byte P-384 point.
 * 2023 and 2024: the RAK is a COSE_Key whose optional alg fits its curve; 2024 also requires the
 * realm instance id (33 bytes, first byte 0x01) and the MEC policy. Claims of a later profile in an
 * earlier one are skipped as unknown. The measurement lengths are not tied to the hash algorithm
 * claim (neither reference ties them).
 *
 * @since 0.1
 */
public final class RealmClaims {
    private final CcaProfile profile;
    private final int profileGeneration;
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

    RealmClaims(CcaProfile profile, int profileGeneration, byte[] challenge, byte[] personalizationValue,
            byte[] initialMeasurement, List<byte[]> extensibleMeasurements, String hashAlgorithm, RealmPublicKey publicKey,
            String publicKeyHashAlgorithm, byte[] instanceId, MecPolicy mecPolicy, Boolean liveFirmwareActivationAllowed,
            byte[] devicesTokenHash, List<Long> unknownClaimKeys) {
        this.profile = profile;
        this.profileGeneration = profileGeneration;
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

    /**
     * Profile (claim 265) as carried; empty when the realm token has none (RMM 1.0 realm tokens never
     * do; later ones may omit it, and then follow the platform's profile).
     */
    public Optional<CcaProfile> profile() {
        return Optional.ofNullable(profile);
    }

    /**
     * The {@link CcaProfile#generation()} whose rules this realm token was decoded by: its own
     * profile's, or the platform's when it carries none (1: RMM 1.0, 2: 2023, 3: 2024).
     */
    public int profileGeneration() {
        return profileGeneration;
    }

    /** Challenge (claim 10), 64 bytes: the caller's nonce. */
    public byte[] challenge() {
        return challenge.clone();
    }

    /** The value without copying, for tee4j's verifier; callers must not modify it. */
    public byte[] challengeUnsafe() {
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
        String rules = profile != null ? profile.uri()
                : profileGeneration == 1 ? "RMM 1.0" : "no profile, generation " + profileGeneration + " rules";
        return "RealmClaims[" + rules + ", " + hashAlgorithm + "]";
    }
}
