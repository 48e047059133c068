package io.tee4j.se;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tee4j.core.SecretAccess;
import io.tee4j.core.SecretBytes;
import io.tee4j.json.Json;
import io.tee4j.se.abi.HeaderTags;
import io.tee4j.se.abi.MeasurementInput;
import io.tee4j.se.abi.SecretStoreHash;
import io.tee4j.se.verify.MeasurementCheck;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** kat/measurement-kat.json and kat/secret-store-hash-kat.json. */
class MeasurementKatTest {
    @SuppressWarnings("unchecked")
    private static byte[] filled(Object spec) {
        if (spec == null || spec == Json.NULL) {
            return null;
        }
        Map<String, Object> m = (Map<String, Object>) spec;
        return Vectors.fill(Integer.parseInt((String) m.get("fill"), 16), ((Number) m.get("len")).intValue());
    }

    @Test
    @SuppressWarnings("unchecked")
    void fourUpstreamMeasurementsReproduce() throws Exception {
        Map<String, Object> kat = (Map<String, Object>) Json.parse(Vectors.bytes("kat/measurement-kat.json"));
        Map<String, Object> common = (Map<String, Object>) kat.get("common");
        HeaderTags tags = HeaderTags.of(filled(common.get("pld")), filled(common.get("ald")), filled(common.get("tld")),
                filled(common.get("se_header_tag")));
        SecretBytes key = SecretBytes.copyOf(filled(common.get("measurement_key")), SecretAccess.INSECURE);
        byte[] cuid = filled(common.get("cuid"));
        int n = 0;
        for (Object o : (List<Object>) kat.get("cases")) {
            Map<String, Object> c = (Map<String, Object>) o;
            byte[] user = filled(c.get("user_data"));
            byte[] add = filled(c.get("additional"));
            byte[] nonce = filled(c.get("nonce"));
            user = user == null ? new byte[0] : user;
            add = add == null ? new byte[0] : add;
            byte[] input = MeasurementInput.encode(tags, cuid, user, nonce, add);
            assertEquals(((Number) c.get("hmac_input_len")).intValue(), input.length, (String) c.get("name"));
            assertArrayEquals(Vectors.hex((String) c.get("hmac_input_sha256")),
                    MessageDigest.getInstance("SHA-256").digest(input), (String) c.get("name"));
            assertArrayEquals(Vectors.hex((String) c.get("expected_measurement")),
                    MeasurementCheck.compute(key, tags, cuid, user, nonce, add), (String) c.get("name"));
            n++;
        }
        assertEquals(4, n);
    }

    @Test
    @SuppressWarnings("unchecked")
    void secretStoreHashesReproduce() throws Exception {
        Map<String, Object> kat = (Map<String, Object>) Json.parse(Vectors.bytes("kat/secret-store-hash-kat.json"));
        int n = 0;
        for (Object o : (List<Object>) kat.get("cases")) {
            Map<String, Object> c = (Map<String, Object>) o;
            List<byte[]> tags = new ArrayList<>();
            for (Object r : (List<Object>) c.get("requests")) {
                tags.add(SecretStoreHash.tagOf(Vectors.bytes((String) r)));
            }
            assertArrayEquals(Vectors.hex((String) c.get("expected")), SecretStoreHash.of(tags, (Boolean) c.get("locked")));
            n++;
        }
        assertEquals(4, n);
    }
}
