package io.tee4j.measure.ovmf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tee4j.core.MalformedEvidenceException;
import io.tee4j.measure.TestFirmware;
import io.tee4j.measure.Vectors;
import java.util.List;
import org.junit.jupiter.api.Test;

class OvmfFooterTableTest {
    private static final Guid A = Guid.parse("00f771de-1a7e-4fcb-890e-68c77e2fb44e");
    private static final Guid B = Guid.parse("7255371f-3a3b-4b04-927b-1da6efa8d454");

    @Test
    void guidUsesTheEfiMixedEndianLayout() {
        assertEquals("de82b596b21ff745baeaa366c55a082d", Vectors.hex(OvmfFooterTable.FOOTER.stored()));
        assertEquals("96b582de-1fb2-45f7-baea-a366c55a082d", OvmfFooterTable.FOOTER.toString());
    }

    @Test
    void readsTheAmdSevSuffixEntries() throws Exception {
        OvmfFooterTable t = OvmfFooterTable.parse(Vectors.bytes("sev-snp-measure/ovmf_AmdSev_suffix.bin"));
        assertEquals(0x0080B004L, t.u32(A, "reset").getAsLong());
        assertEquals(0x00810C00L, t.u32(B, "hash table").getAsLong());
        assertEquals(5, t.entries().size());
    }

    @Test
    void noFooterMeansNoTable() throws Exception {
        assertTrue(OvmfFooterTable.parse(new byte[8192]).isEmpty());
        assertTrue(OvmfFooterTable.parse(new byte[10]).isEmpty());
        assertTrue(OvmfFooterTable.parse(new byte[0]).isEmpty());
    }

    @Test
    void entriesAreWalkedBackwardsFromTheFooter() throws Exception {
        byte[] img = new TestFirmware(4096).entry(A, TestFirmware.u32(1)).entry(B, TestFirmware.u32(2)).build();
        OvmfFooterTable t = OvmfFooterTable.parse(img);
        assertEquals(List.of(B, A), List.copyOf(t.entries().keySet()));
        assertArrayEquals(TestFirmware.u32(1), t.entry(A).get());
    }

    @Test
    void footerLengthBeyondTheImageIsMalformed() {
        byte[] img = new TestFirmware(4096).entry(A, TestFirmware.u32(1)).build(0xFFFF);
        MalformedEvidenceException e = assertThrows(MalformedEvidenceException.class, () -> OvmfFooterTable.parse(img));
        assertTrue(e.getMessage().contains("before the start"), e.getMessage());
    }

    @Test
    void entryShorterThanItsTrailerIsMalformed() {
        byte[] raw = new byte[18];
        raw[0] = 17;
        System.arraycopy(A.stored(), 0, raw, 2, 16);
        byte[] img = new TestFirmware(4096).rawEntry(raw).build();
        assertThrows(MalformedEvidenceException.class, () -> OvmfFooterTable.parse(img));
    }

    @Test
    void entryLongerThanTheTableIsMalformed() {
        byte[] raw = new byte[22];
        raw[4] = 100;
        System.arraycopy(A.stored(), 0, raw, 6, 16);
        byte[] img = new TestFirmware(4096).rawEntry(raw).build();
        MalformedEvidenceException e = assertThrows(MalformedEvidenceException.class, () -> OvmfFooterTable.parse(img));
        assertTrue(e.getMessage().contains("runs past"), e.getMessage());
    }

    @Test
    void aGuidThatOccursTwiceIsMalformed() {
        // Which copy wins differs between the references (Python dict vs. first match), so refuse.
        byte[] img = new TestFirmware(4096).entry(B, TestFirmware.u32(0x810C00)).entry(B, TestFirmware.u32(0)).build();
        MalformedEvidenceException e = assertThrows(MalformedEvidenceException.class, () -> OvmfFooterTable.parse(img));
        assertTrue(e.getMessage().contains("twice"), e.getMessage());
    }

    @Test
    void anEntryTooShortForItsValueIsMalformed() throws Exception {
        byte[] img = new TestFirmware(4096).entry(A, new byte[2]).build();
        OvmfFooterTable t = OvmfFooterTable.parse(img);
        assertThrows(MalformedEvidenceException.class, () -> t.u32(A, "reset"));
    }
}
