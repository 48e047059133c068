package io.tee4j.coco.kbs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.tee4j.core.MalformedEvidenceException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The SE challenge's request gets the digest as guest-components injects it: last, standard base64, replaced if sent. */
class SeChallengeTest {
    @Test
    void theDigestIsInjectedLastInStandardBase64() throws Exception {
        String nonce = "{\"request_blob\":\"AA==\",\"measurement_size\":64,\"additional_size\":64,"
                + "\"encr_measurement_key\":\"AQ==\",\"encr_request_nonce\":\"Ag==\",\"image_hdr_tags\":\"Aw==\","
                + "\"runtime_data_digest\":\"old\"}";
        byte[] digest = new byte[64];
        digest[0] = (byte) 0xFB;
        String out = new String(SeChallenge.attesterInput(nonce, digest), StandardCharsets.UTF_8);
        assertEquals("{\"request_blob\":\"AA==\",\"measurement_size\":64,\"additional_size\":64,"
                + "\"encr_measurement_key\":\"AQ==\",\"encr_request_nonce\":\"Ag==\",\"image_hdr_tags\":\"Aw==\","
                + "\"runtime_data_digest\":\"+w" + "A".repeat(84) + "==\"}", out);
    }

    @Test
    void aNonceThatIsNotAnSeRequestIsMalformed() {
        for (String bad : new String[] {"bm9uY2U=", "[1]", "{\"nonce\":1}", "{\"request_blob\":1.5}"}) {
            assertThrows(MalformedEvidenceException.class, () -> SeChallenge.attesterInput(bad, new byte[64]), bad);
        }
    }
}
