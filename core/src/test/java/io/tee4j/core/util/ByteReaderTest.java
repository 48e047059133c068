package io.tee4j.core.util;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tee4j.core.MalformedEvidenceException;
import org.junit.jupiter.api.Test;

class ByteReaderTest {
    private static final byte[] SAMPLE = {
        0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, (byte) 0xF1, (byte) 0xF2, (byte) 0xF3, (byte) 0xF4,
        (byte) 0xF5, (byte) 0xF6, (byte) 0xF7, (byte) 0xF8};

    @FunctionalInterface
    interface Read {
        void run(ByteReader r) throws MalformedEvidenceException;
    }

    @Test
    void readsLittleAndBigEndianIntegers() throws Exception {
        ByteReader r = ByteReader.of(SAMPLE);
        assertEquals(0x01, r.u8("a"));
        assertEquals(0x0302, r.u16("b"));
        assertEquals(0x060504, r.u24("c"));
        assertEquals(6, r.position());
        r.skip(2, "pad");
        assertEquals(0xF4F3F2F1L, r.u32("d"));
        assertEquals(4, r.remaining());
        r = ByteReader.of(SAMPLE);
        assertEquals(0x0807060504030201L, r.u64("e"));
        assertEquals(0xF8F7F6F5F4F3F2F1L, r.u64("f"));
        assertFalse(r.hasRemaining());
        r.requireEnd("end");
        r = ByteReader.of(SAMPLE);
        assertEquals(0x0102, r.u16Be("g"));
        assertEquals(0x03040506L, r.u32Be("h"));
        r.skip(2, "i");
        assertEquals(0xF1F2F3F4F5F6F7F8L, r.u64Be("j"));
    }

    @Test
    void unsignedValuesStayUnsigned() throws Exception {
        byte[] ff = {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF};
        assertEquals(0xFFFFFFFFL, ByteReader.of(ff).u32("x"));
        assertEquals(0xFFFF, ByteReader.of(ff).u16("x"));
        assertEquals(0xFF, ByteReader.of(ff).u8("x"));
        assertEquals(0xFFFFFF, ByteReader.of(ff).u24("x"));
        assertEquals(0xFFFFFFFFL, ByteReader.of(ff).u32Be("x"));
    }

    /** Every fixed-size read, at every offset where it no longer fits, fails typed and says field and offset. */
    @Test
    void truncatedReadAtEveryOffsetIsMalformedNamingFieldAndOffset() {
        int[] sizes = {1, 2, 3, 4, 8, 2, 4, 8, 5};
        Read[] reads = {r -> r.u8("field"), r -> r.u16("field"), r -> r.u24("field"), r -> r.u32("field"),
            r -> r.u64("field"), r -> r.u16Be("field"), r -> r.u32Be("field"), r -> r.u64Be("field"),
            r -> r.bytes(5, "field")};
        for (int k = 0; k < reads.length; k++) {
            for (int len = 0; len < sizes[k]; len++) {
                for (int start = 0; start + len <= SAMPLE.length; start++) {
                    int s = start;
                    int e = start + len;
                    Read read = reads[k];
                    MalformedEvidenceException ex = assertThrows(MalformedEvidenceException.class,
                            () -> read.run(ByteReader.of(SAMPLE, s, e, "slice")));
                    assertTrue(ex.getMessage().startsWith("field:"), ex.getMessage());
                    assertTrue(ex.getMessage().contains("offset " + s), ex.getMessage());
                }
            }
        }
    }

    @Test
    void aFailedReadDoesNotMoveTheCursor() throws Exception {
        ByteReader r = ByteReader.of(SAMPLE, 0, 3, "slice");
        r.u16("a");
        assertThrows(MalformedEvidenceException.class, () -> r.u16("b"));
        assertEquals(2, r.position());
        assertEquals(3, r.u8("c"));
    }

    @Test
    void sliceBoundsFromTheInputAreCheckedNotTrusted() {
        for (int[] bad : new int[][] {{-1, 4}, {4, 3}, {0, 17}, {17, 17}, {Integer.MIN_VALUE, 0},
                {0, Integer.MAX_VALUE}}) {
            MalformedEvidenceException e = assertThrows(MalformedEvidenceException.class,
                    () -> ByteReader.of(SAMPLE, bad[0], bad[1], "table"));
            assertTrue(e.getMessage().startsWith("table:"), e.getMessage());
        }
    }

