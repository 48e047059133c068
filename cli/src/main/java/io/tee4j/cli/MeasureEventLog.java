package io.tee4j.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tee4j.core.MalformedEvidenceException;
import io.tee4j.measure.tdx.CcEventLog;
import io.tee4j.measure.tdx.EventLogReplay;
import io.tee4j.measure.tdx.ReplayedEvent;
import io.tee4j.measure.tdx.RtmrLog;
import java.util.List;

/**
 * {@code tee4j measure tdx --event-log F}: replays a CC event log into RTMR0..3 and prints, per
 * event, the register it extends, its type and digest and which input produced it (an event the
 * other options derive, a rule over its own data, or "not derived"), then the replayed RTMRs.
 * Nothing is verified: the replayed values mean something only beside a verified quote's RTMRs.
 */
final class MeasureEventLog {
    private MeasureEventLog() {
    }

    static void print(byte[] log, List<RtmrLog> expected, boolean json) throws MalformedEvidenceException {
        EventLogReplay r = EventLogReplay.replay(CcEventLog.parse(log), expected);
        if (json) {
            ObjectNode out = MeasureOutput.object();
            ArrayNode events = out.putArray("events");
            for (ReplayedEvent e : r.events()) {
                ObjectNode o = events.addObject();
                o.put("index", e.index());
                if (e.rtmr() >= 0) {
                    o.put("rtmr", e.rtmr());
                }
                o.put("type", e.eventType());
                o.put("digest", e.digest());
                o.put("origin", e.origin());
            }
            for (int i = 0; i < 4; i++) {
                out.put("rtmr" + i, MeasureOutput.hex(r.rtmr(i)));
            }
            MeasureOutput.print(out);
            return;
        }
        for (ReplayedEvent e : r.events()) {
            System.out.println(e.index() + " " + (e.rtmr() >= 0 ? "rtmr" + e.rtmr() : "-") + " " + e.eventType() + " "
                    + (e.digest().isEmpty() ? "-" : e.digest()) + " " + e.origin());
        }
        for (int i = 0; i < 4; i++) {
            System.out.println("rtmr" + i + " " + MeasureOutput.hex(r.rtmr(i)));
        }
    }
}
