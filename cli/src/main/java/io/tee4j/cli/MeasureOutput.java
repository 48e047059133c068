package io.tee4j.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Base64;
import java.util.HexFormat;

/** How the {@code measure} commands print: a bare digest, {@code name value} lines, or a policy fragment. */
final class MeasureOutput {
    private MeasureOutput() {
    }

    static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }

    /** {@code hex} or {@code base64}, as sev-snp-measure's --output-format. */
    static String format(byte[] digest, String format) throws UsageException {
        switch (format) {
            case "hex":
                return hex(digest);
            case "base64":
                return Base64.getEncoder().encodeToString(digest);
            default:
                throw new UsageException("--output-format must be hex or base64, not " + format);
        }
    }

    static ObjectNode object() {
        return JsonNodeFactory.instance.objectNode();
    }

    /** Sets {@code key} to a one-element list of hex (the policies' list keys). */
    static void putList(ObjectNode node, String key, byte[]... values) {
        ArrayNode a = node.putArray(key);
        for (byte[] v : values) {
            a.add(hex(v));
        }
    }

    static void print(ObjectNode policyFragment) {
        System.out.println(Json.write(policyFragment));
    }
}
