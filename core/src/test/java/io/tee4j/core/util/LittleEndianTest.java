package io.tee4j.core.util;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class LittleEndianTest {
    @Test
    void roundTripsAtOffsets() {
        byte[] b = new byte[16];
        LittleEndian.putU16(b, 1, 0xBEEF);
        LittleEndian.putU32(b, 3, 0xFFFFFFFEL);
        LittleEndian.putU64(b, 7, 0x8877665544332211L);
        assertEquals(0xBEEF, LittleEndian.u16(b, 1));
        assertEquals(0xEF, LittleEndian.u8(b, 1));
        assertEquals(0xFFFFFFFEL, LittleEndian.u32(b, 3));
        assertEquals(0x8877665544332211L, LittleEndian.u64(b, 7));
        assertEquals(0x11, b[7]);
    }

    @Test
    void outOfRangeOffsetsFailLoudly() {
        byte[] b = new byte[4];
        assertThrows(IndexOutOfBoundsException.class, () -> LittleEndian.u32(b, 1));
        assertThrows(IndexOutOfBoundsException.class, () -> LittleEndian.u64(b, 0));
        assertThrows(IndexOutOfBoundsException.class, () -> LittleEndian.putU32(b, -1, 0));
    }

    @Test
    void byteArrayHelpers() {
        byte[] b = {0, 0, 7, 0};
        assertArrayEquals(new byte[] {0, 7}, ByteArrays.slice(b, 1, 2));
        assertTrue(ByteArrays.allZero(b, 0, 2));
        assertFalse(ByteArrays.allZero(b));
        assertTrue(ByteArrays.allZero(new byte[0]));
        assertEquals(2, ByteArrays.firstNonZero(b, 0, 4));
        assertEquals(-1, ByteArrays.firstNonZero(b, 3, 4));
        assertThrows(IndexOutOfBoundsException.class, () -> ByteArrays.allZero(b, 2, 5));
        assertThrows(IndexOutOfBoundsException.class, () -> ByteArrays.firstNonZero(b, 3, 2));
        assertThrows(ArithmeticException.class, () -> ByteArrays.slice(b, 1, Integer.MAX_VALUE));
    }
}
