package io.tee4j.tdx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tee4j.core.MalformedEvidenceException;
import io.tee4j.core.VerificationFailedException;
import io.tee4j.tdx.abi.CcEventLog;
import io.tee4j.tdx.abi.TdxQuote;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class CcEventLogTest {
    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    static byte[] sampleLog() throws Exception {
        return new EventLogs()
                .event(1, 0x80000008, b("firmware blob"))
                .event(1, 0x4, b("separator"))
                .event(2, 0x80000003, b("bootloader"))
                .event(1, CcEventLog.EV_NO_ACTION, b("not extended"))
                .event(3, 0xD, b("kernel cmdline console=ttyS0"))
                .event(4, 0x1, b("app"))
                .event(2, 0x80000003, b("kernel"))
                .build(64);
    }

    @Test
    void parsesAndReplays() throws Exception {
        CcEventLog log = CcEventLog.parse(sampleLog());
        assertEquals(7, log.events().size());
        assertEquals(48, log.digestSizes().get(CcEventLog.ALG_SHA384));
        byte[][] r = log.replayRtmrs();
        assertArrayEquals(EventLogs.extend(b("firmware blob"), b("separator")), r[0]);
        assertArrayEquals(EventLogs.extend(b("bootloader"), b("kernel")), r[1]);
        assertArrayEquals(EventLogs.extend(b("kernel cmdline console=ttyS0")), r[2]);
        assertArrayEquals(EventLogs.extend(b("app")), r[3]);
        assertEquals(2, log.eventsFor(1).size());
        assertEquals("kernel", new String(log.eventsFor(1).get(1).data(), StandardCharsets.US_ASCII));
    }

    @Test
    void mismatchWithQuoteNamesRtmrs() throws Exception {
        CcEventLog log = CcEventLog.parse(new EventLogs().build(0));
        TdxQuote q = TdxQuote.parse(Vectors.quote(Vectors.PHALA));
        VerificationFailedException e = assertThrows(VerificationFailedException.class, () -> log.verifyAgainst(q.body()));
        assertTrue(e.getMessage().contains("RTMR0, RTMR1, RTMR2"), e.getMessage());
        assertTrue(!e.getMessage().contains("RTMR3"), e.getMessage());
    }

    @Test
    void rejectsMalformedLogs() throws Exception {
        byte[] good = sampleLog();
        for (int len = 0; len < good.length - 64; len += 13) {
            byte[] t = Arrays.copyOf(good, len);
            try {
                CcEventLog.parse(t);
            } catch (MalformedEvidenceException expected) {
                // fine: truncated
            }
        }
        byte[] badIndex = good.clone();
        int firstEvent = 32 + 33;
        badIndex[firstEvent] = 9;
        assertThrows(MalformedEvidenceException.class, () -> CcEventLog.parse(badIndex));
        byte[] badAlg = good.clone();
        badAlg[firstEvent + 12] = 0x0B;
        assertThrows(MalformedEvidenceException.class, () -> CcEventLog.parse(badAlg));
        byte[] badSig = good.clone();
        badSig[33] = 'X';
        assertThrows(MalformedEvidenceException.class, () -> CcEventLog.parse(badSig));
    }

    @Test
    void ccelTable() throws Exception {
        java.nio.ByteBuffer t = EventLogs.le(56);
        t.put(b("CCEL")).putInt(56).put(new byte[28]).put((byte) 2).put((byte) 0).putShort((short) 0)
                .putLong(0x10000).putLong(0x7f000000L);
        CcEventLog.CcelTable table = CcEventLog.CcelTable.parse(t.array());
        assertEquals(2, table.ccType());
        assertEquals(0x10000, table.logAreaMinimumLength());
        assertEquals(0x7f000000L, table.logAreaStartAddress());
        byte[] bad = t.array();
        bad[36] = 3;
        assertThrows(MalformedEvidenceException.class, () -> CcEventLog.CcelTable.parse(bad));
    }
}
