package io.tee4j.cca.simulator;

import io.tee4j.cca.abi.CcaProfile;
import io.tee4j.cca.abi.CcaTokenFormat;
import io.tee4j.cca.abi.MecPolicy;
import io.tee4j.cca.abi.RealmPublicKey;
import io.tee4j.core.crypto.EcCurve;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The claims of a simulated token; every field has a default that gives a conformant token. The
 * methods marked "for negative tests" shape tokens a verifier must refuse (a missing profile, a
 * RAK in the wrong encoding or on the wrong curve, a contradicting COSE_Key alg, hash-algorithm
 * names outside the allowed ones, unknown component keys, an empty service indicator).
 */
public final class TokenSpec {
    static final class Component {
        final String type;
        final byte[] measurement;
        final String version;
        final byte[] signerId;

        Component(String type, byte[] measurement, String version, byte[] signerId) {
            this.type = type;
            this.measurement = measurement;
            this.version = version;
            this.signerId = signerId;
        }
    }

    final CcaTokenFormat format;
    final int generation;
    final CcaProfile platformProfile;
    final CcaProfile realmProfile;
    final byte[] challenge;
    final byte[] personalizationValue;
    final byte[] initialMeasurement;
    final List<byte[]> extensibleMeasurements;
    final String hashAlgorithm;
    final String rakHashAlgorithm;
    final String platformHashAlgorithm;
    final String componentHashAlgorithm;
    final Map<Long, Object> componentExtraClaims;
    final Map<Long, Object> realmExtraClaims;
    final String verificationService;
    final int lifecycle;
    final byte[] config;
    final List<Component> components;
    final MecPolicy mecPolicy;
    final EcCurve rakCurve;
    final RealmPublicKey.Encoding rakEncoding;
    final Long rakCoseAlgorithm;
    final Boolean realm2024Claims;

    private TokenSpec(Builder b) {
        this.format = b.format;
        this.generation = b.generation;
        this.platformProfile = b.omitPlatformProfile ? null : platformProfileOf(b.generation);
        this.realmProfile = b.omitRealmProfile ? null
                : b.realmProfile != null ? b.realmProfile : realmProfileOf(b.generation);
        this.challenge = b.challenge;
        this.personalizationValue = b.personalizationValue;
        this.initialMeasurement = b.initialMeasurement;
        this.extensibleMeasurements = List.copyOf(b.extensibleMeasurements);
        this.hashAlgorithm = b.hashAlgorithm;
        this.rakHashAlgorithm = b.rakHashAlgorithm;
        this.platformHashAlgorithm = b.platformHashAlgorithm;
        this.componentHashAlgorithm = b.componentHashAlgorithm;
        this.componentExtraClaims = new LinkedHashMap<>(b.componentExtraClaims);
        this.realmExtraClaims = new LinkedHashMap<>(b.realmExtraClaims);
        this.verificationService = b.verificationService;
        this.lifecycle = b.lifecycle;
        this.config = b.config;
        this.components = List.copyOf(b.components);
        this.mecPolicy = b.mecPolicy;
        this.rakCurve = b.rakCurve;
        this.rakEncoding = b.rakEncoding;
        this.rakCoseAlgorithm = b.rakCoseAlgorithm;
        this.realm2024Claims = b.realm2024Claims;
    }

    private static CcaProfile platformProfileOf(int generation) {
        return generation == 1 ? CcaProfile.PLATFORM_CCA_SSD_1_0
                : generation == 2 ? CcaProfile.PLATFORM_2023 : CcaProfile.PLATFORM_2024;
    }

    private static CcaProfile realmProfileOf(int generation) {
        return generation == 1 ? null : generation == 2 ? CcaProfile.REALM_2023 : CcaProfile.REALM_2024;
    }

    /** The generation whose realm rules apply: the realm profile's, else the platform's. */
    private int realmGeneration() {
        return realmProfile != null ? realmProfile.generation() : generation;
    }

    RealmPublicKey.Encoding rakEncoding() {
        if (rakEncoding != null) {
            return rakEncoding;
        }
        return realmGeneration() == 1 ? RealmPublicKey.Encoding.SEC1_POINT : RealmPublicKey.Encoding.COSE_KEY;
    }

