package io.tee4j.core.keys;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * The version values a key is derived at (for SNP: {@code guest_svn}, {@code tcb_version},
 * {@code launch_mit_vector}), by name, in a fixed order. A sealed blob records them so it can be
 * opened again after the platform moved on; how two of them compare is up to the key source.
 *
 * @since 0.1
 */
public final class KeyVersions {
    private final Map<String, Long> values;

    private KeyVersions(Map<String, Long> values) {
        this.values = Collections.unmodifiableMap(values);
    }

    public static KeyVersions of(Map<String, Long> values) {
        return new KeyVersions(new LinkedHashMap<>(Objects.requireNonNull(values, "values")));
    }

    /** No versions (a source without versioned keys). */
    public static KeyVersions none() {
        return new KeyVersions(new LinkedHashMap<>());
    }

    /** The values by name, in order; unmodifiable. */
    public Map<String, Long> asMap() {
        return values;
    }

    /** The value of one version, if present. */
    public OptionalLong get(String name) {
        Long v = values.get(name);
        return v == null ? OptionalLong.empty() : OptionalLong.of(v);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof KeyVersions && ((KeyVersions) o).values.equals(values);
    }

    @Override
    public int hashCode() {
        return values.hashCode();
    }

    @Override
    public String toString() {
        return "KeyVersions" + values;
    }
}
