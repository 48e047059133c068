package io.tee4j.coco.token;

import static org.junit.jupiter.api.Assertions.assertThrows;

import io.tee4j.core.VerificationFailedException;
import io.tee4j.json.Json;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * trustee's seven header-key endorsement scenarios ({@code kbs/test_data/jwk}, test
 * {@code test_verify_jwk_endorsement_scenarios}) with trustee's expected results, at a time inside
 * the certificates' validity (2026-04-15 .. 2036-04-12).
 */
class HeaderKeyEndorsementTest {
    static final Instant AT = Instant.parse("2026-06-01T00:00:00Z");

    @ParameterizedTest(name = "scenario0{0} endorsed={1}")
    @CsvSource({"1,true", "2,false", "3,false", "4,false", "5,true", "6,true", "7,true"})
    void scenario(int n, boolean endorsed) throws Exception {
        String base = "trustee-jwk-x5c/scenario0" + n;
        Map<String, Object> jwk = Json.object(Json.parse(Vectors.bytes(base + "-jwk.json")), "jwk");
        var anchors = TokenKeys.readCertificates(Vectors.bytes(base + "-trust.pem"));
        if (endorsed) {
            HeaderKeyEndorsement.endorse(jwk, anchors, AT);
        } else {
            assertThrows(VerificationFailedException.class, () -> HeaderKeyEndorsement.endorse(jwk, anchors, AT));
        }
    }
}
