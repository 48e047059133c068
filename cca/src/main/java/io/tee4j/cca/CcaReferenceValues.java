package io.tee4j.cca;

import io.tee4j.cca.internal.Json;
import io.tee4j.core.PolicyDocument;
import io.tee4j.core.PolicyFormatException;
import java.io.IOException;
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
 * "rak-hash-algorithm"}]}}, byte values in hex. Unknown keys are refused. Optional fields that are
 * absent are not compared.
 *
 * @since 0.1
 */
public final class CcaReferenceValues {

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

    static final class Component {
        final String type;
        final byte[] measurement;
        final byte[] signerId;
        final String version;

        Component(String type, byte[] measurement, byte[] signerId, String version) {
            this.type = type;
            this.measurement = measurement;
            this.signerId = signerId;
            this.version = version;
        }
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

    /** Parses the rv.json format (see the class comment). */
    public static CcaReferenceValues parse(byte[] json) throws CcaConfigurationException {
        Objects.requireNonNull(json, "json");
        Object root;
        try {
            root = Json.parse(json);
        } catch (IOException e) {
            throw new CcaConfigurationException("reference values: " + e.getMessage(), e);
        }
        if (!(root instanceof Map)) {
            throw new CcaConfigurationException("reference values: expected a JSON object");
        }
        @SuppressWarnings("unchecked")
        PolicyDocument doc = PolicyDocument.of((Map<String, ?>) root);
        try {
            List<Platform> platforms = new ArrayList<>();
            for (PolicyDocument p : doc.objects("platform")) {
                byte[] impl = p.hex("implementation-id", 32).orElseThrow(() -> p.invalid("implementation-id", "missing"));
                byte[] config = p.hex("platform-configuration", -1).orElse(null);
                List<Component> comps = new ArrayList<>();
                for (PolicyDocument c : p.objects("sw-components")) {
                    byte[] m = c.hex("measurement-value", -1).orElseThrow(() -> c.invalid("measurement-value", "missing"));
                    byte[] s = c.hex("signer-id", -1).orElse(null);
                    comps.add(new Component(c.string("component-type").orElse(null), m, s,
                            c.string("version").orElse(null)));
                    c.finish();
                }
                p.finish();
                platforms.add(new Platform(impl, config, comps));
            }
            List<Realm> realms = new ArrayList<>();
            for (PolicyDocument r : doc.objects("realm")) {
                byte[] rim = r.hex("initial-measurement", -1).orElseThrow(() -> r.invalid("initial-measurement", "missing"));
                List<byte[]> rems = r.has("extensible-measurements") ? r.hexList("extensible-measurements", -1) : null;
                if (rems != null && rems.size() != 4) {
                    throw r.invalid("extensible-measurements", "expected 4 values, got " + rems.size());
                }
                byte[] rpv = r.hex("personalization-value", 64).orElse(null);
                String rakHash = r.string("rak-hash-algorithm").orElse(null);
                r.finish();
                realms.add(new Realm(rim, rems, rpv, rakHash));
            }
            doc.finish();
            return new CcaReferenceValues(platforms, realms);
        } catch (PolicyFormatException e) {
            throw new CcaConfigurationException("reference values: " + e.getMessage(), e);
        }
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
