package io.tee4j.cli;

import io.tee4j.measure.MeasurementInputException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads the files and values the {@code measure} commands take, with the limits that keep them bounded. */
final class MeasureInputs {
    /** Largest file read into memory (firmware, kernel, device-tree blobs); initrds are streamed. */
    static final long MAX_IN_MEMORY = 256L << 20;
    private static final Pattern SIZE = Pattern.compile("(0x[0-9a-fA-F]+|[0-9]+)([KMGT]?)");

    private MeasureInputs() {
    }

    static byte[] read(Path path, String option) throws UsageException {
        try {
            long size = Files.size(path);
            if (size > MAX_IN_MEMORY) {
                throw new UsageException(option + ": " + path + " is larger than " + MAX_IN_MEMORY + " bytes");
            }
            return Files.readAllBytes(path);
        } catch (IOException e) {
            throw new UsageException(option + ": cannot read " + path + ": " + e.getMessage(), e);
        }
    }

    /** The SHA-384 of a file, streamed. */
    static byte[] sha384(Path path, String option) throws UsageException {
        try (InputStream in = Files.newInputStream(path)) {
            MessageDigest md = MessageDigest.getInstance("SHA-384");
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0; ) {
                md.update(buf, 0, n);
            }
            return md.digest();
        } catch (IOException | NoSuchAlgorithmException e) {
            throw new UsageException(option + ": cannot read " + path + ": " + e.getMessage(), e);
        }
    }

    static long size(Path path, String option) throws UsageException {
        try {
            return Files.size(path);
        } catch (IOException e) {
            throw new UsageException(option + ": cannot read " + path + ": " + e.getMessage(), e);
        }
    }

    /** Hex bytes (an optional 0x) of exactly {@code length} bytes, or any length when negative. */
    static byte[] hex(String value, int length, String option) throws UsageException {
        String h = value.startsWith("0x") || value.startsWith("0X") ? value.substring(2) : value;
        try {
            byte[] b = HexFormat.of().parseHex(h);
            if (length >= 0 && b.length != length) {
                throw new UsageException(option + ": expected " + length + " bytes of hex, got " + b.length);
            }
            return b;
        } catch (IllegalArgumentException e) {
            throw new UsageException(option + ": not hex: " + value);
        }
    }

    /** A 48-byte digest in hex or base64 (snp-create-id-block takes base64). */
    static byte[] digest48(String value, String option) throws UsageException {
        try {
            return hex(value, 48, option);
        } catch (UsageException notHex) {
            try {
                byte[] b = Base64.getDecoder().decode(value);
                if (b.length == 48) {
                    return b;
                }
            } catch (IllegalArgumentException ignored) {
                // reported below
            }
            throw new UsageException(option + ": expected 48 bytes in hex or base64");
        }
    }

    /** An unsigned number in decimal or 0x-hex. */
    static long number(String value, String option) throws UsageException {
        try {
            return value.startsWith("0x") || value.startsWith("0X") ? Long.parseUnsignedLong(value.substring(2), 16)
                    : Long.parseUnsignedLong(value);
        } catch (NumberFormatException e) {
            throw new UsageException(option + ": not a number: " + value);
        }
    }

    /** A hexadecimal number with or without 0x (guest features, vCPU signature, policy). */
    static long hexNumber(String value, String option) throws UsageException {
        String h = value.startsWith("0x") || value.startsWith("0X") ? value.substring(2) : value;
        try {
            return Long.parseUnsignedLong(h, 16);
        } catch (NumberFormatException e) {
            throw new UsageException(option + ": not a hexadecimal number: " + value);
        }
    }

    /** A byte size: decimal or 0x-hex, with an optional K, M, G or T (binary) suffix. */
    static long byteSize(String value, String option) throws UsageException {
        Matcher m = SIZE.matcher(value.toUpperCase(Locale.ROOT).replace("0X", "0x"));
        if (!m.matches()) {
            throw new UsageException(option + ": not a size (like 2G, 2048M or 0x80000000): " + value);
        }
        long n = number(m.group(1), option);
        // No suffix means bytes: indexOf("") is 0, which would read as K.
        int shift = m.group(2).isEmpty() ? 0 : "KMGT".indexOf(m.group(2)) + 1;
        if (n > Long.MAX_VALUE >> (10 * shift)) {
            throw new UsageException(option + ": too large: " + value);
        }
        return n << (10 * shift);
    }

    /** A measurement error the user must fix in the inputs: exit code 1 with its message. */
    static UsageException usage(MeasurementInputException e) {
        return new UsageException(e.getMessage(), e);
    }
}
