package io.tee4j.sealing.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Wycheproof vectors through sealing's own AES-GCM and HKDF code. Collects every failure, then asserts. */
class WycheproofTest {
    private static final HexFormat HEX = HexFormat.of();

    private static JsonNode load(String name) throws IOException {
        try (InputStream in = WycheproofTest.class.getResourceAsStream("/io/tee4j/sealing/wycheproof/" + name)) {
            return new ObjectMapper().readTree(in);
        }
    }

    @Test
    void aesGcm256() throws IOException {
        JsonNode root = load("aes_gcm_test.json");
        List<String> failures = new ArrayList<>();
        int run = 0;
        int valid = 0;
        int invalid = 0;
        for (JsonNode group : root.get("testGroups")) {
            if (group.get("keySize").asInt() != 256 || group.get("ivSize").asInt() != 96
                    || group.get("tagSize").asInt() != 128) {
                continue;
            }
            for (JsonNode t : group.get("tests")) {
                run++;
                int id = t.get("tcId").asInt();
                byte[] key = HEX.parseHex(t.get("key").asText());
                byte[] iv = HEX.parseHex(t.get("iv").asText());
                byte[] aad = HEX.parseHex(t.get("aad").asText());
                byte[] msg = HEX.parseHex(t.get("msg").asText());
                byte[] ct = HEX.parseHex(t.get("ct").asText());
                byte[] tag = HEX.parseHex(t.get("tag").asText());
                byte[] sealed = new byte[ct.length + tag.length];
                System.arraycopy(ct, 0, sealed, 0, ct.length);
                System.arraycopy(tag, 0, sealed, ct.length, tag.length);
                String result = t.get("result").asText();
                AesGcm gcm = new AesGcm(key);
                // Split the AAD in two, as sealing does (header ‖ caller's data).
                int cut = aad.length / 2;
                byte[] a1 = Arrays.copyOfRange(aad, 0, cut);
                byte[] a2 = Arrays.copyOfRange(aad, cut, aad.length);
                byte[] out = new byte[Math.max(0, sealed.length - 16)];
                int n = gcm.decrypt(iv, a1, a2, sealed, 0, sealed.length, out, 0);
                if ("valid".equals(result)) {
                    valid++;
                    if (n != msg.length || !Arrays.equals(out, msg)) {
                        failures.add("tc " + id + ": valid case did not decrypt");
                    }
                    byte[] enc = new byte[msg.length + 16];
                    gcm.encrypt(iv, a1, a2, msg, 0, msg.length, enc, 0);
                    if (!Arrays.equals(enc, sealed)) {
                        failures.add("tc " + id + ": encryption differs");
                    }
                } else {
                    invalid++;
                    if (n >= 0) {
                        failures.add("tc " + id + ": invalid case accepted");
                    }
                }
            }
        }
        assertTrue(run > 50, "too few AES-256-GCM cases: " + run);
        assertTrue(valid > 0 && invalid > 0);
        assertEquals(List.of(), failures);
    }

    @Test
    void hkdfSha256() throws IOException {
        runHkdf("hkdf_sha256_test.json", Hkdf.HMAC_SHA256);
    }

    @Test
    void hkdfSha384() throws IOException {
        runHkdf("hkdf_sha384_test.json", Hkdf.HMAC_SHA384);
    }

    private static void runHkdf(String file, String mac) throws IOException {
        JsonNode root = load(file);
        List<String> failures = new ArrayList<>();
        int run = 0;
        int invalid = 0;
        for (JsonNode group : root.get("testGroups")) {
            for (JsonNode t : group.get("tests")) {
                run++;
                int id = t.get("tcId").asInt();
                byte[] ikm = HEX.parseHex(t.get("ikm").asText());
                byte[] salt = HEX.parseHex(t.get("salt").asText());
                byte[] info = HEX.parseHex(t.get("info").asText());
                int size = t.get("size").asInt();
                String result = t.get("result").asText();
                if ("valid".equals(result)) {
                    byte[] okm = HEX.parseHex(t.get("okm").asText());
                    byte[] got = Hkdf.derive(mac, ikm, salt, info, size);
                    if (!Arrays.equals(okm, got)) {
                        failures.add("tc " + id + ": wrong output");
                    }
                } else {
                    invalid++;
                    try {
                        Hkdf.derive(mac, ikm, salt, info, size);
                        failures.add("tc " + id + ": invalid size " + size + " accepted");
                    } catch (IllegalArgumentException expected) {
                        // refused, as it must be
                    }
                }
            }
        }
        assertTrue(run > 50, "too few cases in " + file + ": " + run);
        assertTrue(invalid > 0, "no invalid case in " + file);
        assertEquals(List.of(), failures);
    }
}
