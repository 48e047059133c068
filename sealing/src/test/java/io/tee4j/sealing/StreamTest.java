package io.tee4j.sealing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.tee4j.core.keys.KeyBinding;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class StreamTest {
    private static final int SEG = 256;
    private static final byte[] AAD = "stream-aad".getBytes(StandardCharsets.US_ASCII);

    private static Sealer sealer() throws SealingException {
        return Sealer.builder().keySource(TestKeys.released()).segmentSize(SEG).build();
    }

    private static byte[] seal(Sealer s, byte[] plain, int chunk) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (SealingOutputStream o = s.newSealingStream(out, AAD)) {
            for (int off = 0; off < plain.length; off += chunk) {
                o.write(plain, off, Math.min(chunk, plain.length - off));
            }
        }
        return out.toByteArray();
    }

    private static byte[] unseal(Sealer s, byte[] sealed, byte[] aad) throws SealingException, IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        s.unsealStream(new ByteArrayInputStream(sealed), out, aad);
        return out.toByteArray();
    }

    private static int headerLength(byte[] sealed) throws SealingException {
        return HeaderReader.parse(sealed).length();
    }

    @Test
    void roundTripAroundSegmentBoundaries() throws Exception {
        Sealer s = sealer();
        Random rnd = new Random(1);
        for (int len : new int[] {0, 1, SEG - 1, SEG, SEG + 1, 2 * SEG, 2 * SEG + 7, 10 * SEG, 10 * SEG + 255}) {
            byte[] plain = new byte[len];
            rnd.nextBytes(plain);
            for (int chunk : new int[] {1, 7, SEG, SEG + 1, 3 * SEG + 5, Math.max(1, len)}) {
                byte[] sealed = seal(s, plain, chunk);
                int segments = Math.max(1, (len + SEG - 1) / SEG);
                assertEquals(headerLength(sealed) + len + 16L * segments, sealed.length, "len " + len);
                assertArrayEquals(plain, unseal(s, sealed, AAD), "len " + len + " chunk " + chunk);
                assertArrayEquals(plain, s.unseal(sealed, AAD), "in memory, len " + len);
                if (len > SEG) {
                    assertEquals(sealed.length, s.seal(plain, AAD).length, "seal() gives the same encoding");
                }
                // byte-at-a-time reads
                try (SealingInputStream in = s.newUnsealingStream(new ByteArrayInputStream(sealed), AAD)) {
                    ByteArrayOutputStream got = new ByteArrayOutputStream();
                    for (int b; (b = in.read()) >= 0; ) {
                        got.write(b);
                    }
                    assertArrayEquals(plain, got.toByteArray());
                }
            }
        }
    }

    @Test
    void underlyingStreamThatReturnsFewBytes() throws Exception {
        Sealer s = sealer();
        byte[] plain = new byte[5 * SEG + 3];
        new Random(2).nextBytes(plain);
        byte[] sealed = seal(s, plain, 100);
        InputStream trickle = new ByteArrayInputStream(sealed) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                return super.read(b, off, Math.min(len, 3));
            }
        };
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        s.unsealStream(trickle, out, AAD);
        assertArrayEquals(plain, out.toByteArray());
    }

    @Test
    void truncationAnywhereRejected() throws Exception {
        Sealer s = sealer();
        byte[] plain = new byte[4 * SEG];
        new Random(3).nextBytes(plain);
        byte[] sealed = seal(s, plain, plain.length);
        for (int len = 0; len < sealed.length; len++) {
            byte[] cut = Arrays.copyOf(sealed, len);
            expectFailure(s, cut, AAD, "truncated to " + len);
        }
    }

    @Test
    void truncationAtSegmentBoundaryRejected() throws Exception {
        Sealer s = sealer();
        byte[] plain = new byte[3 * SEG + 10];
        new Random(4).nextBytes(plain);
        byte[] sealed = seal(s, plain, plain.length);
        int h = headerLength(sealed);
        for (int keep = 0; keep <= 3; keep++) {
            byte[] cut = Arrays.copyOf(sealed, h + keep * (SEG + 16));
            SealingException e = expectFailure(s, cut, AAD, "cut after " + keep + " segments");
            assertTrue(e instanceof SealedDataAuthenticationException, e.toString());
        }
    }

    @Test
    void reorderedSegmentsRejected() throws Exception {
        Sealer s = sealer();
        byte[] plain = new byte[4 * SEG + 9];
        new Random(5).nextBytes(plain);
        byte[] sealed = seal(s, plain, plain.length);
        int h = headerLength(sealed);
        int seg = SEG + 16;
        byte[] swapped = sealed.clone();
        System.arraycopy(sealed, h, swapped, h + seg, seg);
        System.arraycopy(sealed, h + seg, swapped, h, seg);
        expectFailure(s, swapped, AAD, "segments 0 and 1 swapped");
        byte[] dup = sealed.clone();
        System.arraycopy(sealed, h, dup, h + seg, seg);
        expectFailure(s, dup, AAD, "segment 0 repeated");
        // Drop a middle segment.
        byte[] dropped = new byte[sealed.length - seg];
        System.arraycopy(sealed, 0, dropped, 0, h + seg);
        System.arraycopy(sealed, h + 2 * seg, dropped, h + seg, sealed.length - h - 2 * seg);
        expectFailure(s, dropped, AAD, "segment 1 dropped");
    }

    @Test
    void segmentFromAnotherStreamRejected() throws Exception {
        Sealer s = sealer();
        byte[] plain = new byte[3 * SEG + 1];
        new Random(6).nextBytes(plain);
        byte[] a = seal(s, plain, plain.length);
        byte[] b = seal(s, plain, plain.length); // same key, same plaintext, other salt
        int h = headerLength(a);
        int seg = SEG + 16;
        for (int i = 0; i < 4; i++) {
            byte[] spliced = a.clone();
            int len = Math.min(seg, a.length - (h + i * seg));
            System.arraycopy(b, h + i * seg, spliced, h + i * seg, len);
            expectFailure(s, spliced, AAD, "segment " + i + " from another stream");
        }
        byte[] headerSwapped = a.clone();
        System.arraycopy(b, 0, headerSwapped, 0, h);
        expectFailure(s, headerSwapped, AAD, "header from another stream");
    }

    @Test
    void bytesAfterLastSegmentRejected() throws Exception {
        Sealer s = sealer();
        for (int len : new int[] {0, 10, SEG, 2 * SEG}) {
            byte[] sealed = seal(s, new byte[len], 64);
            for (int extra : new int[] {1, 16, SEG + 16}) {
                expectFailure(s, Arrays.copyOf(sealed, sealed.length + extra), AAD, len + " + " + extra);
            }
        }
    }

    @Test
    void everyHeaderByteAndSampledSegmentBytesAuthenticated() throws Exception {
        long seed = System.nanoTime();
        Random rnd = new Random(seed);
        Sealer s = TestKeys.simulatedSealer(KeyBinding.TCB_VERSION);
        Sealer small = Sealer.builder().keySource(TestKeys.simulated().build())
                .policy(s.policy()).allowSimulatedKeySource().segmentSize(SEG).build();
        byte[] plain = new byte[3 * SEG + 50];
        rnd.nextBytes(plain);
        byte[] sealed = seal(small, plain, 1000);
        int h = headerLength(sealed);
        for (int pos = 0; pos < sealed.length; pos = pos < h ? pos + 1 : pos + 1 + rnd.nextInt(23)) {
            byte[] bad = sealed.clone();
            bad[pos] ^= (byte) (1 << rnd.nextInt(8));
            expectFailure(small, bad, AAD, "seed " + seed + " byte " + pos);
        }
    }

    @Test
    void wrongAssociatedDataRejected() throws Exception {
        Sealer s = sealer();
        byte[] sealed = seal(s, new byte[1000], 1000);
        byte[] other = AAD.clone();
        other[3] ^= 0x20;
        expectFailure(s, sealed, other, "other AAD");
        expectFailure(s, sealed, new byte[0], "no AAD");
    }

    @Test
    void failureIsSticky() throws Exception {
        Sealer s = sealer();
        byte[] sealed = seal(s, new byte[3 * SEG], 1000);
        sealed[sealed.length - 1] ^= 1;
        try (SealingInputStream in = s.newUnsealingStream(new ByteArrayInputStream(sealed), AAD)) {
            byte[] buf = new byte[10 * SEG];
            SealingIOException first = assertThrows(SealingIOException.class, () -> {
                while (in.read(buf) >= 0) {
                    // drain
                }
            });
            assertTrue(first.sealingException() instanceof SealedDataAuthenticationException);
            assertThrows(SealingIOException.class, () -> in.read(buf));
        }
    }

    @Test
    void convenienceMethodsCloseNeitherStream() throws Exception {
        Sealer s = sealer();
        boolean[] closed = new boolean[2];
        ByteArrayOutputStream sealedOut = new ByteArrayOutputStream() {
            @Override
            public void close() {
                closed[0] = true;
            }
        };
        s.sealStream(new ByteArrayInputStream(new byte[1000]), sealedOut, AAD);
        InputStream sealedIn = new ByteArrayInputStream(sealedOut.toByteArray()) {
            @Override
            public void close() {
                closed[1] = true;
            }
        };
        ByteArrayOutputStream plain = new ByteArrayOutputStream();
        s.unsealStream(sealedIn, plain, AAD);
        assertArrayEquals(new byte[1000], plain.toByteArray());
        assertTrue(!closed[0] && !closed[1], "a caller's stream was closed");
    }

    @Test
    void writeAfterCloseFails() throws Exception {
        Sealer s = sealer();
        SealingOutputStream o = s.newSealingStream(new ByteArrayOutputStream(), AAD);
        o.close();
        assertThrows(IOException.class, () -> o.write(1));
    }

    /** An output that fails its {@code failAt}-th write (from 0) once, then accepts everything again. */
    static final class FailsOnce extends java.io.OutputStream {
        final ByteArrayOutputStream got = new ByteArrayOutputStream();
        private final int failAt;
        int writes;

        FailsOnce(int failAt) {
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

    /** How a caller drives the stream; every exception is swallowed, as a careless caller would. */
    private static void sealCarelessly(Sealer s, java.io.OutputStream out, byte[] plain, int chunk,
            List<Exception> thrown) {
        SealingOutputStream o;
        try {
            o = s.newSealingStream(out, AAD);
        } catch (Exception e) {
            thrown.add(e);
            return;
        }
        for (int off = 0; off < plain.length; off += chunk) {
            try {
                o.write(plain, off, Math.min(chunk, plain.length - off));
            } catch (Exception e) {
                thrown.add(e);
            }
        }
        try {
            o.close();
        } catch (Exception e) {
            thrown.add(e);
        }
    }

    /**
     * Issue 25 item 2: an output that fails once and recovers must never hold a stream that
     * authenticates as complete. For every write position: the failure is thrown, every later
     * write and the close throw it again, nothing more reaches the output, and what is there
     * never unseals.
     */
    @Test
    void failedWriteAtEveryPositionNeverLeavesAnAuthenticStream() throws Exception {
        Sealer s = sealer();
        byte[] plain = new byte[20 * SEG + 77];
        new Random(8).nextBytes(plain);
        for (int chunk : new int[] {plain.length, 100, SEG, 3 * SEG + 1}) {
            FailsOnce counting = new FailsOnce(-1);
            sealCarelessly(s, counting, plain, chunk, new java.util.ArrayList<>());
            assertArrayEquals(plain, unseal(s, counting.got.toByteArray(), AAD), "the clean run");
            for (int failAt = 0; failAt < counting.writes; failAt++) {
                String what = "chunk " + chunk + ", write " + failAt + " of " + counting.writes + " failed";
                FailsOnce out = new FailsOnce(failAt);
                List<Exception> thrown = new java.util.ArrayList<>();
                sealCarelessly(s, out, plain, chunk, thrown);
                assertFalse(thrown.isEmpty(), what + ": nothing thrown");
                assertEquals("injected failure of write " + failAt, thrown.get(0).getMessage(), what);
                for (Exception later : thrown.subList(1, thrown.size())) {
                    assertEquals(thrown.get(0), later.getCause(), what + ": a later call threw something else");
                }
                assertEquals(failAt + 1, out.writes, what + ": written to after the failure");
                if (failAt > 0) {
                    expectFailure(s, out.got.toByteArray(), AAD, what);
                }
            }
        }
    }

    /** The review's case: 100,000 bytes, the third write fails; try-with-resources must not seal a short stream. */
    @Test
    void thirdWriteFailingWithTryWithResourcesLeavesATruncatedStream() throws Exception {
        Sealer s = TestKeys.releasedSealer();
        FailsOnce out = new FailsOnce(2);
        IOException e = assertThrows(IOException.class, () -> {
            try (SealingOutputStream o = s.newSealingStream(out, AAD)) {
                o.write(new byte[100_000]);
            }
        });
        assertEquals("injected failure of write 2", e.getMessage());
        expectFailure(s, out.got.toByteArray(), AAD, "segment 1 lost");
    }

    static SealingException expectFailure(Sealer s, byte[] bad, byte[] aad, String what) {
        try {
            s.unseal(bad, aad);
            fail(what + ": accepted in memory");
        } catch (SealingException expected) {
            // the in-memory reader refuses it too
        } catch (RuntimeException e) {
            throw new AssertionError(what + ": unchecked in memory " + e, e);
        }
        try {
            unseal(s, bad, aad);
            fail(what + ": accepted");
            return null;
        } catch (SealingException expected) {
            return expected;
        } catch (IOException e) {
            throw new AssertionError(what + ": untyped IOException " + e, e);
        } catch (RuntimeException e) {
            throw new AssertionError(what + ": unchecked " + e, e);
        }
    }
}
