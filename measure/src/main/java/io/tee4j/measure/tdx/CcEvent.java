package io.tee4j.measure.tdx;

import java.util.Map;
import java.util.Optional;

/**
 * One event of a CC event log ({@code TCG_PCR_EVENT2}): the CC measurement register index
 * (0 MRTD, 1..4 RTMR0..3), the TCG event type, the digests by TCG algorithm id, the event data.
 *
 * @param index     the event's position after the Spec ID header, from 0
 * @param mrIndex   the CC measurement register index
 * @param eventType the TCG event type
 * @param digests   algorithm id to digest
 * @param data      the event data
 * @since 0.1
 */
public record CcEvent(int index, int mrIndex, long eventType, Map<Integer, byte[]> digests, byte[] data) {
    /** TCG algorithm id of SHA-384. */
    public static final int SHA384 = 0x000C;

    public CcEvent {
        digests = Map.copyOf(digests);
        data = data.clone();
    }

    @Override
    public byte[] data() {
        return data.clone();
    }

    /** The SHA-384 digest, if the event has one. */
    public Optional<byte[]> sha384() {
        return Optional.ofNullable(digests.get(SHA384)).map(byte[]::clone);
    }

    /** The event type's TCG name, or its hex value. */
    public String typeName() {
        return EventTypes.name(eventType);
    }
}
