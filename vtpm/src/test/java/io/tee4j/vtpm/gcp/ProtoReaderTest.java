package io.tee4j.vtpm.gcp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.tee4j.core.MalformedEvidenceException;
import org.junit.jupiter.api.Test;

class ProtoReaderTest {
    @Test
    void readsALengthDelimitedField() throws Exception {
        ProtoReader r = new ProtoReader(new byte[] {0x0A, 2, 7, 8}, "test");
        assertEquals(1, r.next());
        assertArrayEquals(new byte[] {7, 8}, r.bytes(1));
        assertEquals(-1, r.next());
    }

    /**
     * A ten-byte varint length of 2^63 + 2 is negative as a long; its low 32 bits are 2. It must be refused
     * (protobuf does), not read as a 2-byte field.
     */
    @Test
    void refusesALengthThatOverflowsToNegative() throws Exception {
        byte[] msg = {0x0A, (byte) 0x82, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80,
                (byte) 0x80, (byte) 0x80, (byte) 0x80, 0x01, 7, 8};
        ProtoReader r = new ProtoReader(msg, "test");
        assertEquals(1, r.next());
        assertThrows(MalformedEvidenceException.class, () -> r.bytes(1));
    }
}
