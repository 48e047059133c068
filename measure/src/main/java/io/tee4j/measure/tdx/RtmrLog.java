package io.tee4j.measure.tdx;

import io.tee4j.measure.internal.Digests;
import java.security.MessageDigest;
import java.util.List;

/**
 * The events extended into one RTMR, in order, and the register value they give:
 * {@code RTMR = SHA-384(RTMR ‖ digest)} for each event, starting from 48 zero bytes (TDG.MR.RTMR.EXTEND).
 *
 * @param events the events in extension order
 * @since 0.1
 */
public record RtmrLog(List<RtmrEvent> events) {
    public RtmrLog {
        events = List.copyOf(events);
    }

    /** The register value after every event. */
    public byte[] value() {
        byte[] rtmr = new byte[48];
        for (RtmrEvent e : events) {
            rtmr = extend(rtmr, e.digest());
        }
        return rtmr;
    }

    /** One extension: SHA-384(old ‖ digest). */
    public static byte[] extend(byte[] rtmr, byte[] digest) {
        MessageDigest md = Digests.sha384();
        md.update(rtmr);
        md.update(digest);
        return md.digest();
    }
}
