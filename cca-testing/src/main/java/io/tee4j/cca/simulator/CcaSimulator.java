package io.tee4j.cca.simulator;

import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import com.fasterxml.jackson.dataformat.cbor.CBORGenerator;
import io.tee4j.cca.CcaConfigurationException;
import io.tee4j.cca.abi.CcaProfile;
import io.tee4j.cca.abi.CcaTokenFormat;
import io.tee4j.cca.verify.CcaTrustAnchors;
import io.tee4j.cca.abi.CoseAlgorithm;
import io.tee4j.cca.abi.MecPolicy;
import io.tee4j.cca.abi.RealmPublicKey;
import io.tee4j.core.Attester;
import io.tee4j.core.Evidence;
import io.tee4j.core.TeeType;
import io.tee4j.core.crypto.EcCurve;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A CCA platform and realm in software, for testing attestation logic without Arm hardware: a
 * CPAK (the platform key) and a RAK (the realm key), both freshly generated EC keys, that sign
 * tokens in either top-level format ({@link CcaTokenFormat}) and any profile generation.
 *
 * <p>Security: the simulator's CPAK is trusted only when passed explicitly — use
 * {@link #trustAnchors()} to build a {@link io.tee4j.cca.verify.CcaVerifier}; nothing registers it anywhere
 * and {@link io.tee4j.core.Tee#detect()} never returns {@link #attester()}. Tokens are encoded with
 * Jackson's CBOR generator, an encoder independent of tee4j's decoder, so round trips test both.
 *
 * <p>For a fake configfs-tsm tree, plug {@link #token(byte[])} into core's {@code FakeTsmTree}
 * (test jar) as the generator of provider {@code arm_cca_guest}, and point
 * {@link io.tee4j.cca.client.CcaAttester} at it.
 *
 * @since 0.1
 */
public final class CcaSimulator {
    /** The CBOR tag of a COSE_Sign1 message (RFC 9052 section 4.2). */
    private static final int COSE_SIGN1_TAG = 18;

    /** The implementation id the simulated platform reports. */
    public static final byte[] IMPLEMENTATION_ID = "tee4j CCA simulator, not secure!".getBytes(
            java.nio.charset.StandardCharsets.US_ASCII);

    private static final CBORFactory CBOR = new CBORFactory();

    private final KeyPair cpak;
    private final EcCurve cpakCurve;
    private final KeyPair rak;
    private final byte[] instanceId;
    private final byte[] realmInstanceId;
    private final Map<EcCurve, KeyPair> otherRaks = new EnumMap<>(EcCurve.class);

    private CcaSimulator(EcCurve cpakCurve, SecureRandom random) {
        this(cpakCurve, generate(cpakCurve, random), ueid(random), random);
    }

    private CcaSimulator(EcCurve cpakCurve, KeyPair cpak, byte[] instanceId, SecureRandom random) {
        this.cpakCurve = cpakCurve;
        this.cpak = cpak;
        this.instanceId = instanceId;
        this.rak = generate(EcCurve.P384, random);
        this.realmInstanceId = ueid(random);
    }

    /** Another realm on the same simulated platform: the same CPAK and platform ids, a new RAK and realm id. */
    public CcaSimulator withNewRealm() {
        return new CcaSimulator(cpakCurve, cpak, instanceId, new SecureRandom());
    }

    /** A simulator with a P-384 CPAK (ES384 platform tokens, as TF-RMM's FVP signs). */
    public static CcaSimulator create() {
        return create(EcCurve.P384);
    }

    /** A simulator whose CPAK is on the given curve (P-256: ES256, P-384: ES384, P-521: ES512). */
    public static CcaSimulator create(EcCurve cpakCurve) {
        return new CcaSimulator(Objects.requireNonNull(cpakCurve, "cpakCurve"), new SecureRandom());
    }

    /**
     * A simulator whose CPAK, RAK and ids come from {@code random}: a seeded, deterministic
     * generator gives the same simulated platform on every call (how the {@code tee4j} command
     * keeps a simulator across runs). Token signatures stay randomized.
     */
    public static CcaSimulator create(EcCurve cpakCurve, SecureRandom random) {
        return new CcaSimulator(Objects.requireNonNull(cpakCurve, "cpakCurve"), Objects.requireNonNull(random, "random"));
    }

    /** The CPAK's public key. */
    public PublicKey cpakPublicKey() {
        return cpak.getPublic();
    }

    /** The platform instance id (33 bytes, 0x01 then the hash-like id of the CPAK). */
    public byte[] instanceId() {
        return instanceId.clone();
    }

    /** Trust anchors holding only this simulator's CPAK, bound to its implementation and instance ids. */
    public CcaTrustAnchors trustAnchors() {
        try {
            return CcaTrustAnchors.builder().add(IMPLEMENTATION_ID, instanceId, cpak.getPublic()).build();
        } catch (CcaConfigurationException e) {
            throw new IllegalStateException("the simulator's own key is always valid", e);
        }
    }

    /** A token with default claims (tag 907, 2024 profiles) and the given challenge (1..64 bytes, zero-padded). */
    public byte[] token(byte[] challenge) {
        return token(TokenSpec.builder().challenge(challenge).build());
    }

    /** A signed token as the spec describes. */
    public byte[] token(TokenSpec spec) {
        Objects.requireNonNull(spec, "spec");
        KeyPair realmKey = rak(spec.rakCurve);
        byte[] rakBytes = spec.rakEncoding() == RealmPublicKey.Encoding.SEC1_POINT ? point(realmKey.getPublic())
                : coseKey(realmKey.getPublic(), spec.rakCoseAlgorithm);
        byte[] platformChallenge = hash(spec.rakHashAlgorithm, rakBytes);
        byte[] realmPayload = realmClaims(spec, rakBytes);
        byte[] platformPayload = platformClaims(spec, platformChallenge);
        CoseAlgorithm platformAlg = algorithmFor(cpakCurve);
        byte[] platform = sign(cpak, platformAlg, platformPayload);
        byte[] realm = sign(realmKey, CoseAlgorithm.forCurve(spec.rakCurve), realmPayload);
        return envelope(spec.format, platform, realm);
    }

    /** The realm key on this curve: the simulator's P-384 RAK, or one made on first use for another curve. */
    private KeyPair rak(EcCurve curve) {
        if (curve == EcCurve.P384) {
            return rak;
        }
        synchronized (otherRaks) {
            return otherRaks.computeIfAbsent(curve, c -> generate(c, new SecureRandom()));
        }
    }

    /** An attester that signs with this simulator (never found by {@code Tee.detect()}). */
    public Attester attester() {
        return new Attester() {
            @Override
            public TeeType type() {
                return TeeType.CCA;
            }

            @Override
            public Evidence attest(byte[] reportData) {
                return Evidence.of(TeeType.CCA, token(reportData));
            }

            @Override
            public String toString() {
                return "CcaSimulator.attester (software keys, not secure)";
            }
        };
    }

    // ---- encoding ----

    private byte[] platformClaims(TokenSpec s, byte[] challenge) {
        List<Writer> claims = new ArrayList<>();
        if (s.platformProfile != null) {
            claims.add(g -> text(g, 265, s.platformProfile.uri()));
        }
        claims.add(g -> bytes(g, 10, challenge));
        claims.add(g -> bytes(g, 2396, IMPLEMENTATION_ID));
        claims.add(g -> bytes(g, 256, instanceId));
        claims.add(g -> bytes(g, 2401, s.config));
        claims.add(g -> {
            g.writeFieldId(2395);
            g.writeNumber(s.lifecycle);
        });
        claims.add(g -> text(g, 2402, s.platformHashAlgorithm));
        claims.add(g -> {
            g.writeFieldId(2399);
            g.writeStartArray(null, s.components.size());
            for (TokenSpec.Component c : s.components) {
                component(g, s, c);
            }
            g.writeEndArray();
        });
        if (s.verificationService != null) {
            claims.add(g -> text(g, 2400, s.verificationService));
        }
        if (s.generation == 3) {
            claims.add(g -> {
                g.writeFieldId(2394);
                g.writeNumber(1);
            });
        }
        return map(claims);
    }

    private static void component(CBORGenerator g, TokenSpec s, TokenSpec.Component c) throws IOException {
        g.writeStartObject(null, 5 + s.componentExtraClaims.size());
        text(g, 1, c.type);
        bytes(g, 2, c.measurement);
        text(g, 4, c.version);
        bytes(g, 5, c.signerId);
        text(g, 6, s.componentHashAlgorithm);
        for (Map.Entry<Long, Object> e : s.componentExtraClaims.entrySet()) {
            value(g, e.getKey(), e.getValue());
        }
        g.writeEndObject();
    }

    private byte[] realmClaims(TokenSpec s, byte[] rakBytes) {
        List<Writer> claims = new ArrayList<>();
        if (s.realmProfile != null) {
            claims.add(g -> text(g, 265, s.realmProfile.uri()));
        }
        claims.add(g -> bytes(g, 10, s.challenge));
        claims.add(g -> bytes(g, 44235, s.personalizationValue));
        claims.add(g -> bytes(g, 44238, s.initialMeasurement));
        claims.add(g -> {
            g.writeFieldId(44239);
            g.writeStartArray(null, 4);
            for (byte[] rem : s.extensibleMeasurements) {
                g.writeBinary(rem);
            }
            g.writeEndArray();
        });
        claims.add(g -> text(g, 44236, s.hashAlgorithm));
        claims.add(g -> bytes(g, 44237, rakBytes));
        claims.add(g -> text(g, 44240, s.rakHashAlgorithm));
        if (s.realm2024Claims()) {
            claims.add(g -> bytes(g, 256, realmInstanceId));
            claims.add(g -> {
                g.writeFieldId(44243);
                g.writeNumber(s.mecPolicy == MecPolicy.PRIVATE ? 1 : 0);
            });
        }
        for (Map.Entry<Long, Object> e : s.realmExtraClaims.entrySet()) {
            claims.add(g -> value(g, e.getKey(), e.getValue()));
        }
        return map(claims);
    }

    /** A definite-length map of the entries (tee4j's decoder, rightly, refuses indefinite lengths). */
    private static byte[] map(List<Writer> entries) {
        return cbor(g -> {
            g.writeStartObject(null, entries.size());
            for (Writer e : entries) {
                e.write(g);
            }
            g.writeEndObject();
        });
    }

    private static byte[] coseKey(PublicKey key, Long alg) {
        byte[] p = point(key);
        int n = (p.length - 1) / 2;
        return cbor(g -> {
            g.writeStartObject(null, alg == null ? 4 : 5);
            g.writeFieldId(1);
            g.writeNumber(2);
            if (alg != null) {
                g.writeFieldId(3);
                g.writeNumber(alg);
            }
            g.writeFieldId(-1);
            g.writeNumber(n == 32 ? 1 : n == 48 ? 2 : 3);
            bytes(g, -2, Arrays.copyOfRange(p, 1, 1 + n));
            bytes(g, -3, Arrays.copyOfRange(p, 1 + n, 1 + 2 * n));
            g.writeEndObject();
        });
    }

    /**
     * RFC 9052 section 4.4's Sig_structure for COSE_Sign1: ["Signature1", protected, external_aad
     * (empty), payload]. Written here, independently of the verifier's reader, so a mistake in one
     * is not mirrored by the other.
     */
    private static byte[] sigStructure(byte[] protectedHeader, byte[] payload) {
        return cbor(g -> {
            g.writeStartArray(null, 4);
            g.writeString("Signature1");
            g.writeBinary(protectedHeader);
            g.writeBinary(new byte[0]);
            g.writeBinary(payload);
            g.writeEndArray();
        });
    }

    private static byte[] sign(KeyPair key, CoseAlgorithm alg, byte[] payload) {
        byte[] prot = cbor(g -> {
            g.writeStartObject(null, 1);
            g.writeFieldId(1);
            g.writeNumber(alg.id());
            g.writeEndObject();
        });
        byte[] signature;
        try {
            Signature s = Signature.getInstance(alg.curve().digestName().replace("-", "") + "withECDSAinP1363Format");
            s.initSign(key.getPrivate());
            s.update(sigStructure(prot, payload));
            signature = s.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("ECDSA signing is available on every Java 17 platform", e);
        }
        return cbor(g -> {
            g.writeTag(COSE_SIGN1_TAG);
            g.writeStartArray(null, 4);
            g.writeBinary(prot);
            g.writeStartObject(null, 0);
            g.writeEndObject();
            g.writeBinary(payload);
            g.writeBinary(signature);
            g.writeEndArray();
        });
    }

    private static byte[] envelope(CcaTokenFormat format, byte[] platform, byte[] realm) {
        return cbor(g -> {
            g.writeTag((int) format.tag());
            g.writeStartObject(null, 2);
            g.writeFieldId(44234);
            member(g, format, platform);
            g.writeFieldId(44241);
            member(g, format, realm);
            g.writeEndObject();
        });
    }

    private static void member(CBORGenerator g, CcaTokenFormat format, byte[] cose) throws IOException {
        if (format == CcaTokenFormat.CMW_COLLECTION_TAG_907) {
            g.writeStartArray(null, 2);
            g.writeNumber(263);
            g.writeBinary(cose);
            g.writeEndArray();
        } else {
            g.writeBinary(cose);
        }
    }

    private static void bytes(CBORGenerator g, long key, byte[] value) throws IOException {
        g.writeFieldId(key);
        g.writeBinary(value);
    }

    private static void text(CBORGenerator g, long key, String value) throws IOException {
        g.writeFieldId(key);
        g.writeString(value);
    }

    /** A claim of a type the spec's extra claims allow: text, integer, boolean or bytes. */
    private static void value(CBORGenerator g, long key, Object value) throws IOException {
        if (value instanceof String) {
            text(g, key, (String) value);
        } else if (value instanceof Long) {
            g.writeFieldId(key);
            g.writeNumber((Long) value);
        } else if (value instanceof Boolean) {
            g.writeFieldId(key);
            g.writeBoolean((Boolean) value);
        } else {
            bytes(g, key, (byte[]) value);
        }
    }

    /** Writes one CBOR item, or one key and value of a map. */
    private interface Writer {
        void write(CBORGenerator g) throws IOException;
    }

    private static byte[] cbor(Writer w) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (CBORGenerator g = CBOR.createGenerator(out)) {
            w.write(g);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    // ---- keys ----

    private static KeyPair generate(EcCurve curve, SecureRandom random) {
        try {
            KeyPairGenerator kpg = KeyPairGenerator.getInstance("EC");
            kpg.initialize(new ECGenParameterSpec(curve.curveName()), random);
            return kpg.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("EC key generation is available on every Java 17 platform", e);
        }
    }

    private static byte[] point(PublicKey key) {
        ECPublicKey ec = (ECPublicKey) key;
        int n = (ec.getParams().getCurve().getField().getFieldSize() + 7) / 8;
        byte[] out = new byte[1 + 2 * n];
        out[0] = 4;
        fixed(ec.getW().getAffineX(), out, 1, n);
        fixed(ec.getW().getAffineY(), out, 1 + n, n);
        return out;
    }

    private static void fixed(BigInteger v, byte[] out, int off, int n) {
        byte[] b = v.toByteArray();
        int copy = Math.min(b.length, n);
        System.arraycopy(b, b.length - copy, out, off + n - copy, copy);
    }

    private static byte[] ueid(SecureRandom random) {
        byte[] id = new byte[33];
        random.nextBytes(id);
        id[0] = 1;
        return id;
    }

    private static CoseAlgorithm algorithmFor(EcCurve curve) {
        for (CoseAlgorithm a : CoseAlgorithm.values()) {
            if (a.curve() == curve) {
                return a;
            }
        }
        throw new IllegalArgumentException("no COSE algorithm for " + curve);
    }

    /**
     * The binding hash under the named algorithm; SHA-256 when Java knows no such algorithm (an
     * empty or made-up name), so a token with a hostile name is otherwise valid and the verifier's
     * refusal is about the name alone.
     */
    static byte[] hash(String alg, byte[] data) {
        String jca = alg.toUpperCase(java.util.Locale.ROOT);
        try {
            return MessageDigest.getInstance(jca.isEmpty() ? "SHA-256" : jca).digest(data);
        } catch (GeneralSecurityException e) {
            try {
                return MessageDigest.getInstance("SHA-256").digest(data);
            } catch (GeneralSecurityException impossible) {
                throw new IllegalStateException("SHA-256 is required of every Java platform", impossible);
            }
        }
    }

    @Override
    public String toString() {
        return "CcaSimulator[CPAK " + cpakCurve.curveName() + ", not secure]";
    }

    /**
     * The claims of a simulated token; every field has a default that gives a conformant token. The
     * methods marked "for negative tests" shape tokens a verifier must refuse (a missing profile, a
     * RAK in the wrong encoding or on the wrong curve, a contradicting COSE_Key alg, hash-algorithm
     * names outside the allowed ones, unknown component keys, an empty service indicator).
     */
    public static final class TokenSpec {
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
}
