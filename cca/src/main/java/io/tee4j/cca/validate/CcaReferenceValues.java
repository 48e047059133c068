package io.tee4j.cca.validate;

import io.tee4j.cca.CcaConfigurationException;
import io.tee4j.cca.abi.HashAlgorithms;
import io.tee4j.core.PolicyDocument;
import io.tee4j.core.PolicyFormatException;
import io.tee4j.json.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Reference values a CCA token is appraised against: known-good platform firmware (per
 * implementation id: software components and configuration) and known-good realms (initial
 * measurement, extensible measurements, personalization value, RAK hash algorithm).
 *
 * <p>Read from the JSON format of veraison/rust-ccatoken's {@code rv.json}, which Trustee's local
 * CCA verifier ({@code rvstore.json}) shares: {@code {"platform": [{"implementation-id",
 * "platform-configuration", "sw-components": [{"component-type", "measurement-value", "signer-id",
 * "version"}]}], "realm": [{"initial-measurement", "extensible-measurements", "personalization-value",
 * "rak-hash-algorithm"}]}}, byte values in hex. Mandatory: {@code implementation-id} and a non-empty
 * {@code sw-components} list in a platform entry, {@code measurement-value} and {@code signer-id} in
 * each component (rust-ccatoken refuses an entry without a signer id; tee4j does too, naming the
 * entry), {@code initial-measurement} in a realm entry. Refused: unknown keys, empty lists, a RAK
 * hash algorithm other than sha-256 or sha-512, files over {@link #MAX_BYTES}. Optional fields that
 * are absent ({@code platform-configuration}, component type and version, the realm's extensible
 * measurements, personalization value and RAK hash algorithm) are not compared.
 *
 * @since 0.1
 */
public final class CcaReferenceValues {
    /** The largest reference-value file accepted: 1 MiB, far above any real store. */
    public static final int MAX_BYTES = 1 << 20;

    /** Known-good firmware of one platform implementation. */
    public static final class Platform {
        final byte[] implementationId;
        final byte[] config;
        final List<Component> components;

        Platform(byte[] implementationId, byte[] config, List<Component> components) {
            this.implementationId = implementationId;
            this.config = config;
            this.components = List.copyOf(components);
        }

        /** The implementation id this entry applies to. */
        public byte[] implementationId() {
            return implementationId.clone();
        }

        /** The expected platform configuration, if given. */
        public Optional<byte[]> config() {
            return Optional.ofNullable(config).map(byte[]::clone);
        }

        /** Number of known-good software components. */
        public int componentCount() {
            return components.size();
        }
    }

    record Component(String type, byte[] measurement, byte[] signerId, String version) {
    }

    /** One known-good realm. */
    public static final class Realm {
        final byte[] initialMeasurement;
        final List<byte[]> extensibleMeasurements;
        final byte[] personalizationValue;
        final String rakHashAlgorithm;

        Realm(byte[] initialMeasurement, List<byte[]> extensibleMeasurements, byte[] personalizationValue,
                String rakHashAlgorithm) {
            this.initialMeasurement = initialMeasurement;
            this.extensibleMeasurements = extensibleMeasurements;
            this.personalizationValue = personalizationValue;
            this.rakHashAlgorithm = rakHashAlgorithm;
        }

        public byte[] initialMeasurement() {
            return initialMeasurement.clone();
        }
    }

    private final List<Platform> platforms;
    private final List<Realm> realms;

    private CcaReferenceValues(List<Platform> platforms, List<Realm> realms) {
        this.platforms = List.copyOf(platforms);
        this.realms = List.copyOf(realms);
    }

    /** No reference values: every claim appraises as "no reference". */
    public static CcaReferenceValues none() {
        return new CcaReferenceValues(List.of(), List.of());
    }

    /**
     * Parses the rv.json format (see the class comment).
     *
     * @throws CcaConfigurationException when the input is larger than {@link #MAX_BYTES}, is not
     *     valid JSON, has an unknown key, an empty list, a software component without
     *     {@code signer-id}, or a value of the wrong type or size; the message names the entry
     */
    public static CcaReferenceValues parse(byte[] json) throws CcaConfigurationException {
        Objects.requireNonNull(json, "json");
        if (json.length > MAX_BYTES) {
            throw new CcaConfigurationException("reference values: " + json.length + " bytes is more than the "
                    + MAX_BYTES + " accepted (1 MiB)");
        }
        Object root;
        try {
            root = Json.parseWithJavaNulls(json);
        } catch (Json.JsonException e) {
            throw new CcaConfigurationException("reference values: " + e.getMessage(), e);
        }
        if (!(root instanceof Map)) {
            throw new CcaConfigurationException("reference values: expected a JSON object");
        }
        @SuppressWarnings("unchecked")
        PolicyDocument doc = PolicyDocument.of((Map<String, ?>) root);
        try {
            List<Platform> platforms = new ArrayList<>();
            for (PolicyDocument p : nonEmptyObjects(doc, "platform")) {
                platforms.add(platform(p));
            }
            List<Realm> realms = new ArrayList<>();
            for (PolicyDocument r : nonEmptyObjects(doc, "realm")) {
                realms.add(realm(r));
            }
            doc.finish();
            return new CcaReferenceValues(platforms, realms);
        } catch (PolicyFormatException e) {
            throw new CcaConfigurationException("reference values: " + e.getMessage(), e);
        }
    }

    private static Platform platform(PolicyDocument p) throws PolicyFormatException {
        byte[] impl = p.hex("implementation-id", 32).orElseThrow(() -> p.invalid("implementation-id", "missing"));
        byte[] config = p.hex("platform-configuration", -1).orElse(null);
        if (!p.has("sw-components")) {
            throw p.invalid("sw-components", "missing: an entry is one firmware release, its complete component list");
        }
        List<Component> comps = new ArrayList<>();
        for (PolicyDocument c : nonEmptyObjects(p, "sw-components")) {
            byte[] m = c.hex("measurement-value", -1).orElseThrow(() -> c.invalid("measurement-value", "missing"));
            // rust-ccatoken refuses an entry without a signer id, and the RMM makes it mandatory in every
            // token: an absent one would match any signer.
            byte[] s = c.hex("signer-id", -1).orElseThrow(() -> c.invalid("signer-id",
                    "missing: every reference component names its signer (a token always carries one)"));
            comps.add(new Component(c.string("component-type").orElse(null), m, s, c.string("version").orElse(null)));
            c.finish();
        }
        p.finish();
        return new Platform(impl, config, comps);
    }

    private static Realm realm(PolicyDocument r) throws PolicyFormatException {
        byte[] rim = r.hex("initial-measurement", -1).orElseThrow(() -> r.invalid("initial-measurement", "missing"));
        List<byte[]> rems = null;
        if (r.has("extensible-measurements")) {
            rems = r.hexList("extensible-measurements", -1);
            if (rems.size() != 4) {
                throw r.invalid("extensible-measurements", "expected 4 values, got " + rems.size());
            }
        }
        byte[] rpv = r.hex("personalization-value", 64).orElse(null);
        String rakHash = r.string("rak-hash-algorithm").orElse(null);
        if (rakHash != null && !HashAlgorithms.isAllowed(rakHash)) {
            // A token naming anything else is refused as malformed, so such an entry could never match.
            throw r.invalid("rak-hash-algorithm", "must be " + HashAlgorithms.allowed() + ", got \"" + rakHash + "\"");
        }
        r.finish();
        return new Realm(rim, rems, rpv, rakHash);
    }

    /**
     * The objects of a list; an empty list is refused (issue 14's one rule for every list key: an
     * empty list would otherwise read as "no reference" here and "nothing allowed" elsewhere).
     */
    private static List<PolicyDocument> nonEmptyObjects(PolicyDocument doc, String key) throws PolicyFormatException {
        List<PolicyDocument> items = doc.objects(key);
        if (items.isEmpty() && doc.has(key)) {
            throw doc.invalid(key, "an empty list is not allowed; leave the key out instead");
        }
        return items;
    }

    /** Both sets of this and {@code other} together. */
    public CcaReferenceValues and(CcaReferenceValues other) {
        List<Platform> p = new ArrayList<>(platforms);
        p.addAll(other.platforms);
        List<Realm> r = new ArrayList<>(realms);
        r.addAll(other.realms);
        return new CcaReferenceValues(p, r);
    }

    /** The platform entries, in file order. */
    public List<Platform> platforms() {
        return platforms;
    }

    /** The realm entries, in file order. */
    public List<Realm> realms() {
        return realms;
    }

    /** Whether there is no entry at all. */
    public boolean isEmpty() {
        return platforms.isEmpty() && realms.isEmpty();
    }

    @Override
    public String toString() {
        return "CcaReferenceValues[" + platforms.size() + " platforms, " + realms.size() + " realms]";
    }
}
