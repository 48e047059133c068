package io.tee4j.coco.kbs;

import io.tee4j.core.MalformedEvidenceException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The RCAR {@code init-data} ({@code {"format": "toml", "body": <TOML text>}}): the pod's initdata
 * document (trustee {@code kbs/docs/initdata.md}) sent beside the evidence. trustee's attestation
 * service takes only the {@code toml} format, reads the document's {@code algorithm} ({@code sha256},
 * {@code sha384} or {@code sha512}), hashes the whole body text with it, and its verifier requires the
 * TEE's launch-bound field to equal that digest: SEV-SNP HOST_DATA (32 bytes: the digest truncated or
 * zero-padded), TDX MRCONFIGID (48 bytes, likewise), CCA's realm personalization value (64 bytes,
 * compared as is, so only a SHA-512 digest can match).
 *
 * <p>{@link #digest()} reads only what the digest needs: the top-level string keys {@code version}
 * and {@code algorithm} (both required, as in trustee) before the first table, and a {@code data}
 * table or key. It is not a TOML parser: a document trustee reads differently (an algorithm set
 * inside a multi-line string, say) is the pod author's to avoid.
 *
 * @param format {@code toml}
 * @param body the document text, sent and hashed exactly as given
 */
public record InitData(String format, String body) {
    /** The only format trustee accepts. */
    public static final String TOML = "toml";
    /** Largest body accepted (the whole message is capped at 2 MiB too). */
    public static final int MAX_BODY_CHARS = 1 << 20;
    private static final Pattern TOP_KEY = Pattern.compile("^\\s*(\"?)([A-Za-z0-9_.-]+)\\1\\s*=\\s*(.*)$");
    private static final Pattern STRING = Pattern.compile("^(?:\"([^\"\\\\]*)\"|'([^']*)')\\s*(?:#.*)?$");

    /** Checks the members. */
    public InitData {
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(body, "body");
        if (body.length() > MAX_BODY_CHARS) {
            throw new IllegalArgumentException("init-data body longer than " + MAX_BODY_CHARS + " characters");
        }
    }

    /** TOML init-data with {@code body} as its text. */
    public static InitData toml(String body) {
        return new InitData(TOML, body);
    }

    /** The JSON tree of the {@code init-data} member. */
    public Map<String, Object> tree() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("format", format);
        m.put("body", body);
        return m;
    }

    /**
     * The digest the TEE must carry, as trustee computes it: the document's {@code algorithm} over the
     * UTF-8 body.
     *
     * @throws MalformedEvidenceException the format is not {@code toml}, or the document lacks
     *     {@code version}, {@code algorithm} (sha256, sha384, sha512) or {@code data}
     */
    public byte[] digest() throws MalformedEvidenceException {
        if (!format.equals(TOML)) {
            throw new MalformedEvidenceException("Unsupported initdata format: " + format + " (trustee takes toml only)");
        }
        Map<String, String> top = new LinkedHashMap<>();
        boolean dataTable = false;
        for (String line : body.split("\r?\n", -1)) {
            String t = line.strip();
            if (t.startsWith("[")) {
                dataTable |= t.matches("\\[\\s*data\\s*\\](\\s*#.*)?");
                break;
            }
            Matcher k = TOP_KEY.matcher(t);
            if (!t.isEmpty() && !t.startsWith("#") && k.matches()) {
                top.put(k.group(2), k.group(3));
            }
        }
        String version = string(top, "version");
        HashAlgorithm alg = HashAlgorithm.fromWireName(string(top, "algorithm"));
        if (alg == null) {
            throw new MalformedEvidenceException("init-data algorithm must be sha256, sha384 or sha512");
        }
        if (!dataTable && !top.containsKey("data") || version.isEmpty()) {
            throw new MalformedEvidenceException("init-data needs a version and a data table");
        }
        return alg.digest(body.getBytes(StandardCharsets.UTF_8));
    }

    private static String string(Map<String, String> top, String key) throws MalformedEvidenceException {
        String v = top.get(key);
        Matcher m = v == null ? null : STRING.matcher(v);
        if (m == null || !m.matches()) {
            throw new MalformedEvidenceException("init-data has no top-level string '" + key + "'");
        }
        return m.group(1) != null ? m.group(1) : m.group(2);
    }
}
