package io.tee4j.measure.tdx;

import io.tee4j.core.MalformedEvidenceException;
import io.tee4j.measure.internal.LeReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A CC (TDX) event log in the TCG crypto-agile format, as OVMF writes it to the ACPI CCEL table
 * (Linux: {@code /sys/firmware/acpi/tables/data/CCEL}): a first SHA-1-format event carrying the
 * "Spec ID Event03" header with the digest sizes, then {@code TCG_PCR_EVENT2} records. Parsing stops
 * at the end of the data or at padding (an event header of eight 0xFF or 0x00 bytes).
 *
 * <p>Checked: the header event's type and signature, 1..16 algorithms with sizes 1..64 and none
 * twice, MR indices 0..4, digest algorithms from the header and none twice per event, every length
 * inside the data; at most {@link #MAX_BYTES} and {@link #MAX_EVENTS}. Violations are
 * {@link MalformedEvidenceException}s. Not checked here: that an event's data hashes to its digest
 * (event types differ in what is hashed; {@link EventLogReplay} reports it), nor the log's
 * authenticity, which only the RTMRs of a verified quote establish.
 *
 * @since 0.1
 */
public final class CcEventLog {
    /** Largest log accepted. */
    public static final int MAX_BYTES = 16 << 20;
    /** Most events accepted. */
    public static final int MAX_EVENTS = 1 << 16;
    private static final byte[] SPEC_ID = "Spec ID Event03\0".getBytes(StandardCharsets.US_ASCII);

    private final Map<Integer, Integer> digestSizes;
    private final List<CcEvent> events;

    private CcEventLog(Map<Integer, Integer> digestSizes, List<CcEvent> events) {
        this.digestSizes = digestSizes;
        this.events = events;
    }

    /** Parses the log area. */
    public static CcEventLog parse(byte[] log) throws MalformedEvidenceException {
        Objects.requireNonNull(log, "log");
        if (log.length > MAX_BYTES) {
            throw new MalformedEvidenceException("CC event log of " + log.length + " bytes exceeds " + MAX_BYTES);
        }
        LeReader r = new LeReader(log, "CC event log");
        Map<Integer, Integer> sizes = new LinkedHashMap<>();
        long p = readHeader(r, sizes);
        List<CcEvent> events = new ArrayList<>();
        while (p <= log.length - 8L && !padding(log, (int) p)) {
            if (events.size() >= MAX_EVENTS) {
                throw new MalformedEvidenceException("CC event log: more than " + MAX_EVENTS + " events");
            }
            p = readEvent(r, p, sizes, events);
        }
        return new CcEventLog(Map.copyOf(sizes), List.copyOf(events));
    }

    /** The SHA-1-format Spec ID event; returns the offset after it. */
    private static long readHeader(LeReader r, Map<Integer, Integer> sizes) throws MalformedEvidenceException {
        if (r.u32(4, "header event type") != EventTypes.EV_NO_ACTION) {
            throw new MalformedEvidenceException("CC event log: the first event is not EV_NO_ACTION");
        }
        long size = r.u32(28, "header event size");
        r.need(32, size, "Spec ID event");
        if (size < 29 || !r.matches(32, SPEC_ID)) {
            throw new MalformedEvidenceException("CC event log: the first event is not a \"Spec ID Event03\" header");
        }
        long count = r.u32(32 + 24, "algorithm count");
        if (count < 1 || count > 16 || 28 + 4 * count + 1 > size) {
            throw new MalformedEvidenceException("CC event log: the header lists " + count + " algorithms");
        }
        for (int i = 0; i < count; i++) {
            int alg = r.u16(32 + 28 + 4L * i, "algorithm id");
            int digestSize = r.u16(32 + 30 + 4L * i, "digest size");
            if (digestSize < 1 || digestSize > 64 || sizes.put(alg, digestSize) != null) {
                throw new MalformedEvidenceException("CC event log: bad size " + digestSize + " or repeated algorithm 0x"
                        + Integer.toHexString(alg));
            }
        }
        return 32 + size;
    }

    /** One TCG_PCR_EVENT2 at {@code p}; returns the offset after it. */
    private static long readEvent(LeReader r, long p, Map<Integer, Integer> sizes, List<CcEvent> out)
            throws MalformedEvidenceException {
        int n = out.size();
        long mr = r.u32(p, "MR index");
        long type = r.u32(p + 4, "event type");
        long count = r.u32(p + 8, "digest count");
        if (mr > 4) {
            throw new MalformedEvidenceException("CC event log: event " + n + " names MR index " + mr + " (0..4 exist)");
        }
        if (count > sizes.size()) {
            throw new MalformedEvidenceException("CC event log: event " + n + " has " + count + " digests");
        }
        p += 12;
        Map<Integer, byte[]> digests = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            int alg = r.u16(p, "digest algorithm");
            Integer size = sizes.get(alg);
            if (size == null || digests.containsKey(alg)) {
                throw new MalformedEvidenceException("CC event log: event " + n + " has an unlisted or repeated"
                        + " algorithm 0x" + Integer.toHexString(alg));
            }
            digests.put(alg, r.bytes(p + 2, size, "digest"));
            p += 2 + size;
        }
        long dataSize = r.u32(p, "event data size");
        byte[] data = r.bytes(p + 4, (int) Math.min(dataSize, Integer.MAX_VALUE), "event data");
        out.add(new CcEvent(n, (int) mr, type, digests, data));
        return p + 4 + dataSize;
    }

    private static boolean padding(byte[] b, int p) {
        boolean ff = true;
        boolean zero = true;
        for (int i = 0; i < 8; i++) {
            ff &= b[p + i] == (byte) 0xFF;
            zero &= b[p + i] == 0;
        }
        return ff || zero;
    }

    /** The events after the header, in log order. */
    public List<CcEvent> events() {
        return events;
    }

    /** TCG algorithm id to digest size, from the header. */
    public Map<Integer, Integer> digestSizes() {
        return digestSizes;
    }
}
