package io.tee4j.core;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * An ordered, JSON-shaped tree of claims: the values are {@code String}, {@code Boolean},
 * {@code Long}, {@code Integer}, {@code java.math.BigInteger}, {@code byte[]} (rendered as hex),
 * {@code List} of these, or nested {@code Claims}. Backends build one for every parsed or verified
 * piece of evidence so that the command line, the sidecar and EAR results can print every field
 * without knowing the backend's types.
 *
 * <p>Immutable once built. The names and values are kept in two arrays in insertion order (every
 * verification builds a few dozen of these, and a reply reads each once, in order); a name is
 * looked up by a scan, or by an index built on the first lookup in a tree of more than
 * {@value #SCANNED} claims.
 *
 * @since 0.1
 */
public final class Claims {
    /** Trees of at most this many claims are searched by a scan, with no index. */
    static final int SCANNED = 16;

    private final String[] names;
    private final Object[] values;
    private final int size;
    private final Map<String, Object> view;
    /** Name to position, for trees past {@link #SCANNED}; built on the first lookup (idempotent, so a race only repeats it). */
    private volatile Map<String, Integer> index;

    /** Takes the builder's arrays; it copies them before any later change, and only the first {@code size} are read here. */
    private Claims(String[] names, Object[] values, int size) {
        this.names = names;
        this.values = values;
        this.size = size;
        this.view = Collections.unmodifiableMap(new View());
    }

    /** A new builder that keeps insertion order. */
    public static Builder builder() {
        return new Builder();
    }

    /** The claims, in insertion order; unmodifiable. */
    public Map<String, Object> asMap() {
        return view;
    }

    /** The value of a top-level claim, or {@code null}. */
    public Object get(String name) {
        int at = positionOf(name);
        return at < 0 ? null : values[at];
    }

    private int positionOf(Object name) {
        if (!(name instanceof String)) {
            return -1;
        }
        if (size <= SCANNED) {
            for (int i = 0; i < size; i++) {
                if (names[i].equals(name)) {
                    return i;
                }
            }
            return -1;
        }
        Map<String, Integer> byName = index;
        if (byName == null) {
            byName = new HashMap<>(size * 2);
            for (int i = 0; i < size; i++) {
                byName.put(names[i], i);
            }
            index = byName;
        }
        Integer at = byName.get(name);
        return at == null ? -1 : at;
    }

    @Override
    public String toString() {
        return "Claims" + view.keySet();
    }

    /** The map form of the arrays (wrapped unmodifiable by {@link #asMap()}). */
    private final class View extends AbstractMap<String, Object> {
        @Override
        public int size() {
            return size;
        }

        @Override
        public Object get(Object key) {
            int at = positionOf(key);
            return at < 0 ? null : values[at];
        }

        @Override
        public boolean containsKey(Object key) {
            return positionOf(key) >= 0;
        }

        /** In order, without an entry object per claim. */
        @Override
        public void forEach(BiConsumer<? super String, ? super Object> action) {
            Objects.requireNonNull(action, "action");
            for (int i = 0; i < size; i++) {
                action.accept(names[i], values[i]);
            }
        }

        @Override
        public Set<Entry<String, Object>> entrySet() {
            return new AbstractSet<>() {
                @Override
                public int size() {
                    return size;
                }

                @Override
                public Iterator<Entry<String, Object>> iterator() {
                    return new Iterator<>() {
                        private int next;

                        @Override
                        public boolean hasNext() {
                            return next < size;
                        }

                        @Override
                        public Entry<String, Object> next() {
                            if (next >= size) {
                                throw new NoSuchElementException();
                            }
                            Entry<String, Object> e = new SimpleImmutableEntry<>(names[next], values[next]);
                            next++;
                            return e;
                        }
                    };
                }
            };
        }
    }

    /** Builds {@link Claims}. */
    public static final class Builder {
        private String[] names = new String[8];
        private Object[] values = new Object[8];
        /** The names' hash codes (cached by String), so the scan for a name rarely calls equals. */
        private int[] hashes = new int[8];
        private int size;
        /** Name to position once past {@link Claims#SCANNED} claims, so putting stays constant time. */
        private Map<String, Integer> index;
        /**
         * Whether the arrays now back a built {@link Claims}: building hands them over instead of
         * copying them, and the next {@link #put} copies them first, so a built tree never changes.
         */
        private boolean handedOver;

        private Builder() {
        }

        /**
         * Adds a claim, or replaces the value of one of the same name in its place; {@code null}
         * values are skipped so optional fields can be put unconditionally.
         */
        public Builder put(String name, Object value) {
            Objects.requireNonNull(name, "name");
            if (value == null) {
                return this;
            }
            Class<?> type = value.getClass();
            if (type == byte[].class) {
                value = ((byte[]) value).clone();
            } else if (type != String.class && type != Long.class && type != Integer.class && type != Boolean.class) {
                // Only other classes can be lists or builders; the check for an interface (List) is
                // slow for a class that fails it, and most claims are strings and numbers.
                if (value instanceof List) {
                    value = List.copyOf((List<?>) value);
                } else if (value instanceof Builder) {
                    value = ((Builder) value).build();
                }
            }
            if (handedOver) {
                names = names.clone();
                values = values.clone();
                hashes = hashes.clone();
                handedOver = false;
            }
            int at = positionOf(name);
            if (at >= 0) {
                values[at] = value;
                return this;
            }
            if (size == names.length) {
                names = Arrays.copyOf(names, size * 2);
                values = Arrays.copyOf(values, size * 2);
                hashes = Arrays.copyOf(hashes, size * 2);
            }
            names[size] = name;
            values[size] = value;
            hashes[size] = name.hashCode();
            size++;
            if (index != null) {
                index.put(name, size - 1);
            } else if (size > SCANNED) {
                index = new HashMap<>(size * 4);
                for (int i = 0; i < size; i++) {
                    index.put(names[i], i);
                }
            }
            return this;
        }

        private int positionOf(String name) {
            if (index != null) {
                Integer at = index.get(name);
                return at == null ? -1 : at;
            }
            int hash = name.hashCode();
            for (int i = 0; i < size; i++) {
                if (hashes[i] == hash && names[i].equals(name)) {
                    return i;
                }
            }
            return -1;
        }

        /** The claims put so far; putting more afterwards leaves this tree as it is. */
        public Claims build() {
            handedOver = true;
            return new Claims(names, values, size);
        }
    }
}
