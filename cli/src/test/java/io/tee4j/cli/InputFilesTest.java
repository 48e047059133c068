package io.tee4j.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;

class InputFilesTest {
    private final byte[] payload = payload();

    private static byte[] payload() {
        byte[] b = new byte[1184];
        new Random(42).nextBytes(b);
        return b;
    }

    @Test
    void binaryIsKeptAsIs() {
        assertArrayEquals(payload, InputFiles.decode(payload));
    }

    @Test
    void hexTextIsDecoded() {
        String hex = HexFormat.of().formatHex(payload);
        assertArrayEquals(payload, InputFiles.decode((hex + "\n").getBytes(StandardCharsets.US_ASCII)));
        assertArrayEquals(payload, InputFiles.decode(("0x" + hex.toUpperCase()).getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    void wrappedHexTextIsDecoded() {
        String hex = HexFormat.of().formatHex(payload).replaceAll("(.{64})", "$1\n");
        assertArrayEquals(payload, InputFiles.decode(hex.getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    void base64TextIsDecoded() {
        String b64 = Base64.getMimeEncoder().encodeToString(payload);
        assertArrayEquals(payload, InputFiles.decode(b64.getBytes(StandardCharsets.US_ASCII)));
        String url = Base64.getUrlEncoder().withoutPadding().encodeToString(payload);
        assertArrayEquals(payload, InputFiles.decode(url.getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    void pemIsDecoded() {
        String pem = "-----BEGIN ATTESTATION REPORT-----\n" + Base64.getMimeEncoder().encodeToString(payload)
                + "\n-----END ATTESTATION REPORT-----\n";
        assertArrayEquals(payload, InputFiles.decode(pem.getBytes(StandardCharsets.US_ASCII)));
    }
}
