package io.tee4j.measure.tdx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tee4j.core.MalformedEvidenceException;
import io.tee4j.measure.Vectors;
import io.tee4j.measure.internal.Le;
import io.tee4j.measure.ovmf.Guid;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Replay of go-tdx-guest's real GCE CC event log against the RTMRs of the quote from the same boot. */
class EventLogReplayTest {
    private static final byte[] LOG = Vectors.bytes("go-tdx-guest/ccel_data.dat");
    private static final byte[] QUOTE = Vectors.bytes("go-tdx-guest/cos-113-tdx-quote.dat");

    private static byte[] quoteRtmr(int i) {
        int at = 48 + 328 + 48 * i;
        return Arrays.copyOfRange(QUOTE, at, at + 48);
    }

    @Test
    void replayGivesTheQuotesRtmrs() throws Exception {
        EventLogReplay r = EventLogReplay.replay(CcEventLog.parse(LOG), List.of());
        for (int i = 0; i < 4; i++) {
            assertArrayEquals(quoteRtmr(i), r.rtmr(i), "RTMR" + i);
        }
        assertEquals(43, r.events().size());
    }

    @Test
    void eventsAreAttributedToExpectedInputsOrTheirOwnData() throws Exception {
        RtmrLog rtmr1 = new RtmrLog(List.of(UefiEvents.action("Calling EFI Application from Boot Option"),
                UefiEvents.action("Exit Boot Services Invocation")));
        RtmrLog rtmr0 = new RtmrLog(List.of(new RtmrEvent("Boot0000 (UiApp)", Rtmr0Model.UIAPP_BOOT0000_PRE_202505)));
        EventLogReplay r = EventLogReplay.replay(CcEventLog.parse(LOG), List.of(rtmr0, rtmr1));
        assertEquals("EV_EFI_ACTION \"Calling EFI Application from Boot Option\"", r.events().get(14).origin());
        assertEquals(1, r.events().get(14).rtmr());
        // OVMF on GCE measures the same UiApp Boot0000 as dstack's pre-202505 model.
        assertEquals("Boot0000 (UiApp)", r.events().get(13).origin());
        assertEquals("SHA-384 of the boot variable's value", r.events().get(11).origin());
        assertEquals(ReplayedEvent.EVENT_DATA, r.events().get(7).origin());
        assertEquals("SHA-384 of the GRUB command text", r.events().get(32).origin());
        assertEquals(ReplayedEvent.NOT_DERIVED, r.events().get(17).origin());
        assertEquals("EV_EFI_BOOT_SERVICES_APPLICATION", r.events().get(17).eventType());
    }

    @Test
    void variableEventBuilderReproducesTheLogsSecureBootVariables() throws Exception {
        CcEventLog log = CcEventLog.parse(LOG);
        int checked = 0;
        for (CcEvent e : log.events()) {
            if (e.eventType() != 0x80000001L) {
                continue;
            }
            byte[] d = e.data();
            int nameChars = (int) Le.u64(d, 16);
            String name = new String(d, 32, 2 * nameChars, StandardCharsets.UTF_16LE);
            byte[] value = Arrays.copyOfRange(d, 32 + 2 * nameChars, d.length);
            assertArrayEquals(e.sha384().get(), UefiEvents.variable(Guid.fromStored(d, 0), name, value).digest(), name);
            checked++;
        }
        assertEquals(5, checked);
    }

    @Test
    void malformedLogsAreTyped() {
        byte[] header = Arrays.copyOf(LOG, 200);
        byte[] badType = header.clone();
        badType[4] = 1;
        byte[] badMr = LOG.clone();
        int first = 32 + (int) Le.u32(LOG, 28);
        Le.putU32(badMr, first, 9);
        byte[] badAlg = LOG.clone();
        Le.putU16(badAlg, first + 12, 0x0B);
        byte[] longData = LOG.clone();
        Le.putU32(longData, first + 12 + 2 + 48, 0x7FFFFFF0L);
        for (byte[] bad : new byte[][] {badType, badMr, badAlg, longData, new byte[10], new byte[0]}) {
            assertThrows(MalformedEvidenceException.class, () -> CcEventLog.parse(bad));
        }
        // A truncated log is either fully parsed up to the cut or refused: never an unchecked error.
        for (int cut = 0; cut < 6000; cut += 37) {
            try {
                CcEventLog.parse(Arrays.copyOf(LOG, cut));
            } catch (MalformedEvidenceException expected) {
                assertTrue(expected.getMessage().startsWith("CC event log"), expected.getMessage());
            }
        }
    }
}
