package io.tee4j.core;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A strict reader over a JSON-shaped policy tree (maps, lists, strings, numbers, booleans, as a
 * JSON parser produces them). Backends read their policy options through it; every getter checks
 * the type and reports the full path of a bad key, and {@link #finish()} rejects keys nobody
 * asked for, so a typo in a policy file is an error rather than a silently ignored check.
 *
 * <p>Byte values are hex strings; integers may be JSON numbers or decimal/hex ({@code 0x...})
 * strings so that 64-bit values survive JavaScript-style tooling. An integer string longer than
 * {@value #MAX_INTEGER_DIGITS} digits is refused before it is converted, so a hostile document
 * cannot make the reader spend time on a huge number.
 *
 * <p>One rule holds for every list key of every backend: an absent key means the backend's
 * default, and an empty list is refused. An empty list has meant "accept anything" to one check
 * and "accept nothing" to another; refusing it makes the author say which they mean (leave the
 * key out, or list the values).
 *
 * <p>What this reader does not see: the JSON text. Duplicate keys, trailing content and comments
 * must be refused by the parser that built the tree (a {@link Map} cannot hold a key twice).
 *
 * @since 0.1
 */
public final class PolicyDocument {
    /** The most digits an integer given as a string may have (2^64 has 20 decimal digits). */
    public static final int MAX_INTEGER_DIGITS = 20;

    private final String path;
    private final Map<String, ?> values;
    private final Set<String> read = new LinkedHashSet<>();

    private PolicyDocument(String path, Map<String, ?> values) {
        this.path = path;
        this.values = values;
    }

    /** A reader over the root object of a policy document. */
    public static PolicyDocument of(Map<String, ?> root) {
        return new PolicyDocument("$", Objects.requireNonNull(root, "root"));
    }

    /**
     * A reader over the same object without the given keys, for a policy that extends another
     * backend's: the outer backend reads its own keys here and hands the rest to the inner one,
     * whose {@link #finish()} still rejects any key neither of them knows.
     */
    public PolicyDocument without(Set<String> keys) {
        Map<String, Object> rest = new LinkedHashMap<>(values);
        rest.keySet().removeAll(keys);
        return new PolicyDocument(path, rest);
    }

    /** The path of this object, e.g. {@code $.minimumTcb}. */
    public String path() {
        return path;
    }

    /** Whether the key is present. */
    public boolean has(String key) {
        return values.containsKey(key);
    }

    private String at(String key) {
        return path + "." + key;
    }

    private Optional<Object> raw(String key) throws PolicyFormatException {
        read.add(key);
        if (values.containsKey(key) && values.get(key) == null) {
            // An explicit null is more likely a mistake than a wish for the default: say so.
            throw new PolicyFormatException(at(key), "null is not a value; leave the key out for the default");
        }
        return Optional.ofNullable(values.get(key));
    }

    public Optional<Boolean> bool(String key) throws PolicyFormatException {
        Optional<Object> v = raw(key);
        if (v.isPresent() && !(v.get() instanceof Boolean)) {
            throw new PolicyFormatException(at(key), "expected true or false, got " + describe(v.get()));
        }
        return v.map(Boolean.class::cast);
    }

    public Optional<String> string(String key) throws PolicyFormatException {
        Optional<Object> v = raw(key);
        if (v.isPresent() && !(v.get() instanceof String)) {
            throw new PolicyFormatException(at(key), "expected a string, got " + describe(v.get()));
        }
        return v.map(String.class::cast);
    }

    /** An unsigned integer no larger than {@code max}. */
    public Optional<Long> unsigned(String key, long max) throws PolicyFormatException {
        Optional<Object> v = raw(key);
        if (v.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(toUnsigned(at(key), v.get(), max));
    }

    /** An unsigned 64-bit value (returned as the bit pattern in a {@code long}). */
    public Optional<Long> unsigned64(String key) throws PolicyFormatException {
        Optional<Object> v = raw(key);
        if (v.isEmpty()) {
            return Optional.empty();
        }
        BigInteger b = toBigInteger(at(key), v.get());
        if (b.signum() < 0 || b.bitLength() > 64) {
            throw new PolicyFormatException(at(key), "expected an unsigned 64-bit integer, got " + b);
        }
        return Optional.of(b.longValue());
    }

    /** A hex string of exactly {@code length} bytes (any length when {@code length < 0}). */
    public Optional<byte[]> hex(String key, int length) throws PolicyFormatException {
        Optional<String> s = string(key);
        if (s.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(toHex(at(key), s.get(), length));
    }

    /** A list of hex strings, each of exactly {@code length} bytes; empty when absent, never empty when present. */
    public List<byte[]> hexList(String key, int length) throws PolicyFormatException {
        List<byte[]> out = new ArrayList<>();
        List<?> items = list(key);
        for (int i = 0; i < items.size(); i++) {
            Object item = items.get(i);
            String p = at(key) + "[" + i + "]";
            if (!(item instanceof String)) {
                throw new PolicyFormatException(p, "expected a hex string, got " + describe(item));
            }
            out.add(toHex(p, (String) item, length));
        }
        return out;
    }

    /** A list of strings; empty when absent, never empty when present. */
    public List<String> strings(String key) throws PolicyFormatException {
        List<String> out = new ArrayList<>();
        List<?> items = list(key);
        for (int i = 0; i < items.size(); i++) {
            Object item = items.get(i);
            if (!(item instanceof String)) {
                throw new PolicyFormatException(at(key) + "[" + i + "]", "expected a string, got " + describe(item));
            }
            out.add((String) item);
        }
        return out;
    }

    /** A nested object. */
    public Optional<PolicyDocument> object(String key) throws PolicyFormatException {
        Optional<Object> v = raw(key);
        if (v.isEmpty()) {
            return Optional.empty();
        }
        if (!(v.get() instanceof Map)) {
            throw new PolicyFormatException(at(key), "expected an object, got " + describe(v.get()));
        }
        @SuppressWarnings("unchecked")
        Map<String, ?> map = (Map<String, ?>) v.get();
        return Optional.of(new PolicyDocument(at(key), map));
    }

    /** A list of nested objects; empty when absent, never empty when present. */
    public List<PolicyDocument> objects(String key) throws PolicyFormatException {
        List<PolicyDocument> out = new ArrayList<>();
        List<?> items = list(key);
        for (int i = 0; i < items.size(); i++) {
            Object item = items.get(i);
            String p = at(key) + "[" + i + "]";
            if (!(item instanceof Map)) {
                throw new PolicyFormatException(p, "expected an object, got " + describe(item));
            }
            @SuppressWarnings("unchecked")
            Map<String, ?> map = (Map<String, ?>) item;
            out.add(new PolicyDocument(p, map));
        }
        return out;
    }

    /**
     * Fails on the first key that is not in {@code known}, before any value is read: a backend
     * passes its rule registry (its policy's {@code KEYS}), so the list that names the keys in the
     * README and in violations is also the list the reader accepts. {@link #finish()} still catches
     * a registry key the reader forgot to read.
     */
    public void refuseUnknown(Collection<String> known) throws PolicyFormatException {
        for (String key : values.keySet()) {
            if (!known.contains(key)) {
                throw new PolicyFormatException(at(key), "unknown key");
            }
        }
    }

    /**
     * Fails on the first key that no getter asked for. Call it after reading every option (and on
     * every nested object you read).
     */
    public void finish() throws PolicyFormatException {
        for (String key : values.keySet()) {
            if (!read.contains(key)) {
                throw new PolicyFormatException(at(key), "unknown key");
            }
        }
    }

    /** Reports a semantic problem with a key's value. */
    public PolicyFormatException invalid(String key, String problem) {
        return new PolicyFormatException(at(key), problem);
    }

    private List<?> list(String key) throws PolicyFormatException {
        Optional<Object> v = raw(key);
        if (v.isEmpty()) {
            return List.of();
        }
        if (!(v.get() instanceof List)) {
            throw new PolicyFormatException(at(key), "expected a list, got " + describe(v.get()));
        }
        List<?> items = (List<?>) v.get();
        if (items.isEmpty()) {
            throw new PolicyFormatException(at(key),
                    "an empty list is not allowed; leave the key out for the default, or list at least one value");
        }
        return items;
    }

    private static long toUnsigned(String path, Object v, long max) throws PolicyFormatException {
        BigInteger b = toBigInteger(path, v);
        if (b.signum() < 0 || b.compareTo(BigInteger.valueOf(max)) > 0) {
            throw new PolicyFormatException(path, "expected an integer in [0, " + max + "], got " + b);
        }
        return b.longValue();
    }

    private static BigInteger toBigInteger(String path, Object v) throws PolicyFormatException {
        if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte) {
            return BigInteger.valueOf(((Number) v).longValue());
        }
        if (v instanceof BigInteger) {
            return (BigInteger) v;
        }
        if (v instanceof String) {
            String s = ((String) v).trim();
            boolean hex = s.startsWith("0x") || s.startsWith("0X");
            String digits = hex ? s.substring(2) : s;
            if (digits.length() > MAX_INTEGER_DIGITS) {
                throw new PolicyFormatException(path, "expected an integer of at most " + MAX_INTEGER_DIGITS
                        + " digits, got a string of " + s.length() + " characters");
            }
            try {
                return hex ? new BigInteger(digits, 16) : new BigInteger(digits);
            } catch (NumberFormatException e) {
                throw new PolicyFormatException(path, "expected an integer, got \"" + s + "\"");
            }
        }
        throw new PolicyFormatException(path, "expected an integer, got " + describe(v));
    }

    private static byte[] toHex(String path, String s, int length) throws PolicyFormatException {
        String h = s.startsWith("0x") || s.startsWith("0X") ? s.substring(2) : s;
        byte[] out;
        try {
            out = HexFormat.of().parseHex(h);
        } catch (IllegalArgumentException e) {
            throw new PolicyFormatException(path, "expected a hex string");
        }
        if (length >= 0 && out.length != length) {
            throw new PolicyFormatException(path, "expected " + length + " bytes of hex, got " + out.length);
        }
        return out;
    }

    private static String describe(Object v) {
        if (v == null) {
            return "null";
        }
        if (v instanceof String) {
            return "a string";
        }
        if (v instanceof Boolean) {
            return "a boolean";
        }
        if (v instanceof Number) {
            return "a number";
        }
        if (v instanceof List) {
            return "a list";
        }
        if (v instanceof Map) {
            return "an object";
        }
        return v.getClass().getSimpleName();
    }
}
