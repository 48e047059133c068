package io.tee4j.measure.snp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.tee4j.core.MalformedEvidenceException;
import io.tee4j.measure.MeasurementInputException;
import io.tee4j.measure.Vectors;
import java.util.Arrays;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** ID block, ID_AUTH_INFO and key digests: virtee/sev's vector (expected.json snp_id_block) and sev-snp-measure's. */
class IdBlockTest {
    private static final JsonNode CASE = Vectors.byId("snp_id_block", "virtee-sev-id-block");
    private static final Base64.Decoder B64 = Base64.getDecoder();

    private static IdBlock virteeBlock() {
        return new IdBlock(Vectors.hex(CASE.get("launch_digest").asText()), new byte[16], new byte[16], 0, 0x30000);
    }

    @Test
    void idBlockBytesMatchVirteeSev() {
        assertEquals(CASE.get("expected_id_block_b64").asText(), Base64.getEncoder().encodeToString(virteeBlock().encode()));
    }

    @Test
    void keyDigestsMatchVirteeSev() throws Exception {
        IdKey id = IdKey.read(Vectors.bytes("virtee-sev/test_id_key.pem"));
        IdKey author = IdKey.read(Vectors.bytes("virtee-sev/test_auth_key.pem"));
        assertArrayEquals(B64.decode(CASE.get("expected_id_key_digest_b64").asText()), id.digest());
        assertArrayEquals(B64.decode(CASE.get("expected_author_key_digest_b64").asText()), author.digest());
    }

    @Test
    void fixedIdAuthInfoParsesAndBothSignaturesVerify() throws Exception {
        IdAuthInfo auth = IdAuthInfo.parse(Vectors.bytes("virtee-sev/test_auth_block.bin"));
        assertEquals(1, auth.idKeyAlgorithm());
        assertEquals(1, auth.authorKeyAlgorithm());
        assertArrayEquals(Vectors.bytes("virtee-sev/test_id_sig.bin"), auth.idBlockSignature());
        assertArrayEquals(Vectors.bytes("virtee-sev/test_auth_sig.bin"), auth.idKeySignature());
        assertArrayEquals(B64.decode(CASE.get("expected_id_key_digest_b64").asText()), auth.idKeyDigest());
        assertArrayEquals(B64.decode(CASE.get("expected_author_key_digest_b64").asText()), auth.authorKeyDigest().get());
        assertTrue(auth.verify(virteeBlock()));
    }

    @Test
    void aFlippedByteAnywhereInTheSignedDataFailsVerification() throws Exception {
        byte[] auth = Vectors.bytes("virtee-sev/test_auth_block.bin");
        IdBlock block = virteeBlock();
        byte[] otherLd = block.launchDigest();
        otherLd[0] ^= 1;
        assertFalse(IdAuthInfo.parse(auth).verify(new IdBlock(otherLd, new byte[16], new byte[16], 0, 0x30000)));
        assertFalse(IdAuthInfo.parse(flip(auth, 0x40 + 3)).verify(block), "ID block signature");
        assertFalse(IdAuthInfo.parse(flip(auth, 0x680 + 3)).verify(block), "ID key signature");
        // A changed ID key invalidates the author's signature over it (or is not a curve point).
        assertThrowsOrFalse(flip(auth, 0x240 + 10), block);
    }

    private static void assertThrowsOrFalse(byte[] auth, IdBlock block) {
        try {
            assertFalse(IdAuthInfo.parse(auth).verify(block));
        } catch (MalformedEvidenceException expected) {
            // not a point of P-384: a typed error
        }
    }

    @Test
    void ourSignaturesReproduceTheKeysAndVerifyAndAreDeterministic() throws Exception {
        IdKey id = IdKey.read(Vectors.bytes("virtee-sev/test_id_key.pem"));
        IdKey author = IdKey.read(Vectors.bytes("virtee-sev/test_auth_key.pem"));
        SignedIdBlock signed = SignedIdBlock.sign(virteeBlock(), id, author);
        byte[] fixed = Vectors.bytes("virtee-sev/test_auth_block.bin");
        byte[] ours = signed.idAuth().encode();
        assertArrayEquals(Arrays.copyOfRange(fixed, 0, 0x40), Arrays.copyOfRange(ours, 0, 0x40), "algorithms");
        assertArrayEquals(Arrays.copyOfRange(fixed, 0x240, 0x680), Arrays.copyOfRange(ours, 0x240, 0x680), "ID key");
        assertArrayEquals(Arrays.copyOfRange(fixed, 0x880, 4096), Arrays.copyOfRange(ours, 0x880, 4096), "author key");
        assertTrue(signed.idAuth().verify(virteeBlock()));
        assertArrayEquals(ours, SignedIdBlock.sign(virteeBlock(), id, author).idAuth().encode(), "RFC 6979 nonces");
        assertTrue(signed.authorKeyEnabled());
        assertTrue(signed.qemuOptions().endsWith(",author-key-enabled=on"));
    }

