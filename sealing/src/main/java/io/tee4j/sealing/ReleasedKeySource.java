package io.tee4j.sealing;

import io.tee4j.core.SecretAccess;
import io.tee4j.core.SecretBytes;
import io.tee4j.core.keys.KeyBinding;
import io.tee4j.core.keys.KeyVersions;
import io.tee4j.core.keys.SealingKeySource;
import io.tee4j.core.util.FileProblems;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A key-encryption key released to this workload by a key broker after attestation (a trustee
 * KBS resource, a KMS key gated on an attestation token, ...). This is how to seal on Intel TDX
 * and Arm CCA, which have no hardware sealing key (TDX 1.x, CCA RMM 1.0), and how to seal data
 * that must survive a move to another machine, on any TEE.
 *
 * <p>What it guarantees is what the broker guarantees: the key is workload-specific because the
 * broker released it only to a workload whose evidence satisfied the broker's policy. This class
 * does not talk to a broker and does not attest: the workload's own start-up code fetches the key
 * (over an attested channel) and hands it over in memory, in a file (a tmpfs inside the guest;
 * never on the host's disk) or in an environment variable.
 *
 * <p>Key formats ({@link KeyFormat}): exactly 32 raw bytes (files only), or text (surrounding
 * whitespace ignored) that is 64 hexadecimal digits or the base64 (standard or URL-safe, padded
 * or not) of 32 bytes. The format may be stated; when it is not, it is recognised only where that
 * is unambiguous: 32 bytes that are not all printable are raw, 64 hex digits are hex, 43 or 44
 * base64 characters are base64. Exactly 32 printable characters could be a raw key or text (a
 * passphrase, or the hex of a 16-byte key) and are refused unless the format is stated. Anything
 * else is refused. The key is held in a {@link SecretBytes}; intermediate buffers are zeroed, and
 * messages never quote key material.
 *
 * <p>The source supports no bindings and no versions: {@link #id()} is {@code "released"}, or
 * {@code "released/<name>"} when a name is given, so blobs sealed under one broker key are
 * refused, before any decryption, by a sealer holding another named key. Rotation is the
 * broker's business: unseal with the old key and seal with the new one.
 *
 * @since 0.1
 */
public final class ReleasedKeySource implements SealingKeySource {
    /** How released key material is written. */
    public enum KeyFormat {
        /** Exactly 32 bytes, used as they are (files only). */
        RAW,
        /** 64 hexadecimal digits, either case; surrounding whitespace ignored. */
        HEX,
        /** The base64 of 32 bytes, standard or URL-safe, padded or not; surrounding whitespace ignored. */
        BASE64
    }

    /** The id of an unnamed released key. */
    public static final String ID = "released";
    private static final int MAX_KEY_FILE_BYTES = 4096;

    private final String id;
    private final SecretBytes key;

    private ReleasedKeySource(String id, SecretBytes key) {
        this.id = id;
        this.key = key;
    }

    /** Uses a 32-byte key already in memory (copied). */
    public static ReleasedKeySource of(SecretBytes key) {
        return of(null, key);
    }

    /**
     * Uses a named 32-byte key already in memory (copied). The name (1..55 characters of
     * {@code [A-Za-z0-9._:/-]}) becomes part of the id recorded in every blob.
     */
    public static ReleasedKeySource of(String name, SecretBytes key) {
        Objects.requireNonNull(key, "key");
        if (key.size() != 32) {
            throw new IllegalArgumentException("a released key must be 32 bytes, got " + key.size());
        }
        byte[] copy = key.toByteArray(SecretAccess.INSECURE);
        try {
            return new ReleasedKeySource(idFor(name), SecretBytes.copyOf(copy, SecretAccess.INSECURE));
        } finally {
            Arrays.fill(copy, (byte) 0);
        }
    }

    /** Reads the key from a file (raw, hex or base64, recognised where unambiguous; at most 4 KiB are read). */
    public static ReleasedKeySource fromFile(Path file) throws SealingKeyUnavailableException {
        return fromFile(null, file);
    }

    /** Reads a named key from a file (raw, hex or base64, recognised where unambiguous; at most 4 KiB are read). */
    public static ReleasedKeySource fromFile(String name, Path file) throws SealingKeyUnavailableException {
        return fromFile(name, file, null);
    }

    /**
     * Reads a named key from a file written in {@code format} ({@code null}: recognised where
     * unambiguous, see the class description); at most 4 KiB are read.
     */
    public static ReleasedKeySource fromFile(String name, Path file, KeyFormat format)
            throws SealingKeyUnavailableException {
        Objects.requireNonNull(file, "file");
        String id = idFor(name);
        byte[] content;
        try (InputStream in = Files.newInputStream(file)) {
            content = in.readNBytes(MAX_KEY_FILE_BYTES + 1);
        } catch (IOException e) {
            throw new SealingKeyUnavailableException("cannot read the released key file " + file + ": "
                    + FileProblems.describe(e), e);
        }
        try {
            if (content.length > MAX_KEY_FILE_BYTES) {
                throw new SealingKeyUnavailableException("released key file " + file + " is larger than "
                        + MAX_KEY_FILE_BYTES + " bytes; it is not a key");
            }
            String where = "file " + file;
            return new ReleasedKeySource(id, decode(content, format != null ? format : recognise(content, true, where),
                    where));
        } finally {
            Arrays.fill(content, (byte) 0);
        }
    }

    /** Reads the key (hex or base64) from the environment variable {@code variable}. */
    public static ReleasedKeySource fromEnvironment(String variable) throws SealingKeyUnavailableException {
        return fromEnvironment(null, variable, System.getenv());
    }

    /** Reads a named key (hex or base64, recognised) from {@code variable} in {@code environment}. */
    public static ReleasedKeySource fromEnvironment(String name, String variable, Map<String, String> environment)
            throws SealingKeyUnavailableException {
        return fromEnvironment(name, variable, environment, null);
    }

    /**
     * Reads a named key written in {@code format} ({@code null}: recognised; {@link KeyFormat#RAW}
     * is refused, an environment variable holds text) from {@code variable} in {@code environment}.
     */
    public static ReleasedKeySource fromEnvironment(String name, String variable, Map<String, String> environment,
            KeyFormat format) throws SealingKeyUnavailableException {
        Objects.requireNonNull(variable, "variable");
        Objects.requireNonNull(environment, "environment");
        String id = idFor(name);
        String where = "environment variable " + variable;
        if (format == KeyFormat.RAW) {
            throw new SealingKeyUnavailableException("the released key in " + where + " cannot be raw bytes;"
                    + " an environment variable holds hex or base64");
        }
        String value = environment.get(variable);
        if (value == null) {
            throw new SealingKeyUnavailableException("environment variable " + variable + " is not set");
        }
        byte[] content = value.getBytes(StandardCharsets.ISO_8859_1);
        try {
            return new ReleasedKeySource(id, decode(content, format != null ? format : recognise(content, false, where),
                    where));
        } finally {
            Arrays.fill(content, (byte) 0);
        }
    }

    private static String idFor(String name) {
        if (name == null) {
            return ID;
        }
        if (!isValidName(name)) {
            throw new IllegalArgumentException("released key name must be 1..55 characters of [A-Za-z0-9._:/-]");
        }
        return ID + "/" + name;
    }

    /** Whether {@code name} may name a released key: 1..55 characters of {@code [A-Za-z0-9._:/-]}. */
    public static boolean isValidName(String name) {
        if (name == null || name.isEmpty() || name.length() > 55) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '.' || c == '_' || c == ':' || c == '/' || c == '-';
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /**
     * The format of unlabelled key material, where only one is possible: 32 bytes not all
     * printable are raw (when allowed); text is hex or base64 by its length. Exactly 32 printable
     * bytes could be a raw key or text and are refused.
     */
    static KeyFormat recognise(byte[] content, boolean rawAllowed, String where) throws SealingKeyUnavailableException {
        boolean text = isPrintable(content);
        if (rawAllowed && content.length == 32) {
            if (!text) {
                return KeyFormat.RAW;
            }
            throw new SealingKeyUnavailableException("the released key in " + where + " is 32 printable characters:"
                    + " a raw key, or text such as a passphrase or the hex of a 16-byte key? Refusing to guess;"
                    + " state its format (raw, hex or base64)");
        }
        int len = trimmedLength(content);
        if (text && len == 64) {
            return KeyFormat.HEX;
        }
        if (text && (len == 43 || len == 44)) {
            return KeyFormat.BASE64;
        }
        throw notAKey(where, rawAllowed);
    }

    /** Decodes key material of the given format; never echoes it in messages. */
    static SecretBytes decode(byte[] content, KeyFormat format, String where) throws SealingKeyUnavailableException {
        if (format == KeyFormat.RAW) {
            if (content.length != 32) {
                throw new SealingKeyUnavailableException("the raw released key in " + where + " is " + content.length
                        + " bytes, not 32");
            }
            return SecretBytes.copyOf(content, SecretAccess.INSECURE);
        }
        int[] text = trimmed(content);
        int start = text[0];
        int len = text[1] - start;
        byte[] key = null;
        try {
            if (format == KeyFormat.HEX && len == 64) {
                key = hex(content, start);
            } else if (format == KeyFormat.BASE64 && len >= 43 && len <= 44) {
                key = base64(content, start, len);
            }
            if (key == null || key.length != 32) {
                throw new SealingKeyUnavailableException("the released key in " + where + " is not "
                        + (format == KeyFormat.HEX ? "64 hex digits" : "the base64 of 32 bytes"));
            }
            return SecretBytes.copyOf(key, SecretAccess.INSECURE);
        } finally {
            if (key != null) {
                Arrays.fill(key, (byte) 0);
            }
        }
    }

    private static SealingKeyUnavailableException notAKey(String where, boolean rawAllowed) {
        return new SealingKeyUnavailableException("the released key in " + where + " is not 32 bytes"
                + (rawAllowed ? " raw," : "") + " 64 hex digits or base64 of 32 bytes");
    }

    /** Printable ASCII and the whitespace a text file holds. */
    private static boolean isPrintable(byte[] content) {
        for (byte b : content) {
            if ((b < 0x20 || b > 0x7e) && !isSpace(b)) {
                return false;
            }
        }
        return true;
    }

    private static int trimmedLength(byte[] content) {
        int[] text = trimmed(content);
        return text[1] - text[0];
    }

    /** Start and end of {@code content} without surrounding whitespace. */
    private static int[] trimmed(byte[] content) {
        int start = 0;
        int end = content.length;
        while (start < end && isSpace(content[start])) {
            start++;
        }
        while (end > start && isSpace(content[end - 1])) {
            end--;
        }
        return new int[] {start, end};
    }

    private static boolean isSpace(byte b) {
        return b == ' ' || b == '\n' || b == '\r' || b == '\t';
    }

    private static byte[] hex(byte[] s, int off) {
        byte[] out = new byte[32];
        for (int i = 0; i < 32; i++) {
            int hi = Character.digit((char) (s[off + 2 * i] & 0xff), 16);
            int lo = Character.digit((char) (s[off + 2 * i + 1] & 0xff), 16);
            if (hi < 0 || lo < 0) {
                Arrays.fill(out, (byte) 0);
                return null;
            }
            out[i] = (byte) ((hi << 4) | lo);
        }
        return out;
    }

    private static byte[] base64(byte[] s, int off, int len) {
        byte[] text = Arrays.copyOfRange(s, off, off + len);
        try {
            boolean url = false;
            for (byte b : text) {
                if (b == '-' || b == '_') {
                    url = true;
                }
            }
            return (url ? Base64.getUrlDecoder() : Base64.getDecoder()).decode(text);
        } catch (IllegalArgumentException e) {
            return null;
        } finally {
            Arrays.fill(text, (byte) 0);
        }
    }

    @Override
    public String id() {
        return id;
    }

    /** Always false. */
    @Override
    public boolean simulated() {
        return false;
    }

    /** None: the broker's release decision is the binding. */
    @Override
    public Set<KeyBinding> supportedBindings() {
        return Collections.emptySet();
    }

    @Override
    public Set<KeyBinding> mandatoryBindings() {
        return Collections.emptySet();
    }

    /** True: the broker released the key to this workload only. */
    @Override
    public boolean rootKeyIsWorkloadSpecific() {
        return true;
    }

    /** No versions. */
    @Override
    public KeyVersions currentVersions() {
        return KeyVersions.none();
    }

    /** True only for no versions. */
    @Override
    public boolean notAbove(KeyVersions candidate, KeyVersions current) {
        return candidate.asMap().isEmpty() && current.asMap().isEmpty();
    }

    /** A copy of the released key; refuses any binding or version. */
    @Override
    public SecretBytes deriveKey(Set<KeyBinding> bindings, KeyVersions versions) throws SealingPolicyException {
        if (!bindings.isEmpty() || !versions.asMap().isEmpty()) {
            throw new SealingPolicyException("a released key supports no bindings and no versions");
        }
        byte[] copy = key.toByteArray(SecretAccess.INSECURE);
        try {
            return SecretBytes.copyOf(copy, SecretAccess.INSECURE);
        } finally {
            Arrays.fill(copy, (byte) 0);
        }
    }

    @Override
    public String toString() {
        return "ReleasedKeySource[" + id + ", key redacted]";
    }
}