    @Test
    void negativeAndHugeLengthsAreMalformedNotUnchecked() throws Exception {
        ByteReader r = ByteReader.of(SAMPLE);
        r.u8("first");
        for (int n : new int[] {-1, Integer.MIN_VALUE, 16, Integer.MAX_VALUE}) {
            assertThrows(MalformedEvidenceException.class, () -> r.skip(n, "skip"));
            assertThrows(MalformedEvidenceException.class, () -> r.bytes(n, "bytes"));
            assertThrows(MalformedEvidenceException.class, () -> r.slice(n, "slice"));
            assertThrows(MalformedEvidenceException.class, () -> r.requireZero(n, "zero"));
            assertThrows(MalformedEvidenceException.class, () -> r.skip(n, "entry ", 3));
            assertThrows(MalformedEvidenceException.class, () -> r.bytes(n, "entry ", 3));
        }
        assertEquals(1, r.position());
        MalformedEvidenceException e = assertThrows(MalformedEvidenceException.class, () -> r.skip(-5, "len"));
        assertTrue(e.getMessage().contains("negative"), e.getMessage());
    }

    @Test
    void numberedFieldNamesAreBuiltOnFailure() throws Exception {
        ByteReader r = ByteReader.of(new byte[] {1, 0, 2});
        assertEquals(1, r.u16("block ", 0));
        MalformedEvidenceException e = assertThrows(MalformedEvidenceException.class, () -> r.u16("block ", 7));
        assertTrue(e.getMessage().startsWith("block 7: needs 2 bytes at offset 2 but 1 remain"), e.getMessage());
        assertEquals(2, r.u8("block ", 8));
        assertThrows(MalformedEvidenceException.class, () -> r.u32("block ", 9));
    }

    @Test
    void lengthsTakenFromTheInputAreCapped() throws Exception {
        byte[] b = {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 5, 0, 0, 0};
        ByteReader r = ByteReader.of(b);
        MalformedEvidenceException e = assertThrows(MalformedEvidenceException.class,
                () -> r.u32AtMost(1 << 20, "count"));
        assertTrue(e.getMessage().contains("4294967295 at offset 0 exceeds the limit 1048576"), e.getMessage());
        assertEquals(0, r.position());
        r.skip(4, "x");
        assertEquals(5, r.u32AtMost(5, "count"));
    }

    @Test
    void requireZeroNamesTheFirstNonZeroByte() throws Exception {
        byte[] b = {0, 0, 0, 0, 0, 9, 0};
        ByteReader r = ByteReader.of(b);
        r.requireZero(5, "reserved1");
        MalformedEvidenceException e = assertThrows(MalformedEvidenceException.class,
                () -> ByteReader.of(b).skip(1, "x").requireZero(6, "reserved2"));
        assertTrue(e.getMessage().contains("reserved2: must be zero but byte 4 (offset 5) is 0x9"), e.getMessage());
        r.requireZero(0, "empty");
        assertEquals(5, r.position());
    }

    @Test
    void slicesSeeOnlyTheirRangeAndAdvanceTheParent() throws Exception {
        ByteReader r = ByteReader.of(SAMPLE);
        r.skip(2, "head");
        ByteReader sub = r.slice(4, "record");
        assertEquals(6, r.position());
        assertEquals(2, sub.position());
        assertArrayEquals(new byte[] {3, 4, 5, 6}, sub.bytes(4, "all"));
        MalformedEvidenceException e = assertThrows(MalformedEvidenceException.class, () -> sub.u8("past"));
        assertTrue(e.getMessage().contains("offset 6 but 0 remain"), e.getMessage());
        assertThrows(MalformedEvidenceException.class, () -> sub.seek(1, "back"));
        assertThrows(MalformedEvidenceException.class, () -> sub.seek(7, "forward"));
        sub.seek(5, "last");
        assertEquals(6, sub.u8("last"));
    }

    @Test
    void bytesAreCopies() throws Exception {
        byte[] b = {1, 2, 3};
        byte[] got = ByteReader.of(b).bytes(3, "all");
        got[0] = 9;
        assertEquals(1, b[0]);
    }

    @Test
    void trailingBytesAreReported() throws Exception {
        ByteReader r = ByteReader.of(SAMPLE);
        r.skip(15, "x");
        MalformedEvidenceException e = assertThrows(MalformedEvidenceException.class, () -> r.requireEnd("report"));
        assertTrue(e.getMessage().contains("1 unexpected trailing bytes at offset 15"), e.getMessage());
    }
}
