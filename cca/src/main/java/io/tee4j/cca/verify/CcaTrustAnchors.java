package io.tee4j.cca.verify;

import io.tee4j.cca.CcaConfigurationException;
import io.tee4j.core.PolicyDocument;
import io.tee4j.core.PolicyFormatException;
import io.tee4j.core.crypto.Certificates;
import io.tee4j.core.crypto.EcCurve;
import io.tee4j.core.crypto.EcdsaVerifier;
import io.tee4j.core.crypto.InvalidKeyException;
import io.tee4j.core.util.CollateralFiles;
import io.tee4j.json.Json;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.security.cert.CertificateException;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The CCA Platform Attestation Keys (CPAKs) a verifier trusts, each bound to the platform
 * implementation id and instance id it may sign for.
 *
 * <p>No production CPAK is public, so tee4j ships none: every anchor here is
 * {@linkplain io.tee4j.core.TrustAnchors.Origin#EXPLICIT explicit}, supplied by the caller (in
 * production from the silicon vendor's endorsements). Inputs accepted by {@link #parse(byte[])}:
 * <ul>
 *   <li>a JSON trust-anchor store as veraison/rust-ccatoken and Trustee use it: an array of
 *       {@code {"implementation-id": hex, "instance-id": hex, "pkey": JWK}};
 *   <li>a single EC JWK ({@code {"kty":"EC","crv":"P-384","x":..,"y":..}}), or PEM public keys
 *       ({@code PUBLIC KEY}) or certificates: these carry no platform identity, so they are trusted
 *       for <em>any</em> implementation and instance id ({@link #anyPlatform}). Use a store to pin
 *       identities.
 * </ul>
 *
 * <p>A store entry whose key is not a valid point of its curve is kept as an unusable anchor: a
 * token from that platform then fails its signature check (as veraison/rust-ccatoken reports it)
 * instead of being looked up elsewhere. Each usable key is held as one {@link EcdsaVerifier} for
 * the life of this object, so its precomputation is reused across tokens. CCA defines no
 * revocation mechanism for CPAKs: to withdraw one, remove it from the store.
 *
 * @since 0.1
 */
public final class CcaTrustAnchors {

    /** One trusted CPAK. */
    static final class Anchor {
        final byte[] implementationId;
        final byte[] instanceId;
        final EcdsaVerifier verifier;
        final String invalidReason;
        final String label;

        Anchor(byte[] implementationId, byte[] instanceId, EcdsaVerifier verifier, String invalidReason, String label) {
            this.implementationId = implementationId;
            this.instanceId = instanceId;
            this.verifier = verifier;
            this.invalidReason = invalidReason;
            this.label = label;
        }

        boolean matches(byte[] impl, byte[] inst) {
            return Arrays.equals(implementationId, impl) && Arrays.equals(instanceId, inst);
        }
    }

    private final List<Anchor> bound;
    private final List<Anchor> any;

    private CcaTrustAnchors(List<Anchor> bound, List<Anchor> any) {
        this.bound = List.copyOf(bound);
        this.any = List.copyOf(any);
        if (this.bound.isEmpty() && this.any.isEmpty()) {
            throw new IllegalArgumentException("a CCA trust-anchor set needs at least one CPAK");
        }
    }

    /** A builder for anchors assembled in code. */
    public static Builder builder() {
        return new Builder();
    }

    /** Anchors from a JSON store, a JWK, PEM public keys or PEM certificates (see the class comment). */
    public static CcaTrustAnchors parse(byte[] content) throws CcaConfigurationException {
        return builder().addFrom(content).build();
    }

    /** One CPAK, trusted for any platform identity. */
    public static CcaTrustAnchors anyPlatform(PublicKey cpak) throws CcaConfigurationException {
        return builder().addAnyPlatform(cpak).build();
    }

    /** The anchors that may verify a platform with these ids: the ones bound to them, else the unbound ones. */
    List<Anchor> lookup(byte[] implementationId, byte[] instanceId) {
        List<Anchor> out = new ArrayList<>();
        for (Anchor a : bound) {
            if (a.matches(implementationId, instanceId)) {
                out.add(a);
            }
        }
        return out.isEmpty() ? any : out;
    }

    /**
     * The anchors bound to this instance id, whatever their implementation id: only to explain a
     * failed lookup (an entry for the instance under another implementation id is never used).
     */
    List<Anchor> boundToInstance(byte[] instanceId) {
        List<Anchor> out = new ArrayList<>();
        for (Anchor a : bound) {
            if (Arrays.equals(a.instanceId, instanceId)) {
                out.add(a);
            }
        }
        return out;
    }

    /** Number of anchors. */
    public int size() {
        return bound.size() + any.size();
    }

    @Override
    public String toString() {
        return "CcaTrustAnchors[" + bound.size() + " bound to platform ids, " + any.size() + " for any platform]";
    }

    /** Builds {@link CcaTrustAnchors}. */
    public static final class Builder {
        private final List<Anchor> bound = new ArrayList<>();
        private final List<Anchor> any = new ArrayList<>();

        private Builder() {
        }

        /** Trusts {@code cpak} for the platform with exactly these ids (32-byte implementation id, 33-byte instance id). */
        public Builder add(byte[] implementationId, byte[] instanceId, PublicKey cpak) throws CcaConfigurationException {
            Objects.requireNonNull(implementationId, "implementationId");
            Objects.requireNonNull(instanceId, "instanceId");
            bound.add(new Anchor(implementationId.clone(), instanceId.clone(), verifier(cpak), null, "cpak"));
            return this;
        }

        /** Trusts {@code cpak} for every platform identity. */
        public Builder addAnyPlatform(PublicKey cpak) throws CcaConfigurationException {
            any.add(new Anchor(null, null, verifier(cpak), null, "cpak"));
            return this;
        }

        /** Adds the anchors in a file's content (JSON store, JWK, PEM keys or certificates). */
        public Builder addFrom(byte[] content) throws CcaConfigurationException {
            Objects.requireNonNull(content, "content");
            if (Certificates.isPem(content)) {
                addPem(content);
                return this;
            }
            if (content.length > CollateralFiles.MAX_FILE_BYTES) {
                // The collateral loader's cap: a trust-anchor store is never near it.
                throw new CcaConfigurationException("trust anchors: " + content.length + " bytes is more than the "
                        + CollateralFiles.MAX_FILE_BYTES + " accepted");
            }
            Object json;
            try {
                json = Json.parseWithJavaNulls(content);
            } catch (Json.JsonException e) {
                throw new CcaConfigurationException("trust anchors: neither PEM nor valid JSON: " + e.getMessage(), e);
            }
            try {
                if (json instanceof List) {
                    List<PolicyDocument> entries = PolicyDocument.of(Map.of("$", json)).objects("$");
                    for (PolicyDocument e : entries) {
                        byte[] impl = e.hex("implementation-id", 32)
                                .orElseThrow(() -> e.invalid("implementation-id", "missing"));
                        byte[] inst = e.hex("instance-id", 33).orElseThrow(() -> e.invalid("instance-id", "missing"));
                        PolicyDocument jwk = e.object("pkey").orElseThrow(() -> e.invalid("pkey", "missing"));
                        e.finish();
                        bound.add(jwkAnchor(jwk, impl, inst));
                    }
                } else if (json instanceof Map) {
                    @SuppressWarnings("unchecked")
                    Map<String, ?> m = (Map<String, ?>) json;
                    any.add(jwkAnchor(PolicyDocument.of(m), null, null));
                } else {
                    throw new CcaConfigurationException("trust anchors: expected a JSON array (store) or object (JWK)");
                }
            } catch (PolicyFormatException e) {
                throw new CcaConfigurationException("trust anchors: " + e.getMessage(), e);
            }
            return this;
        }

        private void addPem(byte[] content) throws CcaConfigurationException {
            List<byte[]> keys;
            try {
                keys = Certificates.pemBlocks(content, "PUBLIC KEY");
            } catch (CertificateException e) {
                throw new CcaConfigurationException("trust anchors: malformed base64 in a PEM block", e);
            }
            for (byte[] spki : keys) {
                try {
                    addAnyPlatform(KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(spki)));
                } catch (NoSuchAlgorithmException | InvalidKeySpecException e) {
                    throw new CcaConfigurationException("trust anchors: PEM PUBLIC KEY is not an EC key: "
                            + e.getMessage(), e);
                }
            }
            int certs = 0;
            if (content.length > 0 && hasCertificateBlock(content)) {
                try {
                    for (var cert : Certificates.parseAll(content)) {
                        addAnyPlatform(cert.getPublicKey());
                        certs++;
                    }
                } catch (CertificateException e) {
                    throw new CcaConfigurationException("trust anchors: " + e.getMessage(), e);
                }
            }
            if (keys.isEmpty() && certs == 0) {
                throw new CcaConfigurationException("trust anchors: no PUBLIC KEY or CERTIFICATE block in the PEM input");
            }
        }

        private static boolean hasCertificateBlock(byte[] content) throws CcaConfigurationException {
            try {
                return !Certificates.pemBlocks(content, "CERTIFICATE").isEmpty();
            } catch (CertificateException e) {
                throw new CcaConfigurationException("trust anchors: malformed base64 in a PEM block", e);
            }
        }

        public CcaTrustAnchors build() throws CcaConfigurationException {
            if (bound.isEmpty() && any.isEmpty()) {
                throw new CcaConfigurationException("trust anchors: no CPAK given");
            }
            return new CcaTrustAnchors(bound, any);
        }

        private static EcdsaVerifier verifier(PublicKey key) throws CcaConfigurationException {
            try {
                return EcdsaVerifier.fromPublicKey(Objects.requireNonNull(key, "cpak")).keep();
            } catch (InvalidKeyException e) {
                throw new CcaConfigurationException("CPAK: " + e.getMessage(), e);
            }
        }

        private static Anchor jwkAnchor(PolicyDocument jwk, byte[] impl, byte[] inst)
                throws PolicyFormatException, CcaConfigurationException {
            String kty = jwk.string("kty").orElseThrow(() -> jwk.invalid("kty", "missing"));
            if (!kty.equals("EC")) {
                throw jwk.invalid("kty", "expected \"EC\", got \"" + kty + "\"");
            }
            String crv = jwk.string("crv").orElseThrow(() -> jwk.invalid("crv", "missing"));
            EcCurve curve;
            switch (crv) {
                case "P-256":
                    curve = EcCurve.P256;
                    break;
                case "P-384":
                    curve = EcCurve.P384;
                    break;
                case "P-521":
                    curve = EcCurve.P521;
                    break;
                default:
                    throw jwk.invalid("crv", "unsupported curve \"" + crv + "\"");
            }
            byte[] x = coordinate(jwk, "x", curve);
            byte[] y = coordinate(jwk, "y", curve);
            // Optional JWK members that do not change the key.
            jwk.string("kid");
            jwk.string("alg");
            jwk.string("use");
            jwk.finish();
            String label = impl == null ? "JWK" : "implementation-id " + HexFormat.of().formatHex(impl);
            try {
                return new Anchor(impl, inst, EcdsaVerifier.fromCoordinates(curve, new BigInteger(1, x),
                        new BigInteger(1, y)).keep(), null, label);
            } catch (InvalidKeyException e) {
                if (impl == null) {
                    throw new CcaConfigurationException("JWK: " + e.getMessage(), e);
                }
                return new Anchor(impl, inst, null, e.getMessage(), label);
            }
        }

        private static byte[] coordinate(PolicyDocument jwk, String name, EcCurve curve) throws PolicyFormatException {
            String s = jwk.string(name).orElseThrow(() -> jwk.invalid(name, "missing"));
            byte[] b;
            try {
                b = Base64.getUrlDecoder().decode(s.getBytes(StandardCharsets.US_ASCII));
            } catch (IllegalArgumentException e) {
                throw jwk.invalid(name, "not base64url");
            }
            if (b.length != curve.fieldBytes()) {
                throw jwk.invalid(name, "expected " + curve.fieldBytes() + " bytes, got " + b.length);
            }
            return b;
        }
    }
}
