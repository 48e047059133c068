package io.tee4j.measure.tdx;

import io.tee4j.core.MalformedEvidenceException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * Replays a CC event log into RTMR0..3 and says, per event, which input produced its digest.
 *
 * <p>Replay: from 48 zero bytes, each event of MR index 1..4 extends RTMR index − 1 with its
 * SHA-384 digest, in log order; EV_NO_ACTION events and MRTD events (index 0) extend nothing. An
 * extended event without a SHA-384 digest is a {@link MalformedEvidenceException}.
 *
 * <p>Attribution: an event whose digest equals one of the expected events given for its RTMR (from
 * {@link DirectBoot}, {@link Rtmr0Model} or your own) is labelled with that event's input; one
 * whose digest follows from its own data is labelled with the rule (the data's SHA-384, a boot
 * variable's value, a GRUB command's text); the rest are {@link ReplayedEvent#NOT_DERIVED}. The replayed values prove nothing on their own: compare them
 * with the RTMRs of a verified quote.
 *
 * @param rtmrs  the four replayed registers
 * @param events every event with its attribution
 * @since 0.1
 */
public record EventLogReplay(List<byte[]> rtmrs, List<ReplayedEvent> events) {

    public EventLogReplay {
        List<byte[]> copy = new ArrayList<>();
        rtmrs.forEach(r -> copy.add(r.clone()));
        rtmrs = List.copyOf(copy);
        events = List.copyOf(events);
    }

    /** RTMR {@code i} after the replay. */
    public byte[] rtmr(int i) {
        return rtmrs.get(i).clone();
    }

    /**
     * Replays {@code log}; {@code expected} holds, per RTMR 0..3, the events you derived (an empty
     * or shorter list: none for those registers).
     */
    public static EventLogReplay replay(CcEventLog log, List<RtmrLog> expected) throws MalformedEvidenceException {
        byte[][] rtmr = new byte[4][48];
        List<ReplayedEvent> out = new ArrayList<>();
        for (CcEvent e : log.events()) {
            byte[] digest = e.sha384().orElse(null);
            boolean extends_ = e.eventType() != EventTypes.EV_NO_ACTION && e.mrIndex() > 0;
            if (extends_ && digest == null) {
                throw new MalformedEvidenceException("CC event log: event " + e.index() + " has no SHA-384 digest");
            }
            int register = extends_ ? e.mrIndex() - 1 : -1;
            if (extends_) {
                rtmr[register] = RtmrLog.extend(rtmr[register], digest);
            }
            out.add(new ReplayedEvent(e.index(), register, e.typeName(),
                    digest == null ? "" : HexFormat.of().formatHex(digest), origin(e, digest, register, expected)));
        }
        return new EventLogReplay(Arrays.asList(rtmr), out);
    }

    private static String origin(CcEvent e, byte[] digest, int register, List<RtmrLog> expected) {
        if (digest == null) {
            return ReplayedEvent.NOT_DERIVED;
        }
        if (register >= 0 && register < expected.size() && expected.get(register) != null) {
            for (RtmrEvent x : expected.get(register).events()) {
                if (Arrays.equals(x.digest(), digest)) {
                    return x.label();
                }
            }
        }
        return EventDataRules.explain(e, digest).orElse(ReplayedEvent.NOT_DERIVED);
    }
}
