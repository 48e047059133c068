package io.tee4j.tdx.abi;

import io.tee4j.core.MalformedEvidenceException;
import io.tee4j.core.VerificationFailedException;
import io.tee4j.core.VerificationFailedException.Reason;
import io.tee4j.core.util.ByteReader;
import io.tee4j.core.util.LittleEndian;
import io.tee4j.measure.tdx.CcEvent;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A TDX confidential-computing event log (the log area of the ACPI CCEL table, exposed by Linux
 * at {@code /sys/firmware/acpi/tables/data/CCEL}) in the TCG crypto-agile format: a first
 * {@code TCG_PCClientPCREvent} carrying the "Spec ID Event03" header with the digest sizes, then
 * {@code TCG_PCR_EVENT2} records whose index is the CC measurement register (0 MRTD, 1..4
 * RTMR0..3). Parsing stops at the end of the data or at padding (8 bytes all 0xFF or all 0x00).
 *
 * <p>{@link #replayRtmrs()} extends SHA-384 digests into RTMR0..3 from zero, in log order,
 * skipping {@code EV_NO_ACTION} events (which the TCG specification says are never extended);
 * {@link #verifyAgainst(TdReportBody)} compares the result with a verified quote. Matching RTMRs
 * prove the log is the one that was measured; the content of each event is only as trustworthy as
 * its digest: this class does not check that an event's data hashes to its digest, as event types
 * differ in what is hashed.
 *
 * @since 0.1
 */
public final class CcEventLog {
    /** EV_NO_ACTION: informational, never extended. */
    public static final int EV_NO_ACTION = 3;
    /** EV_EVENT_TAG: a tagged event ({@code TCG_PCClientTaggedEvent}); the attestation agent's entries use it. */
    public static final int EV_EVENT_TAG = 6;
    /** The tagged-event id of attestation-agent event log entries, "AAEL" (bytes "LEAA" on the wire). */
    public static final long AAEL_TAGGED_EVENT_ID = 0x4141454CL;
    /** TCG algorithm id of SHA-384. */
    public static final int ALG_SHA384 = 0x000C;
    /** Largest log accepted. */
    public static final int MAX_BYTES = 16 << 20;
    /** Most events accepted. */
    public static final int MAX_EVENTS = 1 << 16;

    /** One event of the log. */
    public static final class Event {
        private final int mrIndex;
        private final long eventType;
        private final Map<Integer, byte[]> digests;
        private final byte[] data;

        Event(int mrIndex, long eventType, Map<Integer, byte[]> digests, byte[] data) {
            this.mrIndex = mrIndex;
            this.eventType = eventType;
            this.digests = digests;
            this.data = data;
        }

        /** The CC measurement register index (0 MRTD, 1..4 RTMR0..3). */
        public int mrIndex() {
            return mrIndex;
        }

        public long eventType() {
            return eventType;
        }

        /** The digest with the given TCG algorithm id, or null. */
        public byte[] digest(int algorithmId) {
            byte[] d = digests.get(algorithmId);
            return d == null ? null : d.clone();
        }

        /** The TCG algorithm ids of the digests. */
        public List<Integer> algorithms() {
            return List.copyOf(digests.keySet());
        }

        public byte[] data() {
            return data.clone();
        }

        @Override
        public String toString() {
            return String.format("Event[MR %d, type 0x%x, %d bytes]", mrIndex, eventType, data.length);
        }
    }

    private final Map<Integer, Integer> digestSizes;
    private final List<Event> events;

    private CcEventLog(Map<Integer, Integer> digestSizes, List<Event> events) {
        this.digestSizes = digestSizes;
        this.events = List.copyOf(events);
    }

    /**
     * Parses the log area with the one CC event-log reader, {@code tee4j-measure}'s
     * {@link io.tee4j.measure.tdx.CcEventLog} (its bounds: at most {@link #MAX_BYTES} and
     * {@link #MAX_EVENTS}, MR indices 0..4, digest algorithms from the header, every length inside
     * the data), and keeps its events for replay.
     */
    public static CcEventLog parse(byte[] log) throws MalformedEvidenceException {
        Objects.requireNonNull(log, "log");
        io.tee4j.measure.tdx.CcEventLog parsed = io.tee4j.measure.tdx.CcEventLog.parse(log);
        List<Event> events = new ArrayList<>();
        for (CcEvent e : parsed.events()) {
            events.add(new Event(e.mrIndex(), e.eventType(), e.digests(), e.data()));
        }
        return new CcEventLog(new LinkedHashMap<>(parsed.digestSizes()), events);
    }

    /** The events after the Spec ID header, in log order. */
    public List<Event> events() {
        return events;
    }

    /** TCG algorithm id → digest size, from the Spec ID header. */
    public Map<Integer, Integer> digestSizes() {
        return Map.copyOf(digestSizes);
    }

    /**
     * Replays the SHA-384 digests into RTMR0..3 (MR indices 1..4), skipping EV_NO_ACTION.
     *
     * @throws MalformedEvidenceException when an extended event lacks a SHA-384 digest
     */
    public byte[][] replayRtmrs() throws MalformedEvidenceException {
        byte[][] rtmr = new byte[4][48];
        MessageDigest md = sha384();
        for (int i = 0; i < events.size(); i++) {
            Event e = events.get(i);
            if (e.eventType == EV_NO_ACTION || e.mrIndex == 0) {
                continue;
            }
            byte[] d = e.digests.get(ALG_SHA384);
            if (d == null || d.length != 48) {
                throw new MalformedEvidenceException("event " + i + " has no SHA-384 digest to extend");
            }
            md.update(rtmr[e.mrIndex - 1]);
            md.update(d);
            rtmr[e.mrIndex - 1] = md.digest();
        }
        return rtmr;
    }

    /**
     * Replays the log and compares RTMR0..3 with the quote body.
     *
     * Attestation-agent entries ({@link #EV_EVENT_TAG} with tag {@link #AAEL_TAGGED_EVENT_ID}) must
     * also carry the SHA-384 of their whole event data as their digest: their text is what a relying
     * party reads, so a text that does not hash to what was extended is refused, not reported.
     *
     * @throws VerificationFailedException ({@link Reason#BINDING}) naming every RTMR that differs, or
     *     the first attestation-agent entry whose text does not match its digest
     */
    public void verifyAgainst(TdReportBody body) throws VerificationFailedException, MalformedEvidenceException {
        verifyAgentEntries();
        byte[][] r = replayRtmrs();
        List<String> bad = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            if (!Arrays.equals(r[i], body.rtmr(i))) {
                bad.add("RTMR" + i);
            }
        }
        if (!bad.isEmpty()) {
            throw new VerificationFailedException(Reason.BINDING, "event log replay does not match the quote's "
                    + String.join(", ", bad));
        }
    }

    private void verifyAgentEntries() throws VerificationFailedException {
        for (int i = 0; i < events.size(); i++) {
            Event e = events.get(i);
            if (e.eventType == EV_EVENT_TAG && e.data.length >= 8 && LittleEndian.u32(e.data, 0) == AAEL_TAGGED_EVENT_ID) {
                byte[] d = e.digests.get(ALG_SHA384);
                if (d == null || !MessageDigest.isEqual(d, sha384().digest(e.data))) {
                    throw new VerificationFailedException(Reason.BINDING, "event " + i
                            + " (an attestation-agent entry) does not hash to its SHA-384 digest");
                }
            }
        }
    }

    /** The events extended into RTMR {@code rtmr} (0..3), in order. */
    public List<Event> eventsFor(int rtmr) {
        Objects.checkIndex(rtmr, 4);
        List<Event> out = new ArrayList<>();
        for (Event e : events) {
            if (e.mrIndex == rtmr + 1 && e.eventType != EV_NO_ACTION) {
                out.add(e);
            }
        }
        return out;
    }

    private static MessageDigest sha384() {
        try {
            return MessageDigest.getInstance("SHA-384");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The ACPI CCEL table: CC type, subtype, log area minimum length and start address. */
    public static final class CcelTable {
        private final int ccType;
        private final int ccSubtype;
        private final long laml;
        private final long lasa;

        private CcelTable(int ccType, int ccSubtype, long laml, long lasa) {
            this.ccType = ccType;
            this.ccSubtype = ccSubtype;
            this.laml = laml;
            this.lasa = lasa;
        }

        /** Parses {@code /sys/firmware/acpi/tables/CCEL}. */
        public static CcelTable parse(byte[] table) throws MalformedEvidenceException {
            Objects.requireNonNull(table, "table");
            ByteReader.of(table, 0, 0 + 56, "CCEL table");
            if (!new String(table, 0, 4, StandardCharsets.US_ASCII).equals("CCEL")) {
                throw new MalformedEvidenceException("ACPI table signature is not CCEL");
            }
            long len = LittleEndian.u32(table, 4);
            if (len < 56 || len > table.length) {
                throw new MalformedEvidenceException("CCEL table length " + len + " is invalid");
            }
            int type = table[36] & 0xFF;
            if (type > 2) {
                throw new MalformedEvidenceException("unknown CC type " + type);
            }
            return new CcelTable(type, table[37] & 0xFF, LittleEndian.u64(table, 40), LittleEndian.u64(table, 48));
        }

        /** 1 AMD SEV, 2 Intel TDX. */
        public int ccType() {
            return ccType;
        }

        public int ccSubtype() {
            return ccSubtype;
        }

        public long logAreaMinimumLength() {
            return laml;
        }

        public long logAreaStartAddress() {
            return lasa;
        }
    }
}
