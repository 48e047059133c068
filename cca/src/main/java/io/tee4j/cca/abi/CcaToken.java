package io.tee4j.cca.abi;

import io.tee4j.core.Claims;
import io.tee4j.core.MalformedEvidenceException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A decoded Arm CCA attestation token: the top-level format, the platform and realm COSE_Sign1
 * messages and their typed claims. Decoding is strict (see {@link #decode(byte[])}) but verifies
 * nothing: pass the token to {@code io.tee4j.cca.verify}'s {@code CcaVerifier}.
 *
 * @since 0.1
 */
public final class CcaToken {
    /** Tokens larger than this are refused before decoding (a real token is 1 to 3 KiB). */
    public static final int MAX_TOKEN_BYTES = TokenDecoder.MAX_TOKEN_BYTES;

    private final byte[] raw;
    private final CcaTokenFormat format;
    private final CoseSign1 platformMessage;
    private final CoseSign1 realmMessage;
    private final CoseAlgorithm platformAlgorithm;
    private final CoseAlgorithm realmAlgorithm;
    private final PlatformClaims platformClaims;
    private final RealmClaims realmClaims;

    CcaToken(byte[] raw, CcaTokenFormat format, CoseSign1 platformMessage, CoseSign1 realmMessage,
            CoseAlgorithm platformAlgorithm, CoseAlgorithm realmAlgorithm, PlatformClaims platformClaims,
            RealmClaims realmClaims) {
        this.raw = raw.clone();
        this.format = format;
        this.platformMessage = platformMessage;
        this.realmMessage = realmMessage;
        this.platformAlgorithm = platformAlgorithm;
        this.realmAlgorithm = realmAlgorithm;
        this.platformClaims = platformClaims;
        this.realmClaims = realmClaims;
    }

    /**
     * Decodes a token in either top-level format.
     *
     * <p>Refused with {@link MalformedEvidenceException}: more than {@link #MAX_TOKEN_BYTES} bytes; a
     * top-level tag other than 399 or 907; a top-level map other than exactly the platform (44234)
     * and realm (44241) members; a CMW record other than {@code [263, bstr]}; COSE_Sign1 members
     * that are untagged, carry {@code crit}, an algorithm other than ES256/ES384/ES512 or a detached
     * payload; duplicate map keys anywhere; indefinite-length items anywhere; trailing bytes after
     * any item; claims of the wrong type or size; a missing mandatory claim; an unknown profile.
     */
    public static CcaToken decode(byte[] token) throws MalformedEvidenceException {
        return TokenDecoder.decode(Objects.requireNonNull(token, "token"));
    }

    /** The token bytes as given. */
    public byte[] raw() {
        return raw.clone();
    }

    public CcaTokenFormat format() {
        return format;
    }

    /** The algorithm of the platform token's signature. */
    public CoseAlgorithm platformAlgorithm() {
        return platformAlgorithm;
    }

    /** The algorithm of the realm token's signature. */
    public CoseAlgorithm realmAlgorithm() {
        return realmAlgorithm;
    }

    public PlatformClaims platformClaims() {
        return platformClaims;
    }

    public RealmClaims realmClaims() {
        return realmClaims;
    }

    /** The platform COSE_Sign1 message as decoded, for the verifier's signature step. */
    public CoseSign1 platformMessage() {
        return platformMessage;
    }

    /** The realm COSE_Sign1 message as decoded, for the verifier's signature step. */
    public CoseSign1 realmMessage() {
        return realmMessage;
    }

    /** Every decoded field as a claims tree (for display and JSON output). */
    public Claims toClaims() {
        Claims.Builder p = Claims.builder()
                .put("profile", platformClaims.profile().uri())
                .put("signatureAlgorithm", platformAlgorithm.name())
                .put("challenge", platformClaims.challenge())
                .put("implementationId", platformClaims.implementationId())
                .put("instanceId", platformClaims.instanceId())
                .put("config", platformClaims.config())
                .put("lifecycle", (long) platformClaims.lifecycle().value())
                .put("lifecycleState", platformClaims.lifecycle().state().name())
                .put("hashAlgorithm", platformClaims.hashAlgorithm());
        List<Object> comps = new ArrayList<>();
        for (SoftwareComponent c : platformClaims.softwareComponents()) {
            Claims.Builder cb = Claims.builder()
                    .put("type", c.type().orElse(null))
                    .put("measurement", c.measurement())
                    .put("version", c.version().orElse(null))
                    .put("signerId", c.signerId())
                    .put("hashAlgorithm", c.hashAlgorithm().orElse(null))
                    .put("liveFirmwareActivation", c.liveFirmwareActivation().orElse(null));
            if (!c.countersignerIds().isEmpty()) {
                cb.put("countersignerIds", new ArrayList<Object>(c.countersignerIds()));
            }
            comps.add(cb.build());
        }
        p.put("softwareComponents", comps)
                .put("verificationService", platformClaims.verificationService().orElse(null))
                .put("manufacturingConfig", platformClaims.manufacturingConfig().orElse(null))
                .put("clientId", platformClaims.clientId().orElse(null))
                .put("extension", platformClaims.extension().orElse(null));
        if (!platformClaims.unknownClaimKeys().isEmpty()) {
            p.put("unknownClaimKeys", new ArrayList<Object>(platformClaims.unknownClaimKeys()));
        }
        RealmClaims rc = realmClaims;
        Claims.Builder r = Claims.builder()
                .put("profile", rc.profile().map(CcaProfile::uri).orElse(null))
                .put("signatureAlgorithm", realmAlgorithm.name())
                .put("challenge", rc.challenge())
                .put("personalizationValue", rc.personalizationValue())
                .put("initialMeasurement", rc.initialMeasurement())
                .put("extensibleMeasurements", new ArrayList<Object>(rc.extensibleMeasurements()))
                .put("hashAlgorithm", rc.hashAlgorithm())
                .put("publicKey", rc.publicKey().encoded())
                .put("publicKeyEncoding", rc.publicKey().encoding().name())
                .put("publicKeyCurve", rc.publicKey().curve().curveName())
                .put("publicKeyHashAlgorithm", rc.publicKeyHashAlgorithm())
                .put("instanceId", rc.instanceId().orElse(null))
                .put("mecPolicy", rc.mecPolicy().map(Enum::name).orElse(null))
                .put("liveFirmwareActivationAllowed", rc.liveFirmwareActivationAllowed().orElse(null))
                .put("devicesTokenHash", rc.devicesTokenHash().orElse(null));
        if (!rc.unknownClaimKeys().isEmpty()) {
            r.put("unknownClaimKeys", new ArrayList<Object>(rc.unknownClaimKeys()));
        }
        return Claims.builder()
                .put("format", format.name())
                .put("platform", p)
                .put("realm", r)
                .build();
    }

    @Override
    public String toString() {
        return "CcaToken[" + format + ", " + platformClaims.profile().uri() + ", " + raw.length + " bytes]";
    }
}
