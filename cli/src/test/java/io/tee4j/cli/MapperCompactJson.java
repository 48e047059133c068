package io.tee4j.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;

/**
 * The object mapper's compact bytes of a tree: the reference the sidecar's own writers
 * ({@link NodeWriter#writeCompactBytes}, {@link SuccessReplyWriter}) are held to. Test code only:
 * the sidecar writes no reply through the mapper.
 */
final class MapperCompactJson {
    private static final ObjectWriter COMPACT = Json.MAPPER.writer().without(SerializationFeature.INDENT_OUTPUT);

    private MapperCompactJson() {
    }

    static byte[] bytes(JsonNode node) {
        try {
            return COMPACT.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a tree of JSON nodes always serialises", e);
        }
    }
}
