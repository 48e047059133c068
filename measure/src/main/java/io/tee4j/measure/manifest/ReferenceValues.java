package io.tee4j.measure.manifest;

import io.tee4j.core.NamedReferenceValues;
import io.tee4j.core.TeeType;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The register values one reference-manifest entry derives for one TEE: SEV-SNP
 * {@code measurement}; TDX {@code mrtd} and the RTMRs derivable from the entry's inputs
 * ({@code rtmr1}, {@code rtmr2} for a direct boot); CCA {@code rim}. {@link #policyEntry()} is the
 * entry as the backend's policy key {@code referenceManifest} takes it.
 *
 * <p>A value here says what the artifacts measure to under the entry's launch parameters; whether
 * the VMM really used those parameters is exactly what comparing with a verified report decides.
 *
 * @since 0.1
 */
public final class ReferenceValues {
    private final String entry;
    private final TeeType tee;
    private final Map<String, byte[]> registers;

    ReferenceValues(String entry, TeeType tee, Map<String, byte[]> registers) {
        this.entry = Objects.requireNonNull(entry, "entry");
        this.tee = Objects.requireNonNull(tee, "tee");
        Map<String, byte[]> copy = new LinkedHashMap<>();
        registers.forEach((k, v) -> copy.put(k, v.clone()));
        this.registers = Collections.unmodifiableMap(copy);
    }

    /** The manifest entry's name. */
    public String entry() {
        return entry;
    }

    public TeeType tee() {
        return tee;
    }

    /** Register name to value, in the order the policy key lists them (copies). */
    public Map<String, byte[]> registers() {
        Map<String, byte[]> out = new LinkedHashMap<>();
        registers.forEach((k, v) -> out.put(k, v.clone()));
        return out;
    }

    /** {@code {"name": entry, register: hex, ...}}: one element of the policy key {@code referenceManifest}. */
    public Map<String, Object> policyEntry() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("name", entry);
        registers.forEach((k, v) -> out.put(k, HexFormat.of().formatHex(v)));
        return out;
    }

    /** This entry as core's {@link NamedReferenceValues.Entry}, for a policy builder's {@code referenceManifest}. */
    public NamedReferenceValues.Entry toEntry() {
        return new NamedReferenceValues.Entry(entry, registers);
    }

    @Override
    public String toString() {
        return "ReferenceValues[" + tee.id() + " " + policyEntry() + "]";
    }
}
