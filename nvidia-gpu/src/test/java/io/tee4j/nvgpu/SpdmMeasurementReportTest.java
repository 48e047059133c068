package io.tee4j.nvgpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tee4j.core.MalformedEvidenceException;
import io.tee4j.nvgpu.abi.MeasurementBlock;
import io.tee4j.nvgpu.abi.OpaqueData;
import io.tee4j.nvgpu.abi.SpdmMeasurementReport;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SpdmMeasurementReportTest {
    private static final HexFormat HEX = HexFormat.of();

    @Test
    void parsesTheRealH100Report() throws Exception {
        byte[] raw = Vectors.report();
        assertEquals(4117, raw.length);
        SpdmMeasurementReport r = SpdmMeasurementReport.parse(raw);
        assertEquals(64, r.blocks().size());
        for (int i = 0; i < 64; i++) {
            MeasurementBlock b = r.blocks().get(i);
            assertEquals(i + 1, b.index());
            assertEquals(MeasurementBlock.SPEC_DMTF, b.specification());
            assertEquals(48, b.valueLength());
        }
        assertArrayEquals(Vectors.REPORT_NONCE, r.requestNonce());
        assertEquals("b4b8a06aaaa35542839388e159d447a5d6f6194998fd86513e2d591ccf640985", HEX.formatHex(r.responseNonce()));
        assertEquals(0xff, r.requestParam2());
        assertEquals(0, r.slotId());
        OpaqueData o = r.opaqueData();
        assertEquals("550.90.07", o.driverVersion().orElseThrow());
        assertEquals("96.00.9F.00.01", o.vbiosVersion().orElseThrow());
        assertEquals("1010", o.project().orElseThrow());
        assertEquals("0200", o.projectSku().orElseThrow());
        assertEquals("882", o.chipSku().orElseThrow());
        assertEquals("0", o.chipSkuMod().orElseThrow());
        assertEquals(Vectors.FWID, HEX.formatHex(o.fwid().orElseThrow()));
        assertEquals("b1030000", HEX.formatHex(o.bytes(OpaqueData.BOARD_ID).orElseThrow()));
        assertEquals("8001000000000000", HEX.formatHex(o.bytes(OpaqueData.GPU_INFO).orElseThrow()));
        assertEquals("00c00100", HEX.formatHex(o.bytes(OpaqueData.CPRINFO).orElseThrow()));
        assertEquals(256, o.bytes(OpaqueData.MSRSCNT).orElseThrow().length);
        assertTrue(o.nvdec0Disabled());
        assertTrue(o.opaqueDataVersion().isEmpty());
        assertEquals(14, o.fields().size());
        assertEquals(4117 - 96, r.signedLength());
        assertEquals(0, r.trailingZeroBytes());
        // Block 10 as in Trustee's expected claims.
        assertEquals("059b32e712a153f490dbfb7976a9e275d789e28bd4803c357def2b6123327c430526bfaecc200f496d4e149fc5eade03",
                HEX.formatHex(r.block(10).value()));
    }

    @Test
    void trailingZeroByteIsToleratedAndCounted() throws Exception {
        byte[] raw = Arrays.copyOf(Vectors.report(), 4118);
        SpdmMeasurementReport r = SpdmMeasurementReport.parse(raw);
        assertEquals(1, r.trailingZeroBytes());
        assertEquals(4117 - 96, r.signedLength());
        assertArrayEquals(Arrays.copyOfRange(Vectors.report(), 4117 - 96, 4117), r.signature());
    }

    @Test
    void trailingNonZeroByteIsRefused() {
        byte[] raw = Arrays.copyOf(Vectors.report(), 4118);
        raw[4117] = 1;
        assertThrows(MalformedEvidenceException.class, () -> SpdmMeasurementReport.parse(raw));
    }

    @Test
    void unknownOpaqueTypesAreKept() throws Exception {
        // Rebuild the report with an extra opaque field of type 40 (no meaning known) and check it survives.
        // (Type 36 was used here while it was unknown; it is FEATURE_FLAG, see featureFlagIsNamedAndMayNotRepeat.)
        byte[] raw = Vectors.report();
        SpdmMeasurementReport r = SpdmMeasurementReport.parse(raw);
        int opaqueLenOffset = r.signedLength() - 422 - 2;
        byte[] extra = {40, 0, 2, 0, 0x12, 0x34};
        byte[] out = new byte[raw.length + extra.length];
        System.arraycopy(raw, 0, out, 0, r.signedLength());
        System.arraycopy(extra, 0, out, r.signedLength(), extra.length);
        System.arraycopy(raw, r.signedLength(), out, r.signedLength() + extra.length, 96);
        out[opaqueLenOffset] = (byte) ((422 + 6) & 0xff);
        out[opaqueLenOffset + 1] = (byte) ((422 + 6) >> 8);
        SpdmMeasurementReport r2 = SpdmMeasurementReport.parse(out);
        assertEquals("UNKNOWN_40", r2.opaqueData().field(40).orElseThrow().name());
        assertEquals("1234", HEX.formatHex(r2.opaqueData().bytes(40).orElseThrow()));
    }

    @Test
    void featureFlagIsNamedAndMayNotRepeat() throws Exception {
        // Before: UNKNOWN_36, and two copies were kept, so readers could disagree on the GPU's mode.
        SpdmMeasurementReport r = withExtraOpaque(new byte[] {36, 0, 2, 0, 2, 0});
        assertEquals("FEATURE_FLAG", r.opaqueData().field(36).orElseThrow().name());
        assertEquals("PPCIE", io.tee4j.nvgpu.abi.ProtectedPcieFields.featureFlag(r.opaqueData()).orElseThrow());
        assertThrows(MalformedEvidenceException.class, () -> withExtraOpaque(new byte[] {36, 0, 1, 0, 1, 36, 0, 1, 0, 2}));
        for (int type : new int[] {21, 22, 23, 24, 25, 32, 33, 34, 35, 36}) {
            assertFalse(io.tee4j.nvgpu.abi.OpaqueData.typeName(type).startsWith("UNKNOWN"), "type " + type);
        }
    }

    @Test
    void duplicateInterpretedFieldIsRefusedButUnknownRepeatsAreKept() throws Exception {
        assertThrows(MalformedEvidenceException.class, () -> withExtraOpaque(new byte[] {20, 0, 1, 0, 0}));
        SpdmMeasurementReport r = withExtraOpaque(new byte[] {40, 0, 1, 0, 1, 40, 0, 1, 0, 2});
        assertEquals(2, r.opaqueData().fields().stream().filter(f -> f.type() == 40).count());
    }

    private static SpdmMeasurementReport withExtraOpaque(byte[] extra) throws MalformedEvidenceException {
        byte[] raw = Vectors.report();
        int signed = raw.length - 96;
        int opaqueLenOffset = signed - 422 - 2;
        byte[] out = new byte[raw.length + extra.length];
        System.arraycopy(raw, 0, out, 0, signed);
        System.arraycopy(extra, 0, out, signed, extra.length);
        System.arraycopy(raw, signed, out, signed + extra.length, 96);
        out[opaqueLenOffset] = (byte) ((422 + extra.length) & 0xff);
        out[opaqueLenOffset + 1] = (byte) ((422 + extra.length) >> 8);
        return SpdmMeasurementReport.parse(out);
    }

    @Test
    void everyTruncationIsMalformed() {
        byte[] raw = Vectors.report();
        for (int len = 0; len < raw.length; len++) {
            byte[] cut = Arrays.copyOf(raw, len);
            assertThrows(MalformedEvidenceException.class, () -> SpdmMeasurementReport.parse(cut), "length " + len);
        }
    }

    @Test
    void aTruncatedReportNamesTheFieldItEndsIn() {
        byte[] raw = Vectors.report();
        byte[] cut = Arrays.copyOf(raw, raw.length - 10);
        MalformedEvidenceException e = assertThrows(MalformedEvidenceException.class,
                () -> SpdmMeasurementReport.parse(cut));
        assertTrue(e.getMessage().startsWith("signature: needs 96 bytes"),
                e.getMessage());
    }

    @Test
    void headerFieldsAreChecked() {
        int[] offsets = {0, 1, 3 - 2, 37, 38};
        for (int off : offsets) {
            byte[] raw = Vectors.report();
            raw[off] ^= 0x40;
            assertThrows(MalformedEvidenceException.class, () -> SpdmMeasurementReport.parse(raw), "offset " + off);
        }
        byte[] noSig = Vectors.report();
        noSig[2] = 0;
        assertThrows(MalformedEvidenceException.class, () -> SpdmMeasurementReport.parse(noSig));
    }

    @Test
    void randomMutationsNeverEscapeUnchecked() {
        long seed = new Random().nextLong();
        Random rnd = new Random(seed);
        byte[] base = Vectors.report();
        for (int i = 0; i < 3000; i++) {
            byte[] m = base.clone();
            int flips = 1 + rnd.nextInt(4);
            for (int f = 0; f < flips; f++) {
                m[rnd.nextInt(Math.min(m.length, 3600))] = (byte) rnd.nextInt(256);
            }
            try {
                SpdmMeasurementReport.parse(m);
            } catch (MalformedEvidenceException expected) {
                // fine
            } catch (RuntimeException e) {
                throw new AssertionError("seed " + seed + " iteration " + i, e);
            }
        }
        assertFalse(base.length == 0);
    }
}
