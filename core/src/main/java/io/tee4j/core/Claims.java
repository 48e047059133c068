package io.tee4j.core;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An ordered, JSON-shaped tree of claims: the values are {@code String}, {@code Boolean},
 * {@code Long}, {@code Integer}, {@code java.math.BigInteger}, {@code byte[]} (rendered as hex),
 * {@code List} of these, or nested {@code Claims}. Backends build one for every parsed or verified
 * piece of evidence so that the command line, the sidecar and EAR results can print every field
 * without knowing the backend's types.
 *
 * @since 0.1
 */
public final class Claims {
    private final Map<String, Object> values;

    private Claims(Map<String, Object> values) {
        this.values = Collections.unmodifiableMap(values);
    }

    /** A new builder that keeps insertion order. */
    public static Builder builder() {
        return new Builder();
    }

    /** The claims, in insertion order; unmodifiable. */
    public Map<String, Object> asMap() {
        return values;
    }

    /** The value of a top-level claim, or {@code null}. */
    public Object get(String name) {
        return values.get(name);
    }

    @Override
    public String toString() {
        return "Claims" + values.keySet();
    }

    /** Builds {@link Claims}. */
    public static final class Builder {
        private Map<String, Object> values = new LinkedHashMap<>();
        /**
         * Whether {@link #values} now backs a built {@link Claims}: building hands the map over
         * instead of copying it (every verification builds a few dozen claims objects), and the
         * next {@link #put} copies it first, so a built tree never changes.
         */
        private boolean handedOver;

        private Builder() {
        }

        /** Adds a claim; {@code null} values are skipped so optional fields can be put unconditionally. */
        public Builder put(String name, Object value) {
            Objects.requireNonNull(name, "name");
            if (value == null) {
                return this;
            }
            if (value instanceof byte[]) {
                value = ((byte[]) value).clone();
            } else if (value instanceof List) {
                value = List.copyOf((List<?>) value);
            } else if (value instanceof Builder) {
                value = ((Builder) value).build();
            }
            if (handedOver) {
                values = new LinkedHashMap<>(values);
                handedOver = false;
            }
            values.put(name, value);
            return this;
        }

        /** The claims put so far; putting more afterwards leaves this tree as it is. */
        public Claims build() {
            handedOver = true;
            return new Claims(values);
        }
    }
}
