package io.tee4j.sealing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Issue 23 section 4: the caller-buffer forms of seal and unseal, and the whole-stream copy loop
 * that now hands the sealing stream several segments per write. Same format, same checks.
 */
class BufferApiTest {
    private static final int SEG = 256;
    private static final byte[] AAD = "buffer-aad".getBytes(StandardCharsets.US_ASCII);
    private static final int[] LENGTHS = {0, 1, SEG - 1, SEG, SEG + 1, 5 * SEG, 7 * SEG + 13};

    private static Sealer sealer() throws SealingException {
        return Sealer.builder().keySource(TestKeys.released()).segmentSize(SEG).build();
    }

    private static byte[] random(int len) {
        byte[] p = new byte[len];
        new Random(len).nextBytes(p);
        return p;
    }

    @Test
    void roundTripWithOffsetsMatchesTheArrayForms() throws Exception {
        Sealer s = sealer();
        for (int len : LENGTHS) {
            byte[] p = random(len);
            byte[] buf = new byte[(int) s.sealedLength(len) + 11];
            int n = s.seal(p, AAD, buf, 5);
            assertEquals(s.sealedLength(len), n, "length " + len);
            byte[] sealed = Arrays.copyOfRange(buf, 5, 5 + n);
            assertArrayEquals(p, s.unseal(sealed, AAD), "array unseal of buffer seal, length " + len);
            assertEquals(len, s.unsealedLength(sealed));
            byte[] out = new byte[len + 9];
            Arrays.fill(out, (byte) 0x5a);
            assertEquals(len, s.unseal(sealed, AAD, out, 3));
            assertArrayEquals(p, Arrays.copyOfRange(out, 3, 3 + len), "length " + len);
            assertEquals(0x5a, out[2] & 0xff, "byte before the range untouched");
            assertEquals(0x5a, out[3 + len] & 0xff, "byte after the range untouched");
            byte[] fromArrayForm = s.seal(p, AAD);
            byte[] exact = new byte[len];
            assertEquals(len, s.unseal(fromArrayForm, AAD, exact, 0), "buffer unseal of array seal");
            assertArrayEquals(p, exact);
        }
    }

