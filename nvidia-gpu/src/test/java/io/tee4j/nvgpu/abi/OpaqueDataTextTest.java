package io.tee4j.nvgpu.abi;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The text {@link OpaqueData} derives from its fields, written by hand on the warm path, as NVIDIA prints it. */
class OpaqueDataTextTest {

    @Test
    void vbiosVersionIsTheFormattedBytesForEveryByteValue() {
        Random random = new Random(6);
        for (int round = 0; round < 2000; round++) {
            byte[] v = new byte[5 + random.nextInt(4)];
            random.nextBytes(v);
            if (round < 256) {
                for (int i = 0; i < 5; i++) {
                    v[i] = (byte) (round + i);
                }
            }
            String expected = String.format(Locale.ROOT, "%02X.%02X.%02X.%02X.%02X",
                    v[3] & 0xff, v[2] & 0xff, v[1] & 0xff, v[0] & 0xff, v[4] & 0xff);
            OpaqueData o = OpaqueData.of(List.of(new OpaqueField(OpaqueData.VBIOS_VERSION, v)));
            assertEquals(expected, o.vbiosVersion().orElseThrow());
        }
        assertEquals("96.00.9F.00.01", OpaqueData.of(List.of(new OpaqueField(OpaqueData.VBIOS_VERSION,
                new byte[] {0, (byte) 0x9f, 0, (byte) 0x96, 1, 0, 0, 0}))).vbiosVersion().orElseThrow());
        assertEquals(false, OpaqueData.of(List.of(new OpaqueField(OpaqueData.VBIOS_VERSION, new byte[4])))
                .vbiosVersion().isPresent());
    }

    @Test
    void cStringStopsAtNulAndMasksWhatIsNotPrintableAscii() {
        assertEquals("550.90.07", OpaqueData.cString("550.90.07\0\0junk".getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
        assertEquals("a?b?c?", OpaqueData.cString(new byte[] {'a', 0x1f, 'b', 0x7f, 'c', (byte) 0xe9}));
        assertEquals("", OpaqueData.cString(new byte[0]));
        assertEquals("", OpaqueData.cString(new byte[] {0, 'x'}));
    }
}
