package io.tee4j.cli;

import io.tee4j.core.crypto.Certificates;
import io.tee4j.core.util.FileProblems;
import java.io.IOException;
import java.io.InputStream;
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
 *
 * <p>A file that cannot be read is a usage error that says once what is wrong with it ("no such
 * file", "permission denied", "is a directory", "larger than N bytes"), named by the role the
 * file plays ("evidence", "policy", ...), never with a Java exception's class name.
 */
final class InputFiles {
    /** Evidence and certificate files larger than this are refused before reading. */
    static final long MAX_FILE_BYTES = 16L << 20;

    private static final Pattern HEX = Pattern.compile("(0x)?[0-9a-fA-F]+");
    private static final Pattern BASE64 = Pattern.compile("[A-Za-z0-9+/_-]+={0,2}");

    private InputFiles() {
    }

    static byte[] read(Path path) throws UsageException {
        return read(path, "file", MAX_FILE_BYTES);
    }

    /**
     * The bytes of a file, at most {@code maxBytes} of them. The cap is enforced while reading, so
     * a FIFO or a device never makes the command read without end.
     *
     * @param role what the file is to the command ("evidence", "policy"), for the error message
     */
    static byte[] read(Path path, String role, long maxBytes) throws UsageException {
        if (Files.isDirectory(path)) {
            throw new UsageException(role + " " + path + ": is a directory, not a file");
        }
        try (InputStream in = Files.newInputStream(path)) {
            byte[] content = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
            if (content.length > maxBytes) {
                throw new UsageException(role + " " + path + ": larger than " + maxBytes + " bytes");
            }
            return content;
        } catch (IOException e) {
            throw new UsageException(role + " " + path + ": " + problem(e), e);
        }
    }

    /** What is wrong with a file, in a few words, from the exception reading it threw. */
    static String problem(IOException e) {
        return FileProblems.describe(e);
    }

    /** The bytes of a file, decoded from PEM (first block), hex or base64 when the file is such text. */
    static byte[] readDecoded(Path path) throws UsageException {
        return decode(read(path));
    }

    /** As {@link #readDecoded(Path)}, naming the file by its role in errors. */
    static byte[] readDecoded(Path path, String role) throws UsageException {
        return decode(read(path, role, MAX_FILE_BYTES));
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
        return readCertificates(path, "certificate file");
    }

    /**
     * Certificates from a file in DER, PEM (any number), hex or base64; anything else (an image, an
     * empty file, a key) is a usage error that names the file and says what it seems to hold.
     */
    static List<X509Certificate> readCertificates(Path path, String role) throws UsageException {
        byte[] content = read(path, role, MAX_FILE_BYTES);
        List<X509Certificate> certs = parseCertificates(content);
        if (certs.isEmpty()) {
            throw new UsageException(role + " " + path + ": not an X.509 certificate (DER, PEM, hex or base64)"
                    + FileKinds.seemsToBe(content));
        }
        return certs;
    }

    /** The certificates in a file's content, or none when it holds none. */
    static List<X509Certificate> parseCertificates(byte[] content) {
        if (content.length == 0) {
            return List.of();
        }
        try {
            if (Certificates.isPem(content)) {
                return Certificates.parseAll(content);
            }
            return Certificates.parseAll(decode(content));
        } catch (CertificateException e) {
            // Not certificates; the caller says so, naming the file and what it seems to hold
            // (the parser's own reason quotes JDK internals such as "java.io.IOException").
            return List.of();
        }
    }

    private static List<byte[]> pemBlocksAnyLabel(String text) {
        List<byte[]> out = new ArrayList<>();
        java.util.regex.Matcher m = Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----([A-Za-z0-9+/=\\s]*?)-----END \\1-----")
                .matcher(text);
        while (m.find()) {
            try {
                out.add(Base64.getMimeDecoder().decode(m.group(2)));
            } catch (IllegalArgumentException e) {
                // A block whose base64 is cut short is not a PEM block; the content stays as it is.
            }
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
