package io.tee4j.cli;

import io.tee4j.core.crypto.Certificates;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Reads the files a user hands the command: evidence and certificates may be binary, PEM, hex text
 * or base64 text, and the encoding is detected rather than asked for.
 */
final class InputFiles {
    /** Evidence and certificate files larger than this are refused before reading. */
    static final long MAX_FILE_BYTES = 16L << 20;

    private static final Pattern HEX = Pattern.compile("(0x)?[0-9a-fA-F]+");
    private static final Pattern BASE64 = Pattern.compile("[A-Za-z0-9+/_-]+={0,2}");

    private InputFiles() {
    }

    static byte[] read(Path path) throws UsageException {
        try {
            long size = Files.size(path);
            if (size > MAX_FILE_BYTES) {
                throw new UsageException(path + ": larger than " + MAX_FILE_BYTES + " bytes");
            }
            return Files.readAllBytes(path);
        } catch (IOException e) {
            throw new UsageException("cannot read " + path + ": " + e.getMessage(), e);
        }
    }

    /** The bytes of a file, decoded from PEM (first block), hex or base64 when the file is such text. */
    static byte[] readDecoded(Path path) throws UsageException {
        return decode(read(path));
    }

    static byte[] decode(byte[] content) {
        if (!isText(content)) {
            return content;
        }
        String text = new String(content, StandardCharsets.US_ASCII);
        if (text.contains("-----BEGIN ")) {
            List<byte[]> blocks = pemBlocksAnyLabel(text);
            if (!blocks.isEmpty()) {
                return blocks.get(0);
            }
        }
        String compact = text.replaceAll("\\s+", "");
        if (compact.isEmpty()) {
            return content;
        }
        if (HEX.matcher(compact).matches()) {
            String hex = compact.startsWith("0x") ? compact.substring(2) : compact;
            if (hex.length() % 2 == 0) {
                return HexFormat.of().parseHex(hex);
            }
        }
        if (BASE64.matcher(compact).matches()) {
            try {
                return compact.contains("-") || compact.contains("_")
                        ? Base64.getUrlDecoder().decode(compact)
                        : Base64.getDecoder().decode(compact);
            } catch (IllegalArgumentException e) {
                return content;
            }
        }
        return content;
    }

    /** Certificates from a file in DER, PEM (any number), hex or base64. */
    static List<X509Certificate> readCertificates(Path path) throws UsageException {
        byte[] content = read(path);
        try {
            if (Certificates.isPem(content)) {
                return Certificates.parseAll(content);
            }
            return Certificates.parseAll(decode(content));
        } catch (CertificateException e) {
            throw new UsageException(path + ": " + e.getMessage(), e);
        }
    }

    private static List<byte[]> pemBlocksAnyLabel(String text) {
        List<byte[]> out = new ArrayList<>();
        java.util.regex.Matcher m = Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----([A-Za-z0-9+/=\\s]*?)-----END \\1-----")
                .matcher(text);
        while (m.find()) {
            out.add(Base64.getMimeDecoder().decode(m.group(2)));
        }
        return out;
    }

    private static boolean isText(byte[] content) {
        int n = Math.min(content.length, 1 << 16);
        for (int i = 0; i < n; i++) {
            int b = content[i] & 0xff;
            if (b >= 0x7f || (b < 0x20 && b != '\n' && b != '\r' && b != '\t')) {
                return false;
            }
        }
        return content.length > 0;
    }
}
