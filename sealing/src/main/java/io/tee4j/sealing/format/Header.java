package io.tee4j.sealing.format;

import io.tee4j.core.keys.KeyBinding;
import io.tee4j.core.keys.KeyVersions;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The header of a sealed blob or stream, format version 1 (see {@code sealing/FORMAT.md}). All
 * integers big-endian. Parsing is strict and bounded: every length is capped before anything is
 * allocated, unknown values are refused, and the encoding is canonical (encoding a parsed header
 * gives back the same bytes).
 */
public final class Header {
    /** The nonce length the format allows: AES-GCM's 96-bit nonce (FORMAT.md). */
    public static final int NONCE_LENGTH = 12;
    public static final byte[] MAGIC = {'T', '4', 'J', 'S'};
    public static final int FORMAT_VERSION = 1;
    public static final int KIND_BLOB = 1;
    public static final int KIND_STREAM = 2;
    /** AES-256-GCM, per-blob key by HKDF-SHA-384. */
    public static final int ALG_AES256GCM_HKDFSHA384 = 1;

    public static final int SALT_LENGTH = 32;
    public static final int STREAM_NONCE_PREFIX_LENGTH = 7;
    public static final int MAX_KEY_SOURCE_ID_LENGTH = 64;
    public static final int MAX_VERSIONS = 16;
    public static final int MAX_VERSION_NAME_LENGTH = 32;
    public static final int MIN_SEGMENT_SIZE = 64;
    public static final int MAX_SEGMENT_SIZE = 4 << 20;
    /** The caller's associated data is not stored; its declared length is capped all the same. */
    public static final long MAX_AAD_LENGTH = Integer.MAX_VALUE - 64;
    /** No valid header is longer. */
    public static final int MAX_HEADER_LENGTH = 4 + 4 + 1 + MAX_KEY_SOURCE_ID_LENGTH + 2 + 1
            + MAX_VERSIONS * (1 + MAX_VERSION_NAME_LENGTH + 8) + SALT_LENGTH + 12 + 4;

    private final int kind;
    private final String keySourceId;
    private final Set<KeyBinding> bindings;
    private final KeyVersions versions;
    private final byte[] salt;
    private final byte[] nonce;
    private final int segmentSize;
    private final int aadLength;
    private final byte[] encoded;

    private Header(int kind, String keySourceId, Set<KeyBinding> bindings, KeyVersions versions,
            byte[] salt, byte[] nonce, int segmentSize, int aadLength) {
        this.kind = kind;
        this.keySourceId = keySourceId;
        this.bindings = Collections.unmodifiableSet(bindings.isEmpty()
                ? EnumSet.noneOf(KeyBinding.class) : EnumSet.copyOf(bindings));
        this.versions = versions;
        this.salt = salt.clone();
        this.nonce = nonce.clone();
        this.segmentSize = segmentSize;
        this.aadLength = aadLength;
        this.encoded = encode();
    }

    /** A blob header: {@code nonce} is the 12-byte GCM nonce. */
    public static Header blob(String keySourceId, Set<KeyBinding> bindings, KeyVersions versions,
            byte[] salt, byte[] nonce, int aadLength) {
        checkCommon(keySourceId, versions, salt, aadLength);
        if (nonce.length != NONCE_LENGTH) {
            throw new IllegalArgumentException("blob nonce must be 12 bytes");
        }
        return new Header(KIND_BLOB, keySourceId, bindings, versions, salt, nonce, 0, aadLength);
    }

    /** A stream header: {@code noncePrefix} is 7 bytes, {@code segmentSize} plaintext bytes per segment. */
    public static Header stream(String keySourceId, Set<KeyBinding> bindings, KeyVersions versions,
            byte[] salt, byte[] noncePrefix, int segmentSize, int aadLength) {
        checkCommon(keySourceId, versions, salt, aadLength);
        if (noncePrefix.length != STREAM_NONCE_PREFIX_LENGTH) {
            throw new IllegalArgumentException("stream nonce prefix must be 7 bytes");
        }
        if (segmentSize < MIN_SEGMENT_SIZE || segmentSize > MAX_SEGMENT_SIZE) {
            throw new IllegalArgumentException("segment size must be in " + MIN_SEGMENT_SIZE + ".." + MAX_SEGMENT_SIZE);
        }
        return new Header(KIND_STREAM, keySourceId, bindings, versions, salt, noncePrefix, segmentSize, aadLength);
    }