    @Test
    void tooSmallOutputBufferIsAClearIllegalArgument() throws Exception {
        Sealer s = sealer();
        for (int len : LENGTHS) {
            byte[] p = random(len);
            int sealedLength = (int) s.sealedLength(len);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> s.seal(p, AAD, new byte[sealedLength], 1));
            assertTrue(e.getMessage().contains(sealedLength + " bytes needed"), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> s.seal(p, AAD, new byte[sealedLength], -1));
            assertThrows(IllegalArgumentException.class, () -> s.seal(p, AAD, new byte[sealedLength], sealedLength + 1));
            byte[] sealed = s.seal(p, AAD);
            if (len > 0) {
                IllegalArgumentException u = assertThrows(IllegalArgumentException.class,
                        () -> s.unseal(sealed, AAD, new byte[len - 1], 0));
                assertTrue(u.getMessage().contains(len + " bytes needed"), u.getMessage());
            }
            assertThrows(IllegalArgumentException.class, () -> s.unseal(sealed, AAD, new byte[len], 1 + len));
        }
    }

    @Test
    void outputSharingAnInputArrayIsRefused() throws Exception {
        Sealer s = sealer();
        byte[] p = random(3 * SEG);
        byte[] big = new byte[(int) s.sealedLength(p.length) * 2];
        System.arraycopy(p, 0, big, 0, p.length);
        byte[] plainInBig = big;
        assertThrows(IllegalArgumentException.class, () -> s.seal(plainInBig, AAD, plainInBig, p.length));
        byte[] aadRoom = new byte[(int) s.sealedLength(p.length) + 64];
        assertThrows(IllegalArgumentException.class, () -> s.seal(p, aadRoom, aadRoom, 0));
        byte[] sealed = s.seal(p, AAD);
        byte[] sealedCopy = sealed.clone();
        assertThrows(IllegalArgumentException.class, () -> s.unseal(sealed, AAD, sealed, 0));
        assertArrayEquals(sealedCopy, sealed, "refused before anything was written");
        byte[] aadSized = new byte[p.length];
        assertThrows(IllegalArgumentException.class, () -> s.unseal(sealed, aadSized, aadSized, 0));
    }

    /** A tampered byte anywhere (header, any segment, tag) fails, and no plaintext is left in the buffer. */
    @Test
    void tamperedDataIsRejectedAndLeavesNoPlaintext() throws Exception {
        Sealer s = sealer();
        for (int len : new int[] {SEG - 3, 4 * SEG + 17}) {
            byte[] p = random(len);
            Arrays.fill(p, 0, Math.min(len, 2 * SEG), (byte) 0x77);
            byte[] sealed = s.seal(p, AAD);
            int header = HeaderReader.parse(sealed).length();
            for (int i = 0; i < sealed.length; i += (i < header ? 1 : 37)) {
                byte[] bad = sealed.clone();
                bad[i] ^= 0x01;
                // Sized as documented, from the (tampered) data itself: a changed segment size changes it.
                int room = unsealedLengthOrZero(s, bad);
                byte[] out = new byte[room + 4];
                SealingException e = assertThrows(SealingException.class, () -> s.unseal(bad, AAD, out, 2),
                        "flipped byte " + i + " of " + sealed.length);
                assertTrue(e instanceof SealedDataAuthenticationException || e instanceof MalformedSealedDataException
                        || e instanceof SealingPolicyException, "typed: " + e);
                assertArrayEquals(new byte[out.length], out, "plaintext left after flipping byte " + i);
            }
            byte[] out = new byte[len];
            assertThrows(SealedDataAuthenticationException.class,
                    () -> s.unseal(sealed, "other".getBytes(StandardCharsets.US_ASCII), out, 0));
            assertArrayEquals(new byte[len], out);
            byte[] truncated = Arrays.copyOf(sealed, sealed.length - 1 - (len > SEG ? SEG + 16 : 0));
            assertThrows(SealedDataAuthenticationException.class, () -> s.unseal(truncated, AAD, new byte[len], 0));
            byte[] cut = Arrays.copyOf(sealed, header + 15);
            assertThrows(SealedDataAuthenticationException.class, () -> s.unsealedLength(cut));
        }
    }

    private static int unsealedLengthOrZero(Sealer s, byte[] sealed) {
        try {
            return s.unsealedLength(sealed);
        } catch (SealingException e) {
            return 0;
        }
    }

    /** The last segment of a failed stream is never written: the copy loop's bigger writes change nothing. */
    @Test
    void sealStreamWithAFailedWriteNeverAuthenticates() throws Exception {
        Sealer s = sealer();
        byte[] p = random(23 * SEG + 5);
        FailsAt clean = new FailsAt(-1);
        s.sealStream(new ByteArrayInputStream(p), clean, AAD);
        assertEquals(1 + 24, clean.writes, "header, then one write per segment");
        for (int failAt = 1; failAt < clean.writes; failAt++) {
            FailsAt out = new FailsAt(failAt);
            assertThrows(IOException.class, () -> s.sealStream(new ByteArrayInputStream(p), out, AAD));
            byte[] written = out.got.toByteArray();
            assertThrows(SealingException.class, () -> s.unseal(written, AAD, new byte[p.length], 0),
                    "write " + failAt + " failed, yet the output authenticated");
        }
        byte[] back = new byte[p.length];
        assertEquals(p.length, s.unseal(clean.got.toByteArray(), AAD, back, 0));
        assertArrayEquals(p, back);
        ByteArrayOutputStream streamed = new ByteArrayOutputStream();
        s.unsealStream(new ByteArrayInputStream(clean.got.toByteArray()), streamed, AAD);
        assertArrayEquals(p, streamed.toByteArray());
    }

    /** An output that fails its {@code failAt}-th write once, then records everything again. */
    private static final class FailsAt extends OutputStream {
        final ByteArrayOutputStream got = new ByteArrayOutputStream();
        private final int failAt;
        private int writes;

        FailsAt(int failAt) {
            this.failAt = failAt;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            if (writes++ == failAt) {
                throw new IOException("injected failure of write " + failAt);
            }
            got.write(b, off, len);
        }
    }
}
