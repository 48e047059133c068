package io.tee4j.cli;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A guess at what a file holds when it is not what a command expected, so that an error can say
 * "it looks like a PNG image" instead of quoting a parser's internals. Only a hint for the message:
 * nothing is accepted or refused because of it.
 */
final class FileKinds {
    private static final Pattern PEM_LABEL = Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----");

    private FileKinds() {
    }

    /** {@code "; it looks like a PNG image"}, or an empty string when there is nothing useful to say. */
    static String seemsToBe(byte[] content) {
        String kind = guess(content);
        return kind == null ? "" : "; it " + kind;
    }

    private static String guess(byte[] c) {
        if (c.length == 0) {
            return "is empty";
        }
        if (startsWith(c, 0x89, 'P', 'N', 'G')) {
            return "looks like a PNG image";
        }
        if (startsWith(c, 0xff, 0xd8, 0xff)) {
            return "looks like a JPEG image";
        }
        if (startsWith(c, 'G', 'I', 'F', '8')) {
            return "looks like a GIF image";
        }
        if (startsWith(c, '%', 'P', 'D', 'F')) {
            return "looks like a PDF document";
        }
        if (startsWith(c, 'P', 'K', 3, 4)) {
            return "looks like a ZIP archive";
        }
        if (startsWith(c, 0x1f, 0x8b)) {
            return "looks like gzip-compressed data";
        }
        if (startsWith(c, 0x7f, 'E', 'L', 'F')) {
            return "looks like a program (ELF)";
        }
        String head = new String(c, 0, Math.min(c.length, 64 * 1024), StandardCharsets.US_ASCII);
        Matcher m = PEM_LABEL.matcher(head);
        Set<String> labels = new LinkedHashSet<>();
        while (m.find()) {
            labels.add(m.group(1));
        }
        if (labels.contains("CERTIFICATE")) {
            return "holds a CERTIFICATE PEM block that does not parse as one";
        }
        if (!labels.isEmpty()) {
            return "holds PEM blocks labelled " + String.join(", ", labels) + " but no CERTIFICATE";
        }
        String trimmed = head.strip();
        if (trimmed.startsWith("{") || trimmed.startsWith("[")) {
            return "looks like JSON";
        }
        return null;
    }

    private static boolean startsWith(byte[] c, int... prefix) {
        if (c.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if ((c[i] & 0xff) != prefix[i]) {
                return false;
            }
        }
        return true;
    }
}
