package io.tee4j.coco.kbs;

import io.tee4j.core.MalformedEvidenceException;
import io.tee4j.json.Json;
import io.tee4j.json.Json.JsonException;

/** The size cap and strict parse shared by every KBS message reader. */
final class KbsBodies {
    /** trustee's default request-body cap ({@code payload_request_size} 2 MiB), used for every message. */
    static final int MAX_BYTES = 2 * 1024 * 1024;

    private KbsBodies() {
    }

    static Object parse(byte[] body, String what) throws MalformedEvidenceException, JsonException {
        if (body.length > MAX_BYTES) {
            throw new MalformedEvidenceException("KBS " + what + " is larger than " + MAX_BYTES + " bytes");
        }
        return Json.parse(body);
    }
}
