package io.tee4j.tpm.eventlog;

import io.tee4j.tpm.abi.TpmHash;
import java.security.MessageDigest;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One TCG_PCR_EVENT2 record: its position, PCR (or CC measurement-register) index, type, one
 * digest per bank the log declares, and the event data. Nothing about an event is authentic until
 * the log's replay matches a verified quote, and even then only the digests are: the data is
 * authentic only where {@link #dataMatchesDigest} holds.
 *
 * @since 0.1
 */
public final class TcgEvent {
    private final int sequence;
    private final int pcr;
    private final long type;
    private final Map<TpmHash, byte[]> digests;
    private final byte[] data;

    TcgEvent(int sequence, int pcr, long type, Map<TpmHash, byte[]> digests, byte[] data) {
        this.sequence = sequence;
        this.pcr = pcr;
        this.type = type;
        this.digests = digests.isEmpty() ? Map.of() : new EnumMap<>(digests);
        this.data = data;
    }

    /** The position in the log (the Spec ID event is 0). */
    public int sequence() {
        return sequence;
    }

    /** The PCR index (for a confidential-computing log: the CC measurement-register index). */
    public int pcr() {
        return pcr;
    }

    /** The numeric event type. */
    public long type() {
        return type;
    }

    /** The event type, if a known one. */
    public Optional<EventType> eventType() {
        return EventType.of(type);
    }

    /** The type's name or hex value. */
    public String typeName() {
        return EventType.nameOf(type);
    }

    /** The digest for one bank, copied, if the record has it. */
    public Optional<byte[]> digest(TpmHash bank) {
        byte[] d = digests.get(bank);
        return d == null ? Optional.empty() : Optional.of(d.clone());
    }

    /** The banks this record has digests for. */
    public java.util.Set<TpmHash> banks() {
        return Collections.unmodifiableSet(digests.keySet());
    }

    /** The event data, copied. */
    public byte[] data() {
        return data.clone();
    }

    /** The event data's length. */
    public int dataLength() {
        return data.length;
    }

    byte[] dataUnsafe() {
        return data;
    }

    /**
     * Whether the bank's digest is the hash of the event data, or of the part of it after
     * {@code prefix} (GRUB logs "grub_cmd: " and "kernel_cmdline: " but hashes what follows), with or
     * without one trailing NUL. Only then does the data describe what was measured.
     */
    public boolean dataMatchesDigest(TpmHash bank, String prefix) {
        Objects.requireNonNull(bank, "bank");
        byte[] d = digests.get(bank);
        if (d == null) {
            return false;
        }
        int start = prefix != null && startsWith(prefix) ? prefix.length() : 0;
        int end = data.length;
        if (matches(d, bank, start, end) || matches(d, bank, 0, end)) {
            return true;
        }
        return end > start && data[end - 1] == 0 && (matches(d, bank, start, end - 1) || matches(d, bank, 0, end - 1));
    }

    private boolean startsWith(String prefix) {
        if (data.length < prefix.length()) {
            return false;
        }
        for (int i = 0; i < prefix.length(); i++) {
            if (data[i] != (byte) prefix.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private boolean matches(byte[] digest, TpmHash bank, int from, int to) {
        MessageDigest md = bank.newDigest();
        md.update(data, from, to - from);
        return MessageDigest.isEqual(md.digest(), digest);
    }

    @Override
    public String toString() {
        return "TcgEvent[" + sequence + ", PCR " + pcr + ", " + typeName() + ", " + data.length + " bytes]";
    }
}
