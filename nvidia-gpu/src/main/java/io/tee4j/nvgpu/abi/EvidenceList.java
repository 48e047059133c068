package io.tee4j.nvgpu.abi;

import io.tee4j.core.MalformedEvidenceException;
import io.tee4j.core.crypto.Certificates;
import io.tee4j.json.Json;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * NVIDIA's evidence list, as the attestation SDKs write it (research note wrapped-evidence 3.1): a JSON array with
 * one object per device, {@code {"arch": "HOPPER"|"BLACKWELL"|"LS10", "certificate": base64(PEM chain),
 * "evidence": base64(SPDM request ‖ response), "nonce": hex, "version": "1.0"}}. {@code nonce} and
 * {@code version} are optional; other members (the SDK's {@code driver_version}, {@code vbios_version}
 * convenience copies) are ignored, as they are not signed. The evidence may also be hex, as older trustee
 * clients sent it; base64 may be standard or URL-safe, padded or not.
 *
 * <p>Read with the project's strict JSON reader (duplicate keys, trailing content refused); at most
 * {@link #MAX_DEVICES} entries of at most {@link SpdmMeasurementReport#MAX_LENGTH} report bytes. Every report is
 * parsed here, so a list that is returned holds only well-formed reports; nothing is verified.
 *
 * @since 0.2
 */
public final class EvidenceList {
    /** The most devices one list may hold (an HGX board has 8 GPUs and 4 switches). */
    public static final int MAX_DEVICES = 64;
    /** The one list format version known. */
    public static final String VERSION = "1.0";
    private static final int MAX_CERTIFICATES = 8;
    private static final Pattern HEX = Pattern.compile("([0-9a-fA-F]{2})+");

    private EvidenceList() {
    }

    /** Whether {@code content} looks like a JSON evidence list (its first non-blank byte is '['). */
    public static boolean looksLikeList(byte[] content) {
        for (byte b : content) {
            if (b == '[') {
                return true;
            }
            if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
                return false;
            }
        }
        return false;
    }

    /**
     * Parses one list.
     *
     * @throws MalformedEvidenceException naming the entry and member that is wrong; an unknown {@code arch}
     *     raises {@link UnsupportedGpuArchitectureException}
     */
    public static List<DeviceEvidence> parse(byte[] json) throws MalformedEvidenceException {
        Object root;
        try {
            root = Json.parse(json);
        } catch (Json.JsonException e) {
            throw new MalformedEvidenceException("NVIDIA evidence list: " + e.getMessage(), e);
        }
        if (!(root instanceof List)) {
            throw new MalformedEvidenceException("NVIDIA evidence list: expected a JSON array of device entries");
        }
        List<?> entries = (List<?>) root;
        if (entries.isEmpty() || entries.size() > MAX_DEVICES) {
            throw new MalformedEvidenceException("NVIDIA evidence list: " + entries.size() + " entries; 1 to "
                    + MAX_DEVICES + " are accepted");
        }
        List<DeviceEvidence> out = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            out.add(entry(i, entries.get(i)));
        }
        return List.copyOf(out);
    }

    /**
     * Concatenates lists (e.g. the GPUs' file and the switches' file), renumbering the entries in order.
     *
     * @throws MalformedEvidenceException when the result would exceed {@link #MAX_DEVICES}
     */
    public static List<DeviceEvidence> concat(List<List<DeviceEvidence>> lists) throws MalformedEvidenceException {
        List<DeviceEvidence> out = new ArrayList<>();
        for (List<DeviceEvidence> l : lists) {
            for (DeviceEvidence d : l) {
                if (out.size() == MAX_DEVICES) {
                    throw new MalformedEvidenceException("NVIDIA evidence lists: more than " + MAX_DEVICES + " devices");
                }
                out.add(d.at(out.size()));
            }
        }
        return List.copyOf(out);
    }

    /**
     * One list from several (e.g. {@code --evidence gpus.json --evidence switches.json}): each is parsed first,
     * then their entries are joined in order into one JSON array, as the bytes given.
     *
     * @throws MalformedEvidenceException when one of them is not a valid list, or together they exceed
     *     {@link #MAX_DEVICES}
     */
    public static byte[] merge(List<byte[]> lists) throws MalformedEvidenceException {
        List<List<DeviceEvidence>> parsed = new ArrayList<>();
        StringBuilder out = new StringBuilder("[");
        for (byte[] l : lists) {
            parsed.add(parse(l));
            String text = new String(l, StandardCharsets.UTF_8).strip();
            out.append(out.length() > 1 ? "," : "").append(text, 1, text.length() - 1);
        }
        concat(parsed);
        return out.append(']').toString().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Writes entries in the SDK's format, with {@code "version": "1.0"}: what {@code tee4j attest --tee nvidia-gpu}
     * prints and {@link #parse} reads back.
     */
    public static byte[] toJson(List<DeviceEvidence> devices) {
        StringBuilder out = new StringBuilder("[");
        for (DeviceEvidence d : devices) {
            StringBuilder pem = new StringBuilder();
            for (byte[] der : d.certificates()) {
                pem.append("-----BEGIN CERTIFICATE-----\n")
                        .append(Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der))
                        .append("\n-----END CERTIFICATE-----\n");
            }
            out.append(out.length() > 1 ? ",\n " : "\n ").append("{\"arch\": \"").append(d.declaredArchitecture())
                    .append("\", \"certificate\": \"")
                    .append(Base64.getEncoder().encodeToString(pem.toString().getBytes(StandardCharsets.US_ASCII)))
                    .append("\", \"evidence\": \"").append(Base64.getEncoder().encodeToString(d.report())).append('"');
            d.nonce().ifPresent(n -> out.append(", \"nonce\": \"").append(java.util.HexFormat.of().formatHex(n))
                    .append('"'));
            out.append(", \"version\": \"").append(VERSION).append("\"}");
        }
        return out.append("\n]\n").toString().getBytes(StandardCharsets.UTF_8);
    }

    private static DeviceEvidence entry(int i, Object value) throws MalformedEvidenceException {
        String path = "$[" + i + "]";
        try {
            Map<String, Object> m = Json.object(value, path);
            if (m.containsKey("version") && !VERSION.equals(Json.string(m, "version", path))) {
                throw new MalformedEvidenceException("NVIDIA evidence list " + path + ".version: '"
                        + printable(String.valueOf(m.get("version"))) + "' is not the known version " + VERSION);
            }
            DeviceArchitecture arch = DeviceArchitecture.fromListValue(Json.string(m, "arch", path));
            byte[] report = report(Json.string(m, "evidence", path), path);
            SpdmMeasurementReport.parse(report);
            List<byte[]> chain = chain(Json.string(m, "certificate", path), path);
            byte[] nonce = m.containsKey("nonce") ? Json.hex(m, "nonce", path, SpdmMeasurementReport.NONCE_LENGTH) : null;
            return new DeviceEvidence(i, arch, report, chain, nonce);
        } catch (Json.JsonException e) {
            throw new MalformedEvidenceException("NVIDIA evidence list: " + e.getMessage(), e);
        } catch (UnsupportedGpuArchitectureException e) {
            throw e;
        } catch (MalformedEvidenceException e) {
            throw e.getMessage().startsWith("NVIDIA evidence list") ? e
                    : new MalformedEvidenceException("NVIDIA evidence list " + path + ": " + e.getMessage(), e);
        }
    }

    private static byte[] report(String text, String path) throws MalformedEvidenceException {
        if (text.length() > 2 * SpdmMeasurementReport.MAX_LENGTH) {
            throw new MalformedEvidenceException("NVIDIA evidence list " + path + ".evidence: too long");
        }
        // Hex first: an SPDM 1.1 report in hex starts "11e0", which is not how its base64 ("EeAB") starts.
        if (text.regionMatches(true, 0, "11e0", 0, 4) && HEX.matcher(text).matches()) {
            return java.util.HexFormat.of().parseHex(text.toLowerCase(java.util.Locale.ROOT));
        }
        return base64(text, path + ".evidence");
    }

    private static List<byte[]> chain(String text, String path) throws MalformedEvidenceException {
        byte[] pem = base64(text, path + ".certificate");
        List<X509Certificate> certs;
        try {
            certs = Certificates.parseAll(pem);
        } catch (CertificateException | RuntimeException e) {
            throw new MalformedEvidenceException("NVIDIA evidence list " + path + ".certificate: not a certificate "
                    + "chain: " + e.getMessage(), e);
        }
        if (certs.isEmpty() || certs.size() > MAX_CERTIFICATES) {
            throw new MalformedEvidenceException("NVIDIA evidence list " + path + ".certificate: " + certs.size()
                    + " certificates; 1 to " + MAX_CERTIFICATES + " are accepted");
        }
        List<byte[]> out = new ArrayList<>();
        for (X509Certificate c : certs) {
            try {
                out.add(c.getEncoded());
            } catch (CertificateEncodingException e) {
                throw new MalformedEvidenceException("NVIDIA evidence list " + path + ".certificate: a certificate "
                        + "does not encode", e);
            }
        }
        return out;
    }

    private static byte[] base64(String text, String path) throws MalformedEvidenceException {
        // Line breaks are tolerated (some tools wrap base64); any other character outside the alphabet is refused.
        String t = text.replaceAll("[\\r\\n]", "");
        try {
            if (t.indexOf('-') >= 0 || t.indexOf('_') >= 0) {
                return Base64.getUrlDecoder().decode(t);
            }
            return Base64.getDecoder().decode(t.getBytes(StandardCharsets.US_ASCII));
        } catch (IllegalArgumentException e) {
            throw new MalformedEvidenceException("NVIDIA evidence list " + path + ": not base64 (" + e.getMessage()
                    + ")", e);
        }
    }

    private static String printable(String s) {
        String t = s.length() > 40 ? s.substring(0, 40) + "..." : s;
        return t.replaceAll("[^\\x20-\\x7e]", "?");
    }
}
