package io.tee4j.cli;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The sidecar's reading of request bodies: {@link Json#readStrict}, the same strict reader the
 * command uses for policy files (no duplicate keys at any depth, so a second {@code "tee"} or
 * {@code "allowDebug"} never silently wins; nothing after the value; no comments; numbers of at
 * most {@value Json#MAX_NUMBER_DIGITS} digits; nesting at most {@value Json#MAX_DEPTH} deep), and
 * the body must be an object. A violation is a 400 naming the JSON path.
 */
final class RequestJson {

    private RequestJson() {
    }

    /** The body as a JSON object, or a {@link BadRequest} naming the path of the first problem. */
    static JsonNode readObject(byte[] body) {
        JsonNode node;
        try {
            node = Json.readStrict(body);
        } catch (Json.StrictJsonException e) {
            throw BadRequest.usage(e.getMessage());
        }
        if (!node.isObject()) {
            throw BadRequest.usage("$: expected a JSON object");
        }
        return node;
    }
}
