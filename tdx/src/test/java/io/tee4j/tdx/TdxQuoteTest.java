package io.tee4j.tdx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tee4j.core.MalformedEvidenceException;
import io.tee4j.tdx.abi.TdReport;
import io.tee4j.tdx.abi.TdReportBody;
import io.tee4j.tdx.abi.TdxQuote;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class TdxQuoteTest {

    @Test
    void everyVectorParses() throws Exception {
        for (String name : Vectors.QUOTES) {
            TdxQuote q = TdxQuote.parse(Vectors.quote(name));
            assertEquals(3, q.pckChain().size(), name);
            assertEquals(32, q.qeAuthData().length, name);
            assertEquals("939a7233f79c4ca9940a0db3957f0607", hex(q.qeVendorId()), name);
            assertEquals("dc9e2a7c6f948f17474e34a7fc43ed030f7c1563f1babddf6340c82e0e54a8c5", hex(q.qeReport().mrSigner()), name);
            assertEquals(2, q.qeReport().isvProdId(), name);
        }
    }

    @Test
    void sprE4FieldsAndTrailingBytes() throws Exception {
        TdxQuote q = TdxQuote.parse(Vectors.quote(Vectors.SPR_E4));
        assertEquals(4, q.version());
        assertEquals(2, q.bodyType());
        assertEquals(0x278, q.signedLength());
        assertEquals(39, q.trailingBytes());
        TdReportBody b = q.body();
        assertEquals("6363b8043668a3ad953278e10389574d326c6749fb78aa810ecd9336923db86f22fc00b8dcd404bc10d5e119d7215cbb",
                hex(b.mrTd()));
        assertEquals("2fd279c16164a93dd5bf373d834328d46008c2b693af9ebb865b08b2ced320c9a89b4869a9fab60fbe9d0c5a5363c656",
                hex(b.mrSeam()));
        assertEquals("6c62dec1b8191749a31dab490be532a35944dea47caef1f980863993d9899545eb7406a38d1eed313b987a467dacead6f0c87a6d766c66f6f29f8acb281f1113",
                hex(b.reportData()));
        assertEquals("739c3f292a15bace1f726351a70d4b7900000000", hex(q.userData()));
        assertEquals("03000400000000000000000000000000", hex(b.teeTcbSvn()));
        assertEquals(0x40000000L, b.tdAttributes().value());
        assertTrue(b.tdAttributes().pks());
        assertFalse(b.tdAttributes().debug());
        assertEquals(0x61ae7L, b.xfam().value());
        assertTrue(b.xfam().names().contains("AVX512_ZMM_HI256"));
        assertTrue(Bytes0.allZero(b.rtmr(3)));
        assertFalse(b.isTdx15());
        assertEquals(4, q.qeReport().isvSvn());
    }

    @Test
    void v5UsesShiftedOffsets() throws Exception {
        TdxQuote q = TdxQuote.parse(Vectors.quote(Vectors.V5_SAMPLE));
        assertEquals(5, q.version());
        assertEquals(3, q.bodyType());
        assertEquals(0x2BE, q.signedLength());
        assertEquals(0, q.trailingBytes());
        TdReportBody b = q.body();
        assertTrue(b.isTdx15());
        assertEquals("7348651a34b2d2d3462822e3a750ec6110125f36757c78480bbfc69cc0d21fb001a1ced3ee19747dda8f750c3bc8f876",
                hex(b.mrTd()));
        byte[] raw = Vectors.quote(Vectors.V5_SAMPLE);
        // MRTD at 0xB8 in v4, 0xBE in v5; REPORTDATA at 0x238 + 6.
        assertArrayEquals(Arrays.copyOfRange(raw, 0xBE, 0xBE + 48), b.mrTd());
        assertArrayEquals(Arrays.copyOfRange(raw, 0x23E, 0x23E + 64), b.reportData());
        assertEquals("0b010400000000000000000000000000", hex(b.teeTcbSvn()));
        assertEquals("0d010400000000000000000000000000", hex(b.teeTcbSvn2().orElseThrow()));
        assertTrue(Bytes0.allZero(b.mrServiceTd().orElseThrow()));
        assertEquals(7, q.qeReport().isvSvn());
    }

    @Test
    void trusteeQuotesKeyFields() throws Exception {
        TdxQuote q4 = TdxQuote.parse(Vectors.quote(Vectors.TRUSTEE_4));
        assertTrue(q4.body().tdAttributes().debug());
        assertEquals(4, q4.version());
        TdxQuote q5 = TdxQuote.parse(Vectors.quote(Vectors.TRUSTEE_5));
        assertEquals(5, q5.version());
        assertEquals("dfba221b48a22af8511542ee796603f37382800840dcd978703909bf8e64d4c8a1e9de86e7c9638bfcba422f3886400a",
                hex(q5.body().mrTd()));
        TdxQuote q6 = TdxQuote.parse(Vectors.quote(Vectors.TRUSTEE_6));
        assertEquals(70, q6.trailingBytes());
        assertEquals("05030200000000000000000000000000", hex(q6.body().teeTcbSvn()));
    }

    @Test
    void rejectsSgxAndUnknownTypes() {
        byte[] q = Vectors.quote(Vectors.PHALA);
        byte[] sgx = q.clone();
        sgx[4] = 0;
        assertMessage(sgx, "SGX quote");
        byte[] v3 = q.clone();
        v3[0] = 3;
        assertMessage(v3, "SGX quote");
        byte[] v6 = q.clone();
        v6[0] = 6;
        assertMessage(v6, "unsupported quote version 6");
        byte[] tee = q.clone();
        tee[4] = 0x7f;
        assertMessage(tee, "unknown TEE type");
        byte[] key = q.clone();
        key[2] = 3;
        assertMessage(key, "attestation key type 3");
        byte[] v5 = Vectors.quote(Vectors.V5_SAMPLE);
        v5[0x30] = 1;
        assertMessage(v5, "body type 1");
        v5[0x30] = 9;
        assertMessage(v5, "unknown quote v5 body type 9");
    }

    @Test
    void rejectsLengthMismatches() {
        byte[] q = Vectors.quote(Vectors.SPR_E4);
        byte[] m = q.clone();
        m[0x278] = 0x10; // go-tdx-guest negative case: certification-data size mismatch
        assertThrows(MalformedEvidenceException.class, () -> TdxQuote.parse(m));
        for (int len = 0; len < 0x27C + 200; len += 7) {
            byte[] t = Arrays.copyOf(q, len);
            assertThrows(MalformedEvidenceException.class, () -> TdxQuote.parse(t), "length " + len);
        }
        byte[] c = q.clone();
        c[0x27C + 128] = 5;
        assertMessage(c, "certification data type 5");
    }

    @Test
    void tdReportHashesAreChecked() throws Exception {
        byte[] raw = Vectors.bytes("intel-dcap/tdreport_for_test.dat");
        TdReport r = TdReport.parse(raw);
        assertEquals("bb1249bde960ef9b22d56eefb94b7f40ca3b528b31e6e4af0babb075c02ce5c1f63681101779927ea604f5aa49ec95b3",
                hex(r.mrTd()));
        assertEquals("05050f1103ff00040000000000000000", hex(r.cpuSvn()));
        assertEquals("48fa69949db08002ee84252847f572988b1d6e568ec1353f64cb6c0fd905375f69ad959c0eaf7747ac70a392789302a1",
                hex(r.mrSeam()));
        assertEquals(0x0000005000000000L, Long.reverseBytes(r.tdAttributes().value()));
        for (int off : new int[] {0x100, 0x1EE, 0x200, 0x3FF}) {
            byte[] bad = raw.clone();
            bad[off] ^= 1;
            assertThrows(MalformedEvidenceException.class, () -> TdReport.parse(bad), "offset " + off);
        }
        assertThrows(MalformedEvidenceException.class, () -> TdReport.parse(Arrays.copyOf(raw, 1023)));
    }

    private static void assertMessage(byte[] q, String part) {
        MalformedEvidenceException e = assertThrows(MalformedEvidenceException.class, () -> TdxQuote.parse(q));
        assertTrue(e.getMessage().contains(part), e.getMessage());
    }

    static String hex(byte[] b) {
        return java.util.HexFormat.of().formatHex(b);
    }

    /** Test-side helper. */
    static final class Bytes0 {
        static boolean allZero(byte[] b) {
            for (byte x : b) {
                if (x != 0) {
                    return false;
                }
            }
            return true;
        }
    }
}