    boolean realm2024Claims() {
        return realm2024Claims != null ? realm2024Claims : realmGeneration() == 3;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Builds a {@link TokenSpec}. Defaults: tag 907, 2024 profiles, zero challenge, secured lifecycle. */
    public static final class Builder {
        private CcaTokenFormat format = CcaTokenFormat.CMW_COLLECTION_TAG_907;
        private int generation = 3;
        private boolean omitPlatformProfile;
        private boolean omitRealmProfile;
        private CcaProfile realmProfile;
        private byte[] challenge = new byte[64];
        private byte[] personalizationValue = new byte[64];
        private byte[] initialMeasurement = new byte[32];
        private final List<byte[]> extensibleMeasurements = new ArrayList<>(
                List.of(new byte[32], new byte[32], new byte[32], new byte[32]));
        private String hashAlgorithm = "sha-256";
        private String rakHashAlgorithm = "sha-256";
        private String platformHashAlgorithm = "sha-256";
        private String componentHashAlgorithm = "sha-256";
        private final Map<Long, Object> componentExtraClaims = new LinkedHashMap<>();
        private final Map<Long, Object> realmExtraClaims = new LinkedHashMap<>();
        private String verificationService = "https://tee4j.invalid/simulator";
        private int lifecycle = 0x3000;
        private byte[] config = new byte[] {(byte) 0xcf, (byte) 0xcf, (byte) 0xcf, (byte) 0xcf};
        private final List<Component> components = new ArrayList<>(List.of(
                new Component("RMM", new byte[32], "1.0", new byte[32])));
        private boolean componentsGiven;
        private MecPolicy mecPolicy = MecPolicy.SHARED;
        private EcCurve rakCurve = EcCurve.P384;
        private RealmPublicKey.Encoding rakEncoding;
        private Long rakCoseAlgorithm;
        private Boolean realm2024Claims;

        private Builder() {
        }

        public Builder format(CcaTokenFormat format) {
            this.format = Objects.requireNonNull(format, "format");
            return this;
        }

        /**
         * The profile generation: {@link CcaProfile#generation()} of the platform profile (1: RMM 1.0 with a
         * raw RAK point and no realm profile; 2: the 2023 profiles; 3: the 2024 profiles).
         */
        public Builder profile(CcaProfile platformProfile) {
            if (!platformProfile.isPlatform()) {
                throw new IllegalArgumentException("name the platform profile");
            }
            this.generation = platformProfile.generation();
            return this;
        }

        /** For negative tests: the platform token carries no profile claim (it is mandatory). */
        public Builder omitPlatformProfile() {
            this.omitPlatformProfile = true;
            return this;
        }

        /**
         * The realm token's profile claim instead of the one of the platform's generation; the RAK encoding
         * and the 2024 realm claims follow it. Another generation than the platform's is for negative tests.
         */
        public Builder realmProfile(CcaProfile realmProfile) {
            if (realmProfile.isPlatform()) {
                throw new IllegalArgumentException("name a realm profile");
            }
            this.realmProfile = realmProfile;
            this.omitRealmProfile = false;
            return this;
        }

        /** The realm token carries no profile claim (optional): it then follows the platform's generation. */
        public Builder omitRealmProfile() {
            this.omitRealmProfile = true;
            this.realmProfile = null;
            return this;
        }

        /** The realm challenge: 1 to 64 bytes, zero-padded to 64 as the kernel does. */
        public Builder challenge(byte[] challenge) {
            if (challenge.length == 0 || challenge.length > 64) {
                throw new IllegalArgumentException("a CCA challenge has 1 to 64 bytes");
            }
            this.challenge = Arrays.copyOf(challenge, 64);
            return this;
        }

        public Builder personalizationValue(byte[] rpv) {
            if (rpv.length != 64) {
                throw new IllegalArgumentException("a personalization value has 64 bytes");
            }
            this.personalizationValue = rpv.clone();
            return this;
        }

        public Builder initialMeasurement(byte[] rim) {
            this.initialMeasurement = rim.clone();
            return this;
        }

        public Builder extensibleMeasurement(int index, byte[] rem) {
            extensibleMeasurements.set(index, rem.clone());
            return this;
        }

        /** The realm hash algorithm (44236); anything but sha-256 and sha-512 is for negative tests. */
        public Builder hashAlgorithm(String alg) {
            this.hashAlgorithm = Objects.requireNonNull(alg);
            return this;
        }

        /**
         * The RAK hash algorithm (44240), which also hashes the binding (SHA-256 when Java knows no such
         * name); anything but sha-256 and sha-512 is for negative tests.
         */
        public Builder rakHashAlgorithm(String alg) {
            this.rakHashAlgorithm = Objects.requireNonNull(alg);
            return this;
        }

        /** The platform hash algorithm (2402); anything but sha-256 and sha-512 is for negative tests. */
        public Builder platformHashAlgorithm(String alg) {
            this.platformHashAlgorithm = Objects.requireNonNull(alg);
            return this;
        }

        /** Every component's hash algorithm (key 6); anything but sha-256 and sha-512 is for negative tests. */
        public Builder componentHashAlgorithm(String alg) {
            this.componentHashAlgorithm = Objects.requireNonNull(alg);
            return this;
        }

        /**
         * Every software component also carries this key with a text, {@code Long}, {@code Boolean} or
         * {@code byte[]} value; keys other than 1, 2, 4, 5, 6 (and 7, 8 in the 2024 profile) are for negative
         * tests.
         */
        public Builder componentExtraClaim(long key, Object value) {
            componentExtraClaims.put(key, checkedValue(value));
            return this;
        }

        /** The realm token also carries this claim, with a text, {@code Long}, {@code Boolean} or bytes value. */
        public Builder realmExtraClaim(long key, Object value) {
            realmExtraClaims.put(key, checkedValue(value));
            return this;
        }

        private static Object checkedValue(Object value) {
            if (!(value instanceof String || value instanceof Long || value instanceof Boolean
                    || value instanceof byte[])) {
                throw new IllegalArgumentException("a claim value is a String, a Long, a Boolean or a byte[]");
            }
            return value instanceof byte[] ? ((byte[]) value).clone() : value;
        }

        /** The verification-service indicator (2400); null leaves it out, "" is for negative tests. */
        public Builder verificationService(String vsi) {
            this.verificationService = vsi;
            return this;
        }

        public Builder lifecycle(int lifecycle) {
            this.lifecycle = lifecycle;
            return this;
        }

        public Builder config(byte[] config) {
            this.config = config.clone();
            return this;
        }

        /**
         * Replaces the default software component list with one component per call, in call order (the
         * same component twice, or components of several releases, make the hostile lists of appraisal tests).
         */
        public Builder component(String type, byte[] measurement, String version, byte[] signerId) {
            if (!componentsGiven) {
                components.clear();
                componentsGiven = true;
            }
            components.add(new Component(type, measurement.clone(), version, signerId.clone()));
            return this;
        }

        public Builder mecPolicy(MecPolicy policy) {
            this.mecPolicy = Objects.requireNonNull(policy);
            return this;
        }

        /**
         * The curve of the RAK (default P-384, the only one the RMM uses); the realm token is signed with the
         * curve's ECDSA algorithm. Other curves are for negative tests of the raw encoding.
         */
        public Builder rakCurve(EcCurve curve) {
            this.rakCurve = Objects.requireNonNull(curve);
            return this;
        }

        /** For negative tests: the RAK's encoding regardless of the profiles (by default it follows them). */
        public Builder rakEncoding(RealmPublicKey.Encoding encoding) {
            this.rakEncoding = Objects.requireNonNull(encoding);
            return this;
        }

        /**
         * The COSE_Key RAK also carries alg (label 3) with this COSE algorithm id; one that does not fit the
         * key's curve (e.g. -7 ES256 on P-384, -8 EdDSA) is for negative tests.
         */
        public Builder rakCoseAlgorithm(long alg) {
            this.rakCoseAlgorithm = alg;
            return this;
        }

        /**
         * Whether the realm token carries the realm instance id (256) and MEC policy (44243); by default it
         * does when it follows the 2024 rules. Leaving them out of a 2024 realm is for negative tests.
         */
        public Builder realm2024Claims(boolean include) {
            this.realm2024Claims = include;
            return this;
        }

        public TokenSpec build() {
            return new TokenSpec(this);
        }
    }
}