    @Test
    void withoutAnAuthorKeyTheAuthorFieldsAreZero() throws Exception {
        IdKey id = IdKey.read(Vectors.bytes("virtee-sev/test_id_key.pem"));
        SignedIdBlock signed = SignedIdBlock.sign(virteeBlock(), id, null);
        byte[] ours = signed.idAuth().encode();
        assertEquals(0, signed.idAuth().authorKeyAlgorithm());
        assertArrayEquals(new byte[4096 - 0x680], Arrays.copyOfRange(ours, 0x680, 4096));
        assertTrue(signed.idAuth().verify(virteeBlock()));
        assertFalse(signed.authorKeyEnabled());
        assertTrue(signed.qemuOptions().endsWith(",author-key-enabled=off"));
    }

    @Test
    void sevSnpMeasureSec1KeysAndIdBlock() throws Exception {
        byte[] ld = B64.decode("B28FLQi9p6cAqipgjFyqawDrrSl7bWioWkWx5mmlWLZ+G5HShKMB/mPE+gdQRn7t");
        IdKey id = IdKey.read(Vectors.bytes("sev-snp-measure/keyfile/id_key_test.pem"));
        IdKey author = IdKey.read(Vectors.bytes("sev-snp-measure/keyfile/author_key_test.pem"));
        SignedIdBlock signed = SignedIdBlock.sign(IdBlock.of(ld), id, author);
        assertEquals("B28FLQi9p6cAqipgjFyqawDrrSl7bWioWkWx5mmlWLZ+G5HShKMB/mPE+gdQRn7t"
                + "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAABAAAAAAAAAAAAAwAAAAAA", signed.idBlockBase64());
        assertEquals("hwt+NcU/inLQ0yL3WrKvgmJ5Kq9leWIs5BMcPyHyied8sFYKXjuQs5MuZ07HCcsU",
                Base64.getEncoder().encodeToString(signed.idKeyDigest()));
        assertEquals("YxEcNLv8Ckk4+aAJvQdJgNgXIyPmFZnJ/TNtqGcySOHcqY0L6PdjdqEGuK/UwKBX",
                Base64.getEncoder().encodeToString(signed.authorKeyDigest().get()));
        assertTrue(signed.idAuth().verify(IdBlock.of(ld)));
    }

    @Test
    void idBlockRoundTripsAndRejectsOtherVersions() throws Exception {
        IdBlock b = new IdBlock(new byte[48], filled(16, 1), filled(16, 2), 7, 0x30000);
        assertEquals(b, IdBlock.parse(b.encode()));
        byte[] bad = b.encode();
        bad[80] = 2;
        assertThrows(MalformedEvidenceException.class, () -> IdBlock.parse(bad));
        assertThrows(MalformedEvidenceException.class, () -> IdBlock.parse(new byte[95]));
        assertThrows(MalformedEvidenceException.class, () -> IdAuthInfo.parse(new byte[4095]));
    }

    @Test
    void keysThatAreNotP384OrEncryptedAreRefused() {
        // Throw-away P-256 keys (openssl ecparam / genpkey), SEC1 and PKCS#8: right format, wrong curve.
        String p256Sec1 = "-----BEGIN EC PRIVATE KEY-----\n"
                + "MHcCAQEEIJyzJKPexqWNpUYf/b0LFK07CkaDuZ/US71hDsRn7Vs3oAoGCCqGSM49\n"
                + "AwEHoUQDQgAEASglsh+MsRYHZMtHGphgdljn9hIEljbZfdO71nHxwK+6SiTtbo4K\n"
                + "kIAIFNYHk7d+QSy4jrsHOZsdmbFeFtERtw==\n-----END EC PRIVATE KEY-----\n";
        String p256Pkcs8 = "-----BEGIN PRIVATE KEY-----\n"
                + "MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQggkcoaHcKPfJcBo84\n"
                + "5BTC40CywpnXA/+2V1vIfI7M1hOhRANCAARsQNTqQ5i9GHBR7Kwr/h9PwplO1iaP\n"
                + "7qTncvNQ/wVi42t3GqgW03D5wK4jqYOOTF7dksP1IBs4wYFhigrv9Iwr\n-----END PRIVATE KEY-----\n";
        MeasurementInputException e = assertThrows(MeasurementInputException.class, () -> IdKey.read(p256Sec1.getBytes()));
        assertTrue(e.getMessage().contains("P-384"), e.getMessage());
        e = assertThrows(MeasurementInputException.class, () -> IdKey.read(p256Pkcs8.getBytes()));
        assertTrue(e.getMessage().contains("P-384"), e.getMessage());
        assertThrows(MeasurementInputException.class, () -> IdKey.read(
                "-----BEGIN ENCRYPTED PRIVATE KEY-----\nAAAA\n-----END ENCRYPTED PRIVATE KEY-----\n".getBytes()));
        assertThrows(MeasurementInputException.class, () -> IdKey.read(new byte[] {0x30, 0x03, 0x02, 0x01, 0x01}));
        assertThrows(MeasurementInputException.class, () -> IdKey.read("garbage".getBytes()));
    }

    private static byte[] flip(byte[] b, int at) {
        byte[] c = b.clone();
        c[at] ^= 0x01;
        return c;
    }

    private static byte[] filled(int n, int v) {
        byte[] b = new byte[n];
        Arrays.fill(b, (byte) v);
        return b;
    }
}
