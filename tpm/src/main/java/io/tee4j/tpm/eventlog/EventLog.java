package io.tee4j.tpm.eventlog;

import io.tee4j.core.MalformedEvidenceException;
import io.tee4j.core.util.ByteReader;
import io.tee4j.tpm.abi.TpmHash;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A TCG PC Client crypto-agile event log ({@code binary_bios_measurements}, or a CC event log such
 * as TDX's CCEL): the SHA-1-format Spec ID event, then TCG_PCR_EVENT2 records until the end, an
 * all-0xFF end marker or zero padding. Every record must carry exactly one digest for each declared
 * algorithm, each of its declared size, in any order but never twice.
 *
 * <p>Parsing is bounded ({@value #MAX_SIZE} bytes, {@value #MAX_EVENTS} events, every length checked
 * against what remains) and authenticates nothing: {@link EventLogReplay} recomputes the PCRs and
 * {@link ReplayComparison} compares them with a verified quote's.
 *
 * @since 0.1
 */
public final class EventLog {
    /** Largest log accepted. */
    public static final int MAX_SIZE = 16 << 20;
    /** Most events accepted. */
    public static final int MAX_EVENTS = 65_536;
    private static final long EV_NO_ACTION = 3;

    private final SpecIdEvent spec;
    private final List<TcgEvent> events;

    private EventLog(SpecIdEvent spec, List<TcgEvent> events) {
        this.spec = spec;
        this.events = List.copyOf(events);
    }

    /** Parses a log. */
    public static EventLog parse(byte[] log) throws MalformedEvidenceException {
        Objects.requireNonNull(log, "log");
        if (log.length > MAX_SIZE) {
            throw new MalformedEvidenceException("event log of " + log.length + " bytes (at most " + MAX_SIZE + ")");
        }
        ByteReader r = ByteReader.of(log);
        int pcr = (int) r.u32("first event PCR index");
        long type = r.u32("first event type");
        r.skip(20, "first event SHA-1 digest");
        int size = r.u32AtMost(r.remaining(), "first event size");
        byte[] data = r.bytes(size, "first event data");
        // The index is not checked: a CC event log (TDX CCEL) numbers it 1, its first measurement register.
        if (type != EV_NO_ACTION) {
            throw new MalformedEvidenceException("the event log's first event is not the EV_NO_ACTION Spec ID event");
        }
        SpecIdEvent spec = SpecIdEvent.parse(data);
        List<TcgEvent> events = new ArrayList<>();
        events.add(new TcgEvent(0, pcr, EV_NO_ACTION, Map.of(), data));
        while (r.hasRemaining() && !atEnd(log, r.position())) {
            if (events.size() >= MAX_EVENTS) {
                throw new MalformedEvidenceException("event log has more than " + MAX_EVENTS + " events");
            }
            events.add(readEvent(r, spec, events.size()));
        }
        return new EventLog(spec, events);
    }

    /** The rest is an end marker or padding: all 0xFF, or all zero. */
    private static boolean atEnd(byte[] log, int from) {
        byte first = log[from];
        if (first != 0 && first != (byte) 0xFF) {
            return false;
        }
        for (int i = from; i < log.length; i++) {
            if (log[i] != first) {
                return false;
            }
        }
        return true;
    }

    private static TcgEvent readEvent(ByteReader r, SpecIdEvent spec, int sequence) throws MalformedEvidenceException {
        long pcr = r.u32("event PCR index", sequence);
        if (pcr > 0xFFFF) {
            throw new MalformedEvidenceException("event " + sequence + " names PCR " + pcr);
        }
        long type = r.u32("event type", sequence);
        long count = r.u32("event digest count", sequence);
        if (count != spec.algorithms().size()) {
            throw new MalformedEvidenceException("event " + sequence + " has " + count + " digests; the log declares "
                    + spec.algorithms().size() + " algorithms");
        }
        Map<TpmHash, byte[]> digests = new EnumMap<>(TpmHash.class);
        List<Integer> seen = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int alg = r.u16("event digest algorithm", sequence);
            int size = spec.sizeOf(alg);
            if (size < 0 || seen.contains(alg)) {
                throw new MalformedEvidenceException("event " + sequence + " has a digest of algorithm 0x"
                        + Integer.toHexString(alg) + (size < 0 ? " the log does not declare" : " twice"));
            }
            seen.add(alg);
            byte[] digest = r.bytes(size, "event digest", sequence);
            Optional<TpmHash> known = TpmHash.byId(alg);
            if (known.isPresent()) {
                if (known.get().size() != size) {
                    throw new MalformedEvidenceException("the log declares " + known.get().label() + " with " + size
                            + "-byte digests");
                }
                digests.put(known.get(), digest);
            }
        }
        int size = r.u32AtMost(r.remaining(), "event data size");
        byte[] data = r.bytes(size, "event data", sequence);
        return new TcgEvent(sequence, (int) pcr, type, digests, data);
    }

    /** The Spec ID event's contents. */
    public SpecIdEvent spec() {
        return spec;
    }

    /** Every event, the Spec ID event first. */
    public List<TcgEvent> events() {
        return events;
    }

    /** The banks tee4j can replay: the declared algorithms it knows. */
    public List<TpmHash> banks() {
        List<TpmHash> out = new ArrayList<>();
        for (SpecIdEvent.Algorithm a : spec.algorithms()) {
            TpmHash.byId(a.id()).ifPresent(out::add);
        }
        return out;
    }
}
