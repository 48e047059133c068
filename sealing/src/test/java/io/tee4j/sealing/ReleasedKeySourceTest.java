package io.tee4j.sealing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tee4j.core.SecretAccess;
import io.tee4j.core.SecretBytes;
import io.tee4j.core.keys.KeyBinding;
import io.tee4j.core.keys.KeyVersions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReleasedKeySourceTest {
    private static final byte[] KEY = KnownAnswerTest.range(0x11, 32);

    @TempDir
    Path dir;

    private static byte[] keyOf(ReleasedKeySource s) throws Exception {
        try (SecretBytes k = s.deriveKey(EnumSet.noneOf(KeyBinding.class), KeyVersions.none())) {
            return k.toByteArray(SecretAccess.INSECURE);
        }
    }

    @Test
    void readsRawHexAndBase64Files() throws Exception {
        Path raw = Files.write(dir.resolve("raw"), KEY);
        Path hex = Files.writeString(dir.resolve("hex"), HexFormat.of().formatHex(KEY) + "\n");
        Path hexUpper = Files.writeString(dir.resolve("HEX"), "  " + HexFormat.of().withUpperCase().formatHex(KEY));
        Path b64 = Files.writeString(dir.resolve("b64"), Base64.getEncoder().encodeToString(KEY) + "\r\n");
        Path b64url = Files.writeString(dir.resolve("b64url"),
                Base64.getUrlEncoder().withoutPadding().encodeToString(new byte[] {-1, -2, -3, -4, -5, -6, -7, -8, -9,
                    -10, -11, -12, -13, -14, -15, -16, -17, -18, -19, -20, -21, -22, -23, -24, -25, -26, -27, -28, -29,
                    -30, -31, -32}));
        for (Path p : new Path[] {raw, hex, hexUpper, b64}) {
            assertArrayEquals(KEY, keyOf(ReleasedKeySource.fromFile(p)), p.toString());
        }
        assertEquals(32, keyOf(ReleasedKeySource.fromFile(b64url)).length);
    }

    @Test
    void readsEnvironment() throws Exception {
        ReleasedKeySource s = ReleasedKeySource.fromEnvironment("kbs:///default/sealing/1", "TEE4J_KEK",
                Map.of("TEE4J_KEK", HexFormat.of().formatHex(KEY)));
        assertEquals("released/kbs:///default/sealing/1", s.id());
        assertArrayEquals(KEY, keyOf(s));
        assertThrows(SealingKeyUnavailableException.class,
                () -> ReleasedKeySource.fromEnvironment(null, "MISSING", Map.of()));
        // Raw bytes are not accepted from the environment.
        assertThrows(SealingKeyUnavailableException.class, () -> ReleasedKeySource.fromEnvironment(null, "K",
                Map.of("K", new String(KnownAnswerTest.range(0x41, 32), StandardCharsets.ISO_8859_1))));
    }

    @Test
    void refusesWhatIsNotAKey() throws Exception {
        String[] bad = {"", "00", HexFormat.of().formatHex(KEY).substring(2), HexFormat.of().formatHex(KEY) + "00",
            "zz" + HexFormat.of().formatHex(KEY).substring(2), Base64.getEncoder().encodeToString(new byte[31]),
            Base64.getEncoder().encodeToString(new byte[33]), "!!" + Base64.getEncoder().encodeToString(KEY).substring(2)};
        for (String b : bad) {
            Path p = Files.writeString(dir.resolve("bad"), b);
            SealingKeyUnavailableException e = assertThrows(SealingKeyUnavailableException.class,
                    () -> ReleasedKeySource.fromFile(p), b);
            assertFalse(e.getMessage().contains(HexFormat.of().formatHex(KEY).substring(4, 20)), "key echoed");
        }
        Path big = Files.write(dir.resolve("big"), new byte[5000]);
        assertThrows(SealingKeyUnavailableException.class, () -> ReleasedKeySource.fromFile(big));
        assertThrows(SealingKeyUnavailableException.class, () -> ReleasedKeySource.fromFile(dir.resolve("absent")));
        assertThrows(IllegalArgumentException.class,
                () -> ReleasedKeySource.of(SecretBytes.copyOf(new byte[16], SecretAccess.INSECURE)));
        assertThrows(IllegalArgumentException.class,
                () -> ReleasedKeySource.of("has space", SecretBytes.copyOf(KEY, SecretAccess.INSECURE)));
    }

    /**
     * Issue 25 item 5: 32 printable bytes could be a raw key or text (a passphrase, the hex of a
     * 16-byte key); unlabelled they are refused, and a stated format decides.
     */
    @Test
    void thirtyTwoPrintableBytesAreAmbiguousUnlessTheFormatIsStated() throws Exception {
        byte[] passphrase = "correct horse battery staple!!!!".getBytes(StandardCharsets.US_ASCII);
        byte[] hexOf16 = HexFormat.of().formatHex(KnownAnswerTest.range(0x40, 16)).getBytes(StandardCharsets.US_ASCII);
        assertEquals(32, passphrase.length);
        assertEquals(32, hexOf16.length);
        for (byte[] text : new byte[][] {passphrase, hexOf16}) {
            Path p = Files.write(dir.resolve("k"), text);
            SealingKeyUnavailableException e = assertThrows(SealingKeyUnavailableException.class,
                    () -> ReleasedKeySource.fromFile(p));
            assertTrue(e.getMessage().contains("32 printable characters") && e.getMessage().contains("state its format"),
                    e.getMessage());
            assertFalse(e.getMessage().contains(new String(text, StandardCharsets.US_ASCII)), "key echoed");
            // Stated as raw, it is a raw key; stated as hex or base64, it is refused as not one.
            assertArrayEquals(text, keyOf(ReleasedKeySource.fromFile(null, p, ReleasedKeySource.KeyFormat.RAW)));
            assertThrows(SealingKeyUnavailableException.class,
                    () -> ReleasedKeySource.fromFile(null, p, ReleasedKeySource.KeyFormat.HEX));
            assertThrows(SealingKeyUnavailableException.class,
                    () -> ReleasedKeySource.fromFile(null, p, ReleasedKeySource.KeyFormat.BASE64));
        }
        // Stated formats are held to: hex is not base64, raw is exactly 32 bytes.
        Path hex = Files.writeString(dir.resolve("hex"), HexFormat.of().formatHex(KEY) + "\n");
        assertArrayEquals(KEY, keyOf(ReleasedKeySource.fromFile(null, hex, ReleasedKeySource.KeyFormat.HEX)));
        assertThrows(SealingKeyUnavailableException.class,
                () -> ReleasedKeySource.fromFile(null, hex, ReleasedKeySource.KeyFormat.BASE64));
        assertThrows(SealingKeyUnavailableException.class,
                () -> ReleasedKeySource.fromFile(null, hex, ReleasedKeySource.KeyFormat.RAW));
        Path b64 = Files.writeString(dir.resolve("b64"), Base64.getEncoder().encodeToString(KEY));
        assertArrayEquals(KEY, keyOf(ReleasedKeySource.fromFile(null, b64, ReleasedKeySource.KeyFormat.BASE64)));
        assertThrows(SealingKeyUnavailableException.class,
                () -> ReleasedKeySource.fromFile(null, b64, ReleasedKeySource.KeyFormat.HEX));
        // The environment holds text: raw is refused there.
        assertThrows(SealingKeyUnavailableException.class, () -> ReleasedKeySource.fromEnvironment(null, "K",
                Map.of("K", new String(passphrase, StandardCharsets.US_ASCII)), ReleasedKeySource.KeyFormat.RAW));
        assertArrayEquals(KEY, keyOf(ReleasedKeySource.fromEnvironment(null, "K",
                Map.of("K", HexFormat.of().formatHex(KEY)), ReleasedKeySource.KeyFormat.HEX)));
    }

    @Test
    void contract() throws Exception {
        ReleasedKeySource s = ReleasedKeySource.of(SecretBytes.copyOf(KEY, SecretAccess.INSECURE));
        assertFalse(s.simulated());
        assertTrue(s.rootKeyIsWorkloadSpecific());
        assertTrue(s.supportedBindings().isEmpty());
        assertEquals(KeyVersions.none(), s.currentVersions());
        assertThrows(SealingPolicyException.class, () -> s.deriveKey(EnumSet.of(KeyBinding.POLICY), KeyVersions.none()));
        assertThrows(SealingPolicyException.class, () -> s.deriveKey(EnumSet.noneOf(KeyBinding.class),
                KeyVersions.of(Map.of("x", 1L))));
        assertFalse(s.toString().contains("11121314"));
    }
}
