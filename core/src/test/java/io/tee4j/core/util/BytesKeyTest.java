package io.tee4j.core.util;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** {@link BytesKey}: equal exactly when the bytes are, whatever the length (the hash reads 8 bytes at a time). */
class BytesKeyTest {

    @Test
    void everyOneBitFlipMakesAnotherKeyAtEveryLengthAndPosition() {
        Random random = new Random(23);
        for (int length = 0; length <= 41; length++) {
            byte[] bytes = new byte[length];
            random.nextBytes(bytes);
            BytesKey key = BytesKey.of(bytes);
            assertEquals(key, BytesKey.of(bytes.clone()));
            assertEquals(key.hashCode(), BytesKey.of(bytes.clone()).hashCode());
            for (int i = 0; i < length; i++) {
                for (int bit = 0; bit < 8; bit++) {
                    byte[] flipped = bytes.clone();
                    flipped[i] ^= (byte) (1 << bit);
                    assertNotEquals(key, BytesKey.of(flipped), "length " + length + " byte " + i + " bit " + bit);
                }
            }
        }
    }

    /** The hash reads every byte: a flip anywhere in a 4 KB key (a certificate chain and CRL) changes it here. */
    @Test
    void theHashCoversTheTailAndEveryWord() {
        byte[] bytes = new byte[4099];
        new Random(5).nextBytes(bytes);
        int hash = BytesKey.of(bytes).hashCode();
        int same = 0;
        for (int i = 0; i < bytes.length; i++) {
            byte[] flipped = bytes.clone();
            flipped[i] ^= 1;
            if (BytesKey.of(flipped).hashCode() == hash) {
                same++;
            }
        }
        assertEquals(0, same);
    }

    @Test
    void aKeyKeepsItsOwnCopy() {
        byte[] bytes = {1, 2, 3};
        BytesKey key = BytesKey.of(bytes);
        bytes[0] = 9;
        assertEquals(BytesKey.of(new byte[] {1, 2, 3}), key);
    }
}
