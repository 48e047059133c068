package io.tee4j.sealing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Issue 23 section 4: {@link Sealer#seal(ByteBuffer, byte[], ByteBuffer)} and
 * {@link Sealer#unseal(ByteBuffer, byte[], ByteBuffer)} on heap and direct buffers: the same
 * sealed bytes as the array forms, positions and limits honoured, clear refusals, in-place work,
 * and no plaintext left behind by a failure.
 */
class ByteBufferApiTest {
    private static final int SEG = 256;
    private static final byte[] AAD = "buffer-aad".getBytes(StandardCharsets.US_ASCII);
    private static final int[] LENGTHS = {0, 1, SEG - 1, SEG, SEG + 1, 5 * SEG, 7 * SEG + 13};
    private static final byte FILL = 0x5a;

    private static Sealer sealer() throws SealingException {
        return Sealer.builder().keySource(TestKeys.released()).segmentSize(SEG).build();
    }

    private static byte[] random(int len) {
        byte[] p = new byte[len];
        new Random(len).nextBytes(p);
        return p;
    }

    /** {@code content} at position {@code before} of a buffer with {@code after} spare bytes past its limit. */
    private static ByteBuffer placed(byte[] content, int before, int after, boolean direct) {
        int cap = before + content.length + after;
        ByteBuffer b = direct ? ByteBuffer.allocateDirect(cap) : ByteBuffer.allocate(cap);
        for (int i = 0; i < cap; i++) {
            b.put(i, FILL);
        }
        b.position(before);
        b.put(content);
        b.limit(before + content.length).position(before);
        return b;
    }

    /** An output buffer of {@code room} bytes from position {@code before}, filled with {@link #FILL}. */
    private static ByteBuffer room(int before, int room, int after, boolean direct) {
        ByteBuffer b = placed(new byte[0], before, room + after, direct);
        b.limit(before + room);
        return b;
    }

    private static byte[] bytes(ByteBuffer b, int from, int to) {
        byte[] out = new byte[to - from];
        ByteBuffer d = b.duplicate();
        d.clear();
        d.limit(to).position(from);
        d.get(out);
        return out;
    }

    @Test
    void roundTripWithPositionsAndLimitsOnEveryBufferKind() throws Exception {
        Sealer s = sealer();
        for (boolean directIn : new boolean[] {false, true}) {
            for (boolean directOut : new boolean[] {false, true}) {
                for (int len : LENGTHS) {
                    String what = "len " + len + " in " + (directIn ? "direct" : "heap") + " out "
                            + (directOut ? "direct" : "heap");
                    byte[] p = random(len);
                    ByteBuffer in = placed(p, 3, 7, directIn);
                    int sealedLength = (int) s.sealedLength(len);
                    ByteBuffer out = room(5, sealedLength + 9, 4, directOut);
                    assertEquals(sealedLength, s.seal(in, AAD, out), what);
                    assertEquals(3 + len, in.position(), "plaintext consumed, " + what);
                    assertEquals(5 + sealedLength, out.position(), "output advanced, " + what);
                    assertEquals(FILL, out.get(4), "byte before the output untouched, " + what);
                    assertEquals(FILL, bytes(out, 5 + sealedLength, 6 + sealedLength)[0], "byte after the output untouched, " + what);
                    byte[] sealed = bytes(out, 5, 5 + sealedLength);
                    assertArrayEquals(p, s.unseal(sealed, AAD), "the array form opens it, " + what);

                    ByteBuffer sealedIn = placed(s.seal(p, AAD), 2, 6, directIn);
                    assertEquals(len, s.unsealedLength(sealedIn), what);
                    assertEquals(2, sealedIn.position(), "unsealedLength leaves the position, " + what);
                    ByteBuffer plainOut = room(1, len + 3, 2, directOut);
                    assertEquals(len, s.unseal(sealedIn, AAD, plainOut), what);
                    assertEquals(sealedIn.limit(), sealedIn.position(), "sealed consumed, " + what);
                    assertEquals(1 + len, plainOut.position(), what);
                    assertArrayEquals(p, bytes(plainOut, 1, 1 + len), what);
                    assertEquals(FILL, plainOut.get(0), what);
                    assertEquals(FILL, bytes(plainOut, 1 + len, 2 + len)[0], what);
                }
            }
        }
    }

    @Test
    void readOnlyInputsWorkAndReadOnlyOutputsAreRefused() throws Exception {
        Sealer s = sealer();
        byte[] p = random(3 * SEG + 1);
        ByteBuffer out = ByteBuffer.allocate((int) s.sealedLength(p.length));
        assertEquals(out.capacity(), s.seal(ByteBuffer.wrap(p).asReadOnlyBuffer(), AAD, out));
        byte[] sealed = out.array();
        ByteBuffer plain = ByteBuffer.allocateDirect(p.length);
        assertEquals(p.length, s.unseal(ByteBuffer.wrap(sealed).asReadOnlyBuffer(), AAD, plain));
        assertArrayEquals(p, bytes(plain, 0, p.length));

        for (ByteBuffer readOnly : new ByteBuffer[] {ByteBuffer.allocate(sealed.length).asReadOnlyBuffer(),
                ByteBuffer.allocateDirect(sealed.length).asReadOnlyBuffer()}) {
            ByteBuffer in = ByteBuffer.wrap(p);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> s.seal(in, AAD, readOnly));
            assertTrue(e.getMessage().contains("read-only"), e.getMessage());
            assertEquals(0, in.position(), "nothing consumed");
            ByteBuffer sealedIn = ByteBuffer.wrap(sealed);
            e = assertThrows(IllegalArgumentException.class, () -> s.unseal(sealedIn, AAD, readOnly));
            assertTrue(e.getMessage().contains("read-only"), e.getMessage());
            assertEquals(0, sealedIn.position());
        }
    }

    @Test
    void tooSmallOutputsAreAClearIllegalArgumentAndWriteNothing() throws Exception {
        Sealer s = sealer();
        for (boolean direct : new boolean[] {false, true}) {
            for (int len : LENGTHS) {
                byte[] p = random(len);
                int sealedLength = (int) s.sealedLength(len);
                ByteBuffer in = ByteBuffer.wrap(p);
                ByteBuffer small = room(2, sealedLength - 1, 50, direct);
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> s.seal(in, AAD, small));
                assertTrue(e.getMessage().contains(sealedLength + " bytes needed"), e.getMessage());
                assertEquals(0, in.position());
                assertEquals(2, small.position());
                assertArrayEquals(filled(small.capacity()), bytes(small, 0, small.capacity()), "nothing written");
                if (len > 0) {
                    ByteBuffer sealed = ByteBuffer.wrap(s.seal(p, AAD));
                    ByteBuffer tooSmall = room(0, len - 1, 10, direct);
                    e = assertThrows(IllegalArgumentException.class, () -> s.unseal(sealed, AAD, tooSmall));
                    assertTrue(e.getMessage().contains(len + " bytes needed"), e.getMessage());
                    assertEquals(0, sealed.position());
                    assertArrayEquals(filled(tooSmall.capacity()), bytes(tooSmall, 0, tooSmall.capacity()));
                }
            }
        }
    }

    private static byte[] filled(int n) {
        byte[] b = new byte[n];
        Arrays.fill(b, FILL);
        return b;
    }

    @Test
    void theSameBufferAndUnsafeOverlapsOfHeapBuffersAreRefused() throws Exception {
        Sealer s = sealer();
        byte[] p = random(4 * SEG + 3);
        int sealedLength = (int) s.sealedLength(p.length);
        ByteBuffer both = ByteBuffer.allocate(2 * sealedLength);
        assertThrows(IllegalArgumentException.class, () -> s.seal(both, AAD, both));
        ByteBuffer sealedBoth = ByteBuffer.wrap(s.seal(p, AAD));
        assertThrows(IllegalArgumentException.class, () -> s.unseal(sealedBoth, AAD, sealedBoth));

        // Sealing into an output that starts before the plaintext but runs into it would
        // overwrite plaintext not yet read.
        byte[] array = new byte[2 * sealedLength];
        System.arraycopy(p, 0, array, 100, p.length);
        ByteBuffer plainAt100 = ByteBuffer.wrap(array, 100, p.length);
        ByteBuffer outAt50 = ByteBuffer.wrap(array, 50, sealedLength);
        assertThrows(IllegalArgumentException.class, () -> s.seal(plainAt100, AAD, outAt50));
        assertEquals(100, plainAt100.position());
        // Opening into an output that starts after the sealed bytes but inside them likewise.
        byte[] sealed = s.seal(p, AAD);
        byte[] array2 = new byte[2 * sealedLength];
        System.arraycopy(sealed, 0, array2, 0, sealed.length);
        byte[] before = array2.clone();
        assertThrows(IllegalArgumentException.class,
                () -> s.unseal(ByteBuffer.wrap(array2, 0, sealed.length), AAD, ByteBuffer.wrap(array2, 40, p.length)));
        assertArrayEquals(before, array2, "refused before anything was written");
    }

    /** In place through a duplicate (or a slice at the same start), on heap and direct memory. */
    @Test
    void inPlaceSealingAndOpeningAreCorrect() throws Exception {
        Sealer s = sealer();
        for (boolean direct : new boolean[] {false, true}) {
            for (int len : LENGTHS) {
                byte[] p = random(len);
                int sealedLength = (int) s.sealedLength(len);
                ByteBuffer memory = room(0, sealedLength + 8, 0, direct);
                memory.duplicate().position(8).put(p);
                ByteBuffer in = memory.duplicate();
                in.limit(8 + len).position(8);
                ByteBuffer out = memory.duplicate();
                out.position(8);
                assertEquals(sealedLength, s.seal(in, AAD, out), "in-place seal, len " + len);
                byte[] sealed = bytes(memory, 8, 8 + sealedLength);
                assertArrayEquals(p, s.unseal(sealed, AAD), "in-place seal gave a correct blob, len " + len);

                ByteBuffer sealedIn = memory.duplicate();
                sealedIn.limit(8 + sealedLength).position(8);
                ByteBuffer plainOut = memory.duplicate().slice();
                plainOut.position(8);
                assertEquals(len, s.unseal(sealedIn, AAD, plainOut), "in-place open, len " + len);
                assertArrayEquals(p, bytes(memory, 8, 8 + len), "len " + len);
            }
        }
    }

    /** A tampered byte anywhere, a wrong associated data, truncation, reordering: rejected, output zeroed. */
    @Test
    void forgeriesAreRejectedAndLeaveTheOutputZeroed() throws Exception {
        Sealer s = sealer();
        for (boolean direct : new boolean[] {false, true}) {
            for (int len : new int[] {SEG - 3, 4 * SEG + 17}) {
                byte[] p = random(len);
                byte[] sealed = s.seal(p, AAD);
                int header = HeaderReader.parse(sealed).length();
                for (int i = 0; i < sealed.length; i += (i < header ? 3 : 29)) {
                    byte[] bad = sealed.clone();
                    bad[i] ^= 0x01;
                    assertOpensToNothing(s, bad, AAD, len + 400, direct, "flipped byte " + i);
                }
                assertOpensToNothing(s, sealed, "other".getBytes(StandardCharsets.US_ASCII), len, direct, "other aad");
                if (len > SEG) {
                    int full = SEG + 16;
                    byte[] cut = Arrays.copyOf(sealed, header + 2 * full);
                    assertOpensToNothing(s, cut, AAD, len, direct, "cut at a segment boundary");
                    byte[] swapped = sealed.clone();
                    System.arraycopy(sealed, header, swapped, header + full, full);
                    System.arraycopy(sealed, header + full, swapped, header, full);
                    assertOpensToNothing(s, swapped, AAD, len, direct, "segments 0 and 1 swapped");
                }
            }
        }
    }

    private static void assertOpensToNothing(Sealer s, byte[] bad, byte[] aad, int room, boolean direct,
            String what) {
        ByteBuffer in = ByteBuffer.wrap(bad);
        ByteBuffer out = room(3, room, 2, direct);
        SealingException e = assertThrows(SealingException.class, () -> s.unseal(in, aad, out), what);
        assertTrue(e instanceof SealedDataAuthenticationException || e instanceof MalformedSealedDataException
                || e instanceof SealingPolicyException, "typed: " + e);
        assertEquals(0, in.position(), "sealed position unchanged, " + what);
        assertEquals(3, out.position(), "output position unchanged, " + what);
        byte[] got = bytes(out, 0, out.capacity());
        for (int i = 0; i < got.length; i++) {
            boolean zeroedOrUntouched = got[i] == 0 || got[i] == FILL;
            assertTrue(zeroedOrUntouched, "plaintext byte left at " + i + " after " + what);
        }
    }

    /** The default 16 KiB segments, 1 MiB through direct buffers: the same bytes the array form opens. */
    @Test
    void oneMebibyteThroughDirectBuffersWithDefaultSegments() throws Exception {
        Sealer s = Sealer.builder().keySource(TestKeys.released()).build();
        byte[] p = random(1 << 20);
        ByteBuffer in = ByteBuffer.allocateDirect(p.length).put(p).flip();
        ByteBuffer out = ByteBuffer.allocateDirect((int) s.sealedLength(p.length));
        s.seal(in, AAD, out);
        byte[] sealed = bytes(out, 0, out.capacity());
        assertArrayEquals(p, s.unseal(sealed, AAD));
        ByteBuffer back = ByteBuffer.allocateDirect(p.length);
        assertEquals(p.length, s.unseal(out.flip(), AAD, back));
        assertArrayEquals(p, bytes(back, 0, p.length));
    }
}
