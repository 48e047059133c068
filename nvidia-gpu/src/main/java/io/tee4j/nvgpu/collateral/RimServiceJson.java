package io.tee4j.nvgpu.collateral;

import io.tee4j.json.Json;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

/**
 * Reads the RIM service's answer: a JSON object whose {@code "rim"} member is the base64 of the
 * SWID XML (other members such as {@code id}, {@code sha256}, {@code last_updated} are ignored;
 * their authenticity comes from the XML signature, not from the transport). A body that already
 * is XML is returned as is. The JSON is read by the project's one strict reader ({@link Json}: duplicate
 * keys, trailing content and deep nesting refused, strings bounded); nothing here is verified.
 */
public final class RimServiceJson {
    private RimServiceJson() {
    }

    /**
     * The RIM XML carried by a RIM-service answer.
     *
     * @throws IllegalArgumentException when the body is neither XML nor such a JSON object
     */
    public static byte[] extractRim(byte[] body) {
        String text = new String(body, StandardCharsets.UTF_8).strip();
        if (text.startsWith("<")) {
            return body;
        }
        String rim;
        try {
            Map<String, Object> answer = Json.object(Json.parse(body), "$");
            if (!answer.containsKey("rim")) {
                throw new IllegalArgumentException("the RIM service answer has no \"rim\" member");
            }
            rim = Json.string(answer, "rim", "$");
        } catch (Json.JsonException e) {
            throw new IllegalArgumentException("the RIM service answer is not the expected JSON: " + e.getMessage());
        }
        try {
            return Base64.getMimeDecoder().decode(rim);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the \"rim\" member is not base64");
        }
    }
}