    private static void checkCommon(String keySourceId, KeyVersions versions, byte[] salt, int aadLength) {
        if (!validKeySourceId(keySourceId)) {
            throw new IllegalArgumentException("key source id must be 1.." + MAX_KEY_SOURCE_ID_LENGTH
                    + " printable ASCII characters");
        }
        Map<String, Long> m = versions.asMap();
        if (m.size() > MAX_VERSIONS) {
            throw new IllegalArgumentException("at most " + MAX_VERSIONS + " versions");
        }
        for (String name : m.keySet()) {
            if (!validVersionName(name)) {
                throw new IllegalArgumentException("bad version name: " + name);
            }
        }
        if (salt.length != SALT_LENGTH) {
            throw new IllegalArgumentException("salt must be 32 bytes");
        }
        if (aadLength < 0 || aadLength > MAX_AAD_LENGTH) {
            throw new IllegalArgumentException("associated data too long");
        }
    }

    /** 1..64 characters in 0x21..0x7e. */
    public static boolean validKeySourceId(String id) {
        if (id == null || id.isEmpty() || id.length() > MAX_KEY_SOURCE_ID_LENGTH) {
            return false;
        }
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            if (c < 0x21 || c > 0x7e) {
                return false;
            }
        }
        return true;
    }

    /** 1..32 characters in [a-z0-9_.-]. */
    public static boolean validVersionName(String name) {
        if (name == null || name.isEmpty() || name.length() > MAX_VERSION_NAME_LENGTH) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '.' || c == '-';
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    private byte[] encode() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(128);
        out.writeBytes(MAGIC);
        out.write(FORMAT_VERSION);
        out.write(kind);
        out.write(ALG_AES256GCM_HKDFSHA384);
        out.write(0); // flags, must be zero
        byte[] id = keySourceId.getBytes(StandardCharsets.US_ASCII);
        out.write(id.length);
        out.writeBytes(id);
        int mask = BindingBits.encode(bindings);
        out.write(mask >>> 8);
        out.write(mask);
        Map<String, Long> m = versions.asMap();
        out.write(m.size());
        for (Map.Entry<String, Long> e : m.entrySet()) {
            byte[] name = e.getKey().getBytes(StandardCharsets.US_ASCII);
            out.write(name.length);
            out.writeBytes(name);
            writeLong(out, e.getValue());
        }
        out.writeBytes(salt);
        out.writeBytes(nonce);
        if (kind == KIND_STREAM) {
            writeInt(out, segmentSize);
        }
        writeInt(out, aadLength);
        return out.toByteArray();
    }

    private static void writeInt(ByteArrayOutputStream out, int v) {
        out.write(v >>> 24);
        out.write(v >>> 16);
        out.write(v >>> 8);
        out.write(v);
    }

    private static void writeLong(ByteArrayOutputStream out, long v) {
        writeInt(out, (int) (v >>> 32));
        writeInt(out, (int) v);
    }

    /** Where header bytes come from. */
    private interface Source {
        /** Fills {@code b} entirely or returns false at end of input. */
        boolean readFully(byte[] b) throws IOException;
    }

    /** Parses a header at the start of {@code data}; {@link #length()} says where it ends. */
    public static Header parse(byte[] data) throws SealedDataFormatException {
        Objects.requireNonNull(data, "data");
        int[] pos = {0};
        try {
            return parse(b -> {
                if (data.length - pos[0] < b.length) {
                    return false;
                }
                System.arraycopy(data, pos[0], b, 0, b.length);
                pos[0] += b.length;
                return true;
            });
        } catch (IOException e) {
            throw new IllegalStateException("unreachable: array source", e);
        }
    }

    /** Reads exactly one header from {@code in}, consuming no byte past it. */
    public static Header read(InputStream in) throws IOException, SealedDataFormatException {
        Objects.requireNonNull(in, "in");
        return parse(b -> {
            int off = 0;
            while (off < b.length) {
                int n = in.read(b, off, b.length - off);
                if (n < 0) {
                    return false;
                }
                off += n;
            }
            return true;
        });
    }

    private static byte[] take(Source src, int n, String what) throws IOException, SealedDataFormatException {
        byte[] b = new byte[n];
        if (!src.readFully(b)) {
            throw new SealedDataFormatException("sealed data ends inside the header (" + what + ")");
        }
        return b;
    }

    private static int u8(Source src, String what) throws IOException, SealedDataFormatException {
        return take(src, 1, what)[0] & 0xff;
    }

    private static long u32(Source src, String what) throws IOException, SealedDataFormatException {
        byte[] b = take(src, 4, what);
        return ((b[0] & 0xffL) << 24) | ((b[1] & 0xffL) << 16) | ((b[2] & 0xffL) << 8) | (b[3] & 0xffL);
    }

    private static Header parse(Source src) throws IOException, SealedDataFormatException {
        byte[] magic = take(src, 4, "magic");
        if (!Arrays.equals(magic, MAGIC)) {
            throw new SealedDataFormatException("not tee4j sealed data (bad magic)");
        }
        int version = u8(src, "format version");
        if (version != FORMAT_VERSION) {
            throw new SealedDataFormatException("unsupported sealed-data format version " + version);
        }
        int kind = u8(src, "kind");
        if (kind != KIND_BLOB && kind != KIND_STREAM) {
            throw new SealedDataFormatException("unknown sealed-data kind " + kind);
        }
        int alg = u8(src, "algorithm");
        if (alg != ALG_AES256GCM_HKDFSHA384) {
            throw new SealedDataFormatException("unknown sealing algorithm " + alg);
        }
        int flags = u8(src, "flags");
        if (flags != 0) {
            throw new SealedDataFormatException("reserved header flags are set");
        }
        int idLen = u8(src, "key source id length");
        if (idLen < 1 || idLen > MAX_KEY_SOURCE_ID_LENGTH) {
            throw new SealedDataFormatException("key source id length " + idLen + " out of range");
        }
        String id = new String(take(src, idLen, "key source id"), StandardCharsets.ISO_8859_1);
        if (!validKeySourceId(id)) {
            throw new SealedDataFormatException("key source id is not printable ASCII");
        }
        byte[] mb = take(src, 2, "bindings");
        int mask = ((mb[0] & 0xff) << 8) | (mb[1] & 0xff);
        if ((mask & ~BindingBits.KNOWN_MASK) != 0) {
            throw new SealedDataFormatException("unknown binding bits 0x" + Integer.toHexString(mask));
        }
        Set<KeyBinding> bindings = BindingBits.decode(mask);
        int count = u8(src, "version count");
        if (count > MAX_VERSIONS) {
            throw new SealedDataFormatException("too many versions: " + count);
        }
        Map<String, Long> versions = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            int nameLen = u8(src, "version name length");
            if (nameLen < 1 || nameLen > MAX_VERSION_NAME_LENGTH) {
                throw new SealedDataFormatException("version name length " + nameLen + " out of range");
            }
            String name = new String(take(src, nameLen, "version name"), StandardCharsets.ISO_8859_1);
            if (!validVersionName(name)) {
                throw new SealedDataFormatException("bad version name");
            }
            long value = (u32(src, "version value") << 32) | u32(src, "version value");
            if (versions.put(name, value) != null) {
                throw new SealedDataFormatException("version " + name + " appears twice");
            }
        }
        byte[] salt = take(src, SALT_LENGTH, "salt");
        int segmentSize = 0;
        byte[] nonce;
        if (kind == KIND_BLOB) {
            nonce = take(src, NONCE_LENGTH, "nonce");
        } else {
            nonce = take(src, STREAM_NONCE_PREFIX_LENGTH, "nonce prefix");
            long seg = u32(src, "segment size");
            if (seg < MIN_SEGMENT_SIZE || seg > MAX_SEGMENT_SIZE) {
                throw new SealedDataFormatException("segment size " + seg + " out of range "
                        + MIN_SEGMENT_SIZE + ".." + MAX_SEGMENT_SIZE);
            }
            segmentSize = (int) seg;
        }
        long aadLength = u32(src, "associated data length");
        if (aadLength > MAX_AAD_LENGTH) {
            throw new SealedDataFormatException("declared associated data length out of range");
        }
        return new Header(kind, id, bindings, KeyVersions.of(versions), salt, nonce, segmentSize, (int) aadLength);
    }

    public int kind() {
        return kind;
    }

    public String keySourceId() {
        return keySourceId;
    }

    public Set<KeyBinding> bindings() {
        return bindings;
    }

    public KeyVersions versions() {
        return versions;
    }

    public byte[] salt() {
        return salt.clone();
    }

    /** The 12-byte nonce (blob) or the 7-byte nonce prefix (stream). */
    public byte[] nonce() {
        return nonce.clone();
    }

    public int segmentSize() {
        return segmentSize;
    }

    public int aadLength() {
        return aadLength;
    }

    /** The canonical encoding: authenticated as associated data and mixed into the key. */
    public byte[] encoded() {
        return encoded.clone();
    }

    /** The encoded length. */
    public int length() {
        return encoded.length;
    }

    /** The encoding without a copy, for the sealing module's AAD; callers must not change it. */
    public byte[] encodedInternal() {
        return encoded;
    }
}
