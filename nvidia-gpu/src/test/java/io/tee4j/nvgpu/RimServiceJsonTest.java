package io.tee4j.nvgpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tee4j.nvgpu.collateral.RimServiceJson;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The RIM service answer is read by the one strict JSON reader (tee4j-json) instead of a hand-written parser. */
class RimServiceJsonTest {
    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void theRimMemberIsDecoded() {
        assertArrayEquals(utf8("<x/>"), RimServiceJson.extractRim(utf8("{\"id\":\"a\",\"rim\":\"PHgvPg==\"}")));
        assertArrayEquals(utf8("<x/>"), RimServiceJson.extractRim(utf8("<x/>")));
    }

    @Test
    void anyDuplicateKeyIsRefused() {
        // Before: only a second "rim" was refused; a repeated "id" (or any nested key) was accepted silently.
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RimServiceJson.extractRim(
                utf8("{\"id\":\"a\",\"id\":\"b\",\"rim\":\"PHgvPg==\"}")));
        assertTrue(e.getMessage().contains("not the expected JSON"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> RimServiceJson.extractRim(
                utf8("{\"meta\":{\"k\":1,\"k\":2},\"rim\":\"PHgvPg==\"}")));
    }

    @Test
    void aRimThatIsNotAStringOrIsMissingIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> RimServiceJson.extractRim(utf8("{\"rim\":1}")));
        assertThrows(IllegalArgumentException.class, () -> RimServiceJson.extractRim(utf8("{\"id\":\"a\"}")));
        assertThrows(IllegalArgumentException.class, () -> RimServiceJson.extractRim(utf8("[\"rim\"]")));
        assertThrows(IllegalArgumentException.class, () -> RimServiceJson.extractRim(utf8("{\"rim\":\"PHgvPg==\"} x")));
    }
}
