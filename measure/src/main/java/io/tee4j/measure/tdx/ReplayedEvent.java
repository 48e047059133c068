package io.tee4j.measure.tdx;

/**
 * One event of a replayed CC event log and where its digest comes from.
 *
 * @param index     position in the log (after the Spec ID header), from 0
 * @param rtmr      the RTMR it extends (0..3), or -1 when it extends none (EV_NO_ACTION, MRTD events)
 * @param eventType the TCG event type name
 * @param digest    its SHA-384 digest (hex)
 * @param origin    what produced the digest: the label of a matching expected event, "SHA-384 of
 *                  the event data" when the data hashes to it, else "not derived"
 * @since 0.1
 */
public record ReplayedEvent(int index, int rtmr, String eventType, String digest, String origin) {
    /** The origin of a digest that neither an expected event nor the event's own data explains. */
    public static final String NOT_DERIVED = "not derived";
    /** The origin of a digest that is the SHA-384 of the event's data. */
    public static final String EVENT_DATA = "SHA-384 of the event data";

    @Override
    public String toString() {
        return String.format("#%d RTMR%s %s %s <- %s", index, rtmr < 0 ? "-" : String.valueOf(rtmr), eventType, digest,
                origin);
    }
}
