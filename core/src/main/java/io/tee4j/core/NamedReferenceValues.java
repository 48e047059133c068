package io.tee4j.core;

import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Reference values under names: the entries of a reference manifest as a policy pins them (policy
 * key {@code referenceManifest}), each a name (a release, say) and the register values a guest
 * launched from that entry's artifacts reports (SEV-SNP {@code measurement}; TDX {@code mrtd},
 * {@code rtmr1}...; CCA {@code rim}). An entry matches evidence when every register it lists equals
 * the evidence's; the result names the first entry that matches, and a mismatch names the closest
 * entries (the most registers equal) and which registers differ.
 *
 * <p>This class compares bytes; it does not derive the values. {@code tee4j-measure}'s
 * {@code ReferenceManifest} derives them from the artifacts, and the backends read them from a
 * policy document with {@link #read}.
 *
 * @since 0.1
 */
public final class NamedReferenceValues {
    /** Entries listed in a mismatch message at most. */
    static final int MAX_NAMED = 3;
    private static final NamedReferenceValues NONE = new NamedReferenceValues(List.of());

    private final List<Entry> entries;

    /** One named entry: register name to expected value; at least one register (an empty entry would match anything). */
    public record Entry(String name, Map<String, byte[]> registers) {
        public Entry {
            Objects.requireNonNull(name, "name");
            if (registers.isEmpty()) {
                throw new IllegalArgumentException("reference entry '" + name + "' lists no register; it would match"
                        + " any evidence");
            }
            Map<String, byte[]> copy = new LinkedHashMap<>();
            registers.forEach((k, v) -> copy.put(k, v.clone()));
            registers = Collections.unmodifiableMap(copy);
        }
    }

    private NamedReferenceValues(List<Entry> entries) {
        this.entries = List.copyOf(entries);
    }

    /** No entries: nothing to compare. */
    public static NamedReferenceValues none() {
        return NONE;
    }

    /** These entries, in order; names must be unique. */
    public static NamedReferenceValues of(List<Entry> entries) {
        Set<String> names = new HashSet<>();
        for (Entry e : entries) {
            if (!names.add(e.name())) {
                throw new IllegalArgumentException("two reference entries named '" + e.name() + "'");
            }
        }
        return new NamedReferenceValues(entries);
    }

    /**
     * Reads {@code key}, a list of {@code {"name": ..., register: hex, ...}}: each register of
     * {@code lengths} (byte length, or -1 for any) may appear, those of {@code required} must, and
     * names must be non-empty and unique. Absent key: {@link #none()}; an empty list is refused.
     */
    public static NamedReferenceValues read(PolicyDocument d, String key, Map<String, Integer> lengths,
            Set<String> required) throws PolicyFormatException {
        List<Entry> out = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (PolicyDocument e : d.objects(key)) {
            String name = e.string("name").orElseThrow(() -> e.invalid("name", "every entry needs a name"));
            if (name.isBlank() || !names.add(name)) {
                throw e.invalid("name", name.isBlank() ? "must not be empty" : "'" + name + "' names two entries");
            }
            Map<String, byte[]> registers = new LinkedHashMap<>();
            for (Map.Entry<String, Integer> r : lengths.entrySet()) {
                Optional<byte[]> v = e.hex(r.getKey(), r.getValue());
                if (v.isPresent()) {
                    registers.put(r.getKey(), v.get());
                } else if (required.contains(r.getKey())) {
                    throw e.invalid(r.getKey(), "every entry needs " + r.getKey());
                }
            }
            e.finish();
            out.add(new Entry(name, registers));
        }
        return new NamedReferenceValues(out);
    }

    /**
     * These values, after checking that every entry lists {@code register} with {@code length} bytes
     * (a backend's builder calls it, so entries meant for another TEE are refused rather than never matching).
     */
    public NamedReferenceValues requireEvery(String register, int length) {
        for (Entry e : entries) {
            byte[] v = e.registers().get(register);
            if (v == null || (length >= 0 && v.length != length)) {
                throw new IllegalArgumentException("reference entry '" + e.name() + "' needs " + register
                        + (length >= 0 ? " (" + length + " bytes)" : ""));
            }
        }
        return this;
    }

    public boolean isEmpty() {
        return entries.isEmpty();
    }

    public List<Entry> entries() {
        return entries;
    }

    /** The first entry every register of which equals the evidence's {@code actual} value. */
    public Optional<String> match(Map<String, byte[]> actual) {
        for (Entry e : entries) {
            if (differing(e, actual).isEmpty()) {
                return Optional.of(e.name());
            }
        }
        return Optional.empty();
    }

    /**
     * Why nothing matched: the evidence's values and the closest entries (most registers equal;
     * ties in manifest order, at most {@value #MAX_NAMED}) with the registers that differ.
     */
    public String mismatch(Map<String, byte[]> actual) {
        StringBuilder b = new StringBuilder();
        actual.forEach((k, v) -> b.append(b.length() == 0 ? "" : ", ").append(k).append(' ')
                .append(HexFormat.of().formatHex(v)));
        b.append(" matches none of the ").append(entries.size()).append(" reference manifest entries; closest: ");
        int best = entries.stream().mapToInt(e -> e.registers().size() - differing(e, actual).size()).max().orElse(0);
        List<String> closest = new ArrayList<>();
        for (Entry e : entries) {
            List<String> diff = differing(e, actual);
            if (e.registers().size() - diff.size() == best && closest.size() < MAX_NAMED) {
                closest.add("'" + e.name() + "' (" + String.join(", ", diff) + (diff.size() == 1 ? " differs)"
                        : " differ)"));
            }
        }
        return b.append(String.join("; ", closest)).toString();
    }

    private static List<String> differing(Entry e, Map<String, byte[]> actual) {
        List<String> out = new ArrayList<>();
        e.registers().forEach((k, v) -> {
            byte[] have = actual.get(k);
            if (have == null || !MessageDigest.isEqual(v, have)) {
                out.add(k);
            }
        });
        return out;
    }

    @Override
    public String toString() {
        return "NamedReferenceValues" + entries.stream().map(Entry::name).toList();
    }
}
