package io.tee4j.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.tee4j.core.PolicyDocument;
import io.tee4j.core.PolicyFormatException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Policy files ({@code verify --policy FILE}) read into the tree core's {@link PolicyDocument}
 * reads: at most {@value #MAX_POLICY_BYTES} bytes, parsed by {@link Json#readStrict} (no duplicate
 * keys, no trailing content, no comments, no number longer than 20 digits), a JSON object, no
 * {@code null} anywhere. Every refusal is a usage error (exit 1) naming the JSON path.
 */
final class PolicyFiles {
    /** A policy is a few kilobytes; a megabyte is generous and bounds what a hostile file costs. */
    static final int MAX_POLICY_BYTES = 1 << 20;

    private PolicyFiles() {
    }

    /** The policy file as a mutable JSON tree. */
    static Map<String, Object> readTree(Path path) throws UsageException, PolicyFormatException {
        return parseTree(InputFiles.read(path, "policy", MAX_POLICY_BYTES), "policy " + path);
    }

    /**
     * A policy text as a mutable JSON tree.
     *
     * @param source how the text is named in errors, e.g. {@code "policy p.json"}
     */
    static Map<String, Object> parseTree(byte[] json, String source) throws UsageException, PolicyFormatException {
        if (json.length > MAX_POLICY_BYTES) {
            throw new UsageException(source + ": larger than " + MAX_POLICY_BYTES + " bytes");
        }
        JsonNode node;
        try {
            node = Json.readStrict(json);
        } catch (Json.StrictJsonException e) {
            throw new UsageException(source + ": " + e.getMessage(), e);
        }
        if (!node.isObject()) {
            throw new PolicyFormatException("$", "a policy file must be a JSON object");
        }
        rejectNulls(node, "$");
        @SuppressWarnings("unchecked")
        Map<String, Object> tree = Json.MAPPER.convertValue(node, LinkedHashMap.class);
        return tree;
    }

    /**
     * Refuses JSON {@code null} anywhere in a policy, with its path: no option takes null (leave
     * the key out instead), and core's document reader does not expect null inside lists.
     */
    static void rejectNulls(JsonNode node, String path) throws PolicyFormatException {
        if (node.isNull()) {
            throw new PolicyFormatException(path, "null is not a value of any policy option; leave the key out");
        }
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> e = it.next();
                rejectNulls(e.getValue(), path + "." + e.getKey());
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                rejectNulls(node.get(i), path + "[" + i + "]");
            }
        }
    }
}
