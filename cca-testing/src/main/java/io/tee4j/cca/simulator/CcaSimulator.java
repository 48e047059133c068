package io.tee4j.cca.simulator;

import static io.tee4j.cca.simulator.CoseEncoding.algorithmFor;
import static io.tee4j.cca.simulator.CoseEncoding.bytes;
import static io.tee4j.cca.simulator.CoseEncoding.coseKey;
import static io.tee4j.cca.simulator.CoseEncoding.envelope;
import static io.tee4j.cca.simulator.CoseEncoding.generate;
import static io.tee4j.cca.simulator.CoseEncoding.hash;
import static io.tee4j.cca.simulator.CoseEncoding.map;
import static io.tee4j.cca.simulator.CoseEncoding.point;
import static io.tee4j.cca.simulator.CoseEncoding.sign;
import static io.tee4j.cca.simulator.CoseEncoding.text;
import static io.tee4j.cca.simulator.CoseEncoding.ueid;
import static io.tee4j.cca.simulator.CoseEncoding.value;

import com.fasterxml.jackson.dataformat.cbor.CBORGenerator;
import io.tee4j.cca.CcaConfigurationException;
import io.tee4j.cca.abi.CcaTokenFormat;
import io.tee4j.cca.abi.CoseAlgorithm;
import io.tee4j.cca.abi.MecPolicy;
import io.tee4j.cca.abi.RealmPublicKey;
import io.tee4j.cca.verify.CcaTrustAnchors;
import io.tee4j.core.Attester;
import io.tee4j.core.Evidence;
import io.tee4j.core.TeeType;
import io.tee4j.core.crypto.EcCurve;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.EnumMap;
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

    /** The implementation id the simulated platform reports. */
    public static final byte[] IMPLEMENTATION_ID = "tee4j CCA simulator, not secure!".getBytes(
            StandardCharsets.US_ASCII);

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
        List<CoseEncoding.Writer> claims = new ArrayList<>();
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
        List<CoseEncoding.Writer> claims = new ArrayList<>();
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

    @Override
    public String toString() {
        return "CcaSimulator[CPAK " + cpakCurve.curveName() + ", not secure]";
    }
}
