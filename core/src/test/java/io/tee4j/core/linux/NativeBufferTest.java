package io.tee4j.core.linux;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class NativeBufferTest {

    @Test
    void allocatedZeroFilled() {
        try (NativeBuffer b = NativeBuffer.allocate(4000)) {
            assertArrayEquals(new byte[4000], b.toByteArray());
            assertEquals(4000, b.size());
            assertFalse(b.isView());
            assertTrue(b.address() != 0);
        }
    }

    @Test
    void littleEndianLayout() {
        try (NativeBuffer b = NativeBuffer.allocate(32)) {
            b.putShort(0, (short) 0x0102).putInt(2, 0x03040506).putLong(6, 0x0708090A0B0C0D0EL).putU8(14, 0xFF);
            assertArrayEquals(new byte[] {2, 1, 6, 5, 4, 3, 0x0E, 0x0D, 0x0C, 0x0B, 0x0A, 9, 8, 7, (byte) 0xFF},
                    b.getBytes(0, 15));
            assertEquals((short) 0x0102, b.getShort(0));
            assertEquals(0x03040506, b.getInt(2));
            assertEquals(0x0708090A0B0C0D0EL, b.getLong(6));
            assertEquals(255, b.getU8(14));
            b.putInt(16, 0xFFFFFFFE);
            assertEquals(0xFFFFFFFEL, b.getU32(16));
            assertEquals(-2, b.getInt(16));
        }
    }

    @Test
    void seededRoundTripsAtEveryOffset() {
        long seed = System.nanoTime();
        Random r = new Random(seed);
        try (NativeBuffer b = NativeBuffer.allocate(64)) {
            for (int i = 0; i < 2000; i++) {
                int off = r.nextInt(57);
                long v = r.nextLong();
                b.putLong(off, v);
                assertEquals(v, b.getLong(off), "seed " + seed);
                byte[] expect = new byte[8];
                for (int k = 0; k < 8; k++) {
                    expect[k] = (byte) (v >>> (8 * k));
                }
                assertArrayEquals(expect, b.getBytes(off, 8), "seed " + seed);
                int iv = r.nextInt();
                b.putInt(off, iv);
                assertEquals(iv, b.getInt(off), "seed " + seed);
            }
        }
    }

    @Test
    void everyAccessIsBoundsChecked() {
        try (NativeBuffer b = NativeBuffer.allocate(16)) {
            Executable[] bad = {
                () -> b.getByte(16), () -> b.getByte(-1), () -> b.putByte(16, (byte) 0),
                () -> b.getShort(15), () -> b.putShort(15, (short) 0),
                () -> b.getInt(13), () -> b.putInt(13, 0), () -> b.getU32(-4),
                () -> b.getLong(9), () -> b.putLong(9, 0), () -> b.putLong(Integer.MAX_VALUE, 0),
                () -> b.getBytes(8, 9), () -> b.getBytes(0, -1), () -> b.getBytes(Integer.MAX_VALUE, 2),
                () -> b.putBytes(10, new byte[7]), () -> b.zero(1, 16),
            };
            for (Executable e : bad) {
                assertThrows(IndexOutOfBoundsException.class, e);
            }
            b.putLong(8, -1).getBytes(16, 0);
        }
    }

    @Test
    void viewsSeeAndChangeTheOwnersMemory() {
        try (NativeBuffer owner = NativeBuffer.allocate(16)) {
            owner.putInt(4, 42);
            NativeBuffer view = NativeBuffer.view(owner.address(), 16);
            assertTrue(view.isView());
            assertEquals(42, view.getInt(4));
            view.putLong(8, 7);
            assertEquals(7, owner.getLong(8));
            view.close();
            assertEquals(7, owner.getLong(8), "closing a view leaves the memory alone");
            assertThrows(IllegalStateException.class, () -> view.getInt(0));
            NativeBuffer small = NativeBuffer.view(owner.address(), 4);
            assertThrows(IndexOutOfBoundsException.class, () -> small.getInt(4));
        }
        assertThrows(IllegalArgumentException.class, () -> NativeBuffer.view(0, 4));
        assertThrows(IllegalArgumentException.class, () -> NativeBuffer.view(8, -1));
    }

    @Test
    void closeIsIdempotentAndRefusesLaterUse() {
        NativeBuffer b = NativeBuffer.copyOf(new byte[] {1, 2, 3});
        assertArrayEquals(new byte[] {1, 2, 3}, b.toByteArray());
        b.zero();
        assertArrayEquals(new byte[3], b.toByteArray());
        b.close();
        b.close();
        assertTrue(b.isClosed());
        assertThrows(IllegalStateException.class, b::address);
        assertThrows(IllegalStateException.class, () -> b.getByte(0));
        assertEquals("NativeBuffer[3 bytes, closed]", b.toString());
        assertThrows(IllegalArgumentException.class, () -> NativeBuffer.allocate(0));
        assertThrows(IllegalArgumentException.class, () -> NativeBuffer.copyOf(new byte[0]));
    }
}
