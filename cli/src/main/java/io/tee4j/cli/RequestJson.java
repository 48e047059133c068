package io.tee4j.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The sidecar's strict reader of request bodies: exactly one JSON object, no duplicate keys at
 * any depth (a second {@code "tee"} or {@code "allowDebug"} must not silently win), nothing after
 * the value, no comments, numbers of at most 20 characters (a u64 needs 20) and nesting at most
 * 32 deep. A violation is a 400 naming the JSON path. The command's own JSON reader is separate;
 * this one is configured here so the sidecar's rules never depend on how another reader is set.
 */
final class RequestJson {
    static final int MAX_NUMBER_LENGTH = 20;
    static final int MAX_DEPTH = 32;

    private static final ObjectMapper STRICT = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder()
                            .maxNumberLength(MAX_NUMBER_LENGTH).maxNestingDepth(MAX_DEPTH).build())
                    .disable(JsonReadFeature.ALLOW_JAVA_COMMENTS)
                    .disable(JsonReadFeature.ALLOW_YAML_COMMENTS)
                    .build())
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private RequestJson() {
    }

    /** The body as a JSON object, or a {@link BadRequest} naming the path of the first problem. */
    static JsonNode readObject(byte[] body) {
        JsonNode node;
        // Our own parser, so the path is known even when an exception does not carry it.
        try (JsonParser parser = STRICT.createParser(body)) {
            try {
                node = STRICT.readTree(parser);
                if (node != null && parser.nextToken() != null) {
                    throw BadRequest.usage("$: content after the JSON value");
                }
            } catch (JsonProcessingException e) {
                throw BadRequest.usage(path(parser.getParsingContext()) + ": " + problem(e));
            }
        } catch (IOException e) {
            // Reading from a byte array does no I/O; Jackson still declares the wider exception.
            throw BadRequest.usage("$: not valid JSON");
        }
        if (node == null || !node.isObject()) {
            throw BadRequest.usage("$: expected a JSON object");
        }
        return node;
    }

    private static String problem(JsonProcessingException e) {
        String m = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
        if (m.startsWith("Duplicate field")) {
            return "duplicate key";
        }
        if (m.startsWith("Trailing token")) {
            return "content after the JSON value";
        }
        if (m.contains("comment") || m.startsWith("Unexpected character ('/'")
                || m.startsWith("Unexpected character ('#'")) {
            return "comments are not allowed";
        }
        if (e instanceof StreamConstraintsException) {
            return m.contains("Number") ? "a number longer than " + MAX_NUMBER_LENGTH + " characters"
                    : "nested deeper than " + MAX_DEPTH + " levels";
        }
        return "not valid JSON: " + m;
    }

    /** {@code $.a.b[2]}: where the parser stood when it failed. */
    private static String path(JsonStreamContext context) {
        Deque<String> parts = new ArrayDeque<>();
        for (JsonStreamContext c = context; c != null && !c.inRoot(); c = c.getParent()) {
            if (c.inArray()) {
                parts.push("[" + Math.max(0, c.getCurrentIndex()) + "]");
            } else if (c.getCurrentName() != null) {
                parts.push("." + c.getCurrentName());
            }
        }
        return "$" + String.join("", parts);
    }
}
