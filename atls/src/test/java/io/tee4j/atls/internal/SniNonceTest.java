package io.tee4j.atls.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SNIHostName;
import org.junit.jupiter.api.Test;

/** The SNI nonce forms JSSE accepts, and host names that are not nonces. */
class SniNonceTest {
    @Test
    void labelsAreLegalSniAndDecodeTo45Bytes() {
        SecureRandom r = new SecureRandom();
        for (int i = 0; i < 200; i++) {
            String label = SniNonce.newLabel(r);
            assertEquals(60, label.length());
            SNIHostName sni = new SNIHostName(label); // JSSE refuses + / = here
            byte[] nonce = SniNonce.parse(List.of(sni)).orElseThrow();
            assertEquals(45, nonce.length);
            assertArrayEquals(Base64.getDecoder().decode(label), nonce);
        }
    }

    @Test
    void hexLabelsAreAccepted() {
        String hex = "00112233445566778899aabbccddeeff";
        assertArrayEquals(java.util.HexFormat.of().parseHex(hex + hex),
                SniNonce.parse(hex + "." + hex).orElseThrow());
    }

    @Test
    void hostNamesAreNotNonces() {
        assertEquals(Optional.empty(), SniNonce.parse("localhost"));
        assertEquals(Optional.empty(), SniNonce.parse("example.com"));
        assertEquals(Optional.empty(), SniNonce.parse("deadbeef.cafe"), "too short for a hex nonce");
        assertEquals(Optional.empty(), SniNonce.parse("a".repeat(59)));
        assertEquals(Optional.empty(), SniNonce.parse("00112233445566778899aabbccddeeff0"), "odd hex length");
        assertEquals(Optional.empty(), SniNonce.parse(List.of()));
        assertTrue(SniNonce.parse((List<javax.net.ssl.SNIServerName>) null).isEmpty());
    }
}
