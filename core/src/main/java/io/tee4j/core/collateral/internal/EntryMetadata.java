package io.tee4j.core.collateral.internal;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;

/**
 * The sidecar metadata of one cache entry, stored as a {@link Properties} file:
 *
 * <pre>
 * format=tee4j-collateral-cache-1      (required)
 * key=&lt;cache key&gt;                     (required; must equal the request's key)
 * kind=CRL                             (required; a CollateralKind name; must equal the request's kind)
 * sha256=&lt;64 lower-case hex digits&gt;   (required; SHA-256 of the body file)
 * fetchedAt=2024-01-01T00:00:00Z       (optional; else the body file's modification time)
 * nextUpdate=2024-02-01T00:00:00Z      (optional; the cache re-reads it from the body too, and uses the earlier)
 * location=https://...                 (optional; where it came from)
 * header.0.name=sgx-pck-crl-issuer-chain, header.0.value=... (optional; up to 64)
 * </pre>
 *
 * Parsing is strict about the required fields and bounded in size; any fault is a
 * {@link CorruptEntryException}.
 */
public final class EntryMetadata {
    /** The value of the {@code format} property. */
    public static final String FORMAT = "tee4j-collateral-cache-1";
    /** Metadata files larger than this are corrupt. */
    public static final int MAX_BYTES = 64 * 1024;
    /** At most this many header values are kept. */
    public static final int MAX_HEADERS = 64;

    private final String key;
    /** The name of a {@code CollateralKind} (kept as text so this package depends on nothing above it). */
    private final String kind;
    private final String sha256;
    private final Instant fetchedAt;
    private final Instant nextUpdate;
    private final String location;
    private final Map<String, List<String>> headers;

    public EntryMetadata(String key, String kind, String sha256, Instant fetchedAt, Instant nextUpdate,
            String location, Map<String, List<String>> headers) {
        this.key = Objects.requireNonNull(key, "key");
        this.kind = Objects.requireNonNull(kind, "kind");
        this.sha256 = Objects.requireNonNull(sha256, "sha256");
        this.fetchedAt = fetchedAt;
        this.nextUpdate = nextUpdate;
        this.location = location;
        this.headers = Map.copyOf(headers);
    }

    public String key() {
        return key;
    }

    public String kind() {
        return kind;
    }

    public String sha256() {
        return sha256;
    }

    public Optional<Instant> fetchedAt() {
        return Optional.ofNullable(fetchedAt);
    }

    public Optional<Instant> nextUpdate() {
        return Optional.ofNullable(nextUpdate);
    }

    public Optional<String> location() {
        return Optional.ofNullable(location);
    }

    public Map<String, List<String>> headers() {
        return headers;
    }

    /** The Properties text of this metadata (ISO-8859-1 with escapes). */
    public byte[] encode() {
        Properties p = new Properties();
        p.setProperty("format", FORMAT);
        p.setProperty("key", key);
        p.setProperty("kind", kind);
        p.setProperty("sha256", sha256);
        if (fetchedAt != null) {
            p.setProperty("fetchedAt", fetchedAt.toString());
        }
        if (nextUpdate != null) {
            p.setProperty("nextUpdate", nextUpdate.toString());
        }
        if (location != null) {
            p.setProperty("location", location);
        }
        int i = 0;
        for (Map.Entry<String, List<String>> e : new TreeMap<>(headers).entrySet()) {
            for (String v : e.getValue()) {
                if (i == MAX_HEADERS) {
                    break;
                }
                p.setProperty("header." + i + ".name", e.getKey());
                p.setProperty("header." + i + ".value", v);
                i++;
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            p.store(out, "tee4j collateral cache entry");
        } catch (IOException e) {
            throw new IllegalStateException("writing to memory cannot fail", e);
        }
        return out.toByteArray();
    }

    /** Reads metadata, or fails with {@link CorruptEntryException} saying what is wrong. */
    public static EntryMetadata parse(byte[] bytes) throws CorruptEntryException {
        if (bytes.length > MAX_BYTES) {
            throw new CorruptEntryException("metadata larger than " + MAX_BYTES + " bytes");
        }
        Properties p = new Properties();
        try {
            p.load(new ByteArrayInputStream(bytes));
        } catch (IOException | IllegalArgumentException e) {
            throw new CorruptEntryException("metadata is not a properties file: " + e.getMessage());
        }
        if (!FORMAT.equals(p.getProperty("format"))) {
            throw new CorruptEntryException("metadata format is not " + FORMAT);
        }
        String key = required(p, "key");
        String kind = required(p, "kind");
        if (!kind.matches("[A-Z][A-Z0-9_]{0,63}")) {
            throw new CorruptEntryException("unknown collateral kind in metadata");
        }
        String sha = required(p, "sha256");
        if (sha.length() != 64 || !sha.chars().allMatch(c -> (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
            throw new CorruptEntryException("metadata sha256 is not 64 lower-case hex digits");
        }
        Instant fetchedAt = instant(p, "fetchedAt");
        Instant nextUpdate = instant(p, "nextUpdate");
        String location = p.getProperty("location");
        Map<String, List<String>> headers = new TreeMap<>();
        for (int i = 0; i < MAX_HEADERS; i++) {
            String name = p.getProperty("header." + i + ".name");
            if (name == null) {
                break;
            }
            String value = p.getProperty("header." + i + ".value");
            if (value == null || name.isEmpty()) {
                throw new CorruptEntryException("metadata header " + i + " is incomplete");
            }
            headers.computeIfAbsent(name.toLowerCase(Locale.ROOT), k -> new ArrayList<>()).add(value);
        }
        headers.replaceAll((k, v) -> List.copyOf(v));
        return new EntryMetadata(key, kind, sha, fetchedAt, nextUpdate, location, headers);
    }

    /** Lower-case hex SHA-256. */
    public static String sha256Hex(byte[] data) {
        try {
            return HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(data));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    private static String required(Properties p, String name) throws CorruptEntryException {
        String v = p.getProperty(name);
        if (v == null || v.isEmpty()) {
            throw new CorruptEntryException("metadata lacks " + name);
        }
        return v;
    }

    private static Instant instant(Properties p, String name) throws CorruptEntryException {
        String v = p.getProperty(name);
        if (v == null) {
            return null;
        }
        try {
            return Instant.parse(v);
        } catch (DateTimeException e) {
            throw new CorruptEntryException("metadata " + name + " is not an ISO-8601 instant");
        }
    }

    /** A cache entry that must not be used. */
    public static final class CorruptEntryException extends Exception {
        private static final long serialVersionUID = 1L;

        public CorruptEntryException(String message) {
            super(message);
        }
    }
}
