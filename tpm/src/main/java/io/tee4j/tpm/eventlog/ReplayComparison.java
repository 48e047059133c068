package io.tee4j.tpm.eventlog;

import io.tee4j.tpm.abi.TpmHash;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The per-PCR answer to "does the log replay to what the TPM quoted?", for every quoted PCR of
 * every bank the log also carries. As go-tpm-tools decides: a PCR the log extends must replay to
 * the quoted value exactly ({@link Status#MISMATCH} otherwise, and the whole log is then not
 * trustworthy); a PCR the log has no event for is either at its reset value
 * ({@link Status#MATCH}) or measured by something outside this log, such as IMA's PCR 10
 * ({@link Status#NOT_IN_LOG}: neither confirmed nor contradicted).
 *
 * @since 0.1
 */
public final class ReplayComparison {
    /** The verdict for one PCR. */
    public enum Status {
        /** The replayed value equals the quoted value. */
        MATCH,
        /** The log extends this PCR but replays to another value than the quoted one. */
        MISMATCH,
        /** The log has no event for this PCR and the quoted value is not the reset value. */
        NOT_IN_LOG
    }

    /**
     * One PCR's comparison.
     *
     * @param bank the bank
     * @param pcr the index
     * @param status the verdict
     * @param replayed the replayed value
     * @param quoted the quoted value
     */
    public record Entry(TpmHash bank, int pcr, Status status, byte[] replayed, byte[] quoted) {
        /** Copies the arrays. */
        public Entry {
            replayed = replayed.clone();
            quoted = quoted.clone();
        }
    }

    private final List<Entry> entries;

    private ReplayComparison(List<Entry> entries) {
        this.entries = List.copyOf(entries);
    }

    /**
     * Compares a replay with quoted values, given per bank as index to value (only banks both
     * have are compared).
     */
    public static ReplayComparison compare(ReplayedPcrs replayed, Map<TpmHash, Map<Integer, byte[]>> quoted) {
        Objects.requireNonNull(replayed, "replayed");
        List<Entry> out = new ArrayList<>();
        for (Map.Entry<TpmHash, Map<Integer, byte[]>> bank : quoted.entrySet()) {
            if (!replayed.banks().contains(bank.getKey())) {
                continue;
            }
            for (Map.Entry<Integer, byte[]> pcr : bank.getValue().entrySet()) {
                byte[] value = replayed.value(bank.getKey(), pcr.getKey()).orElseThrow();
                boolean equal = MessageDigest.isEqual(value, pcr.getValue());
                Status status = equal ? Status.MATCH
                        : replayed.isExtended(bank.getKey(), pcr.getKey()) ? Status.MISMATCH : Status.NOT_IN_LOG;
                out.add(new Entry(bank.getKey(), pcr.getKey(), status, value, pcr.getValue()));
            }
        }
        return new ReplayComparison(out);
    }

    /** Every compared PCR, bank by bank in index order. */
    public List<Entry> entries() {
        return entries;
    }

    /** The PCRs whose replay contradicts the quote. */
    public List<Entry> mismatches() {
        List<Entry> out = new ArrayList<>();
        for (Entry e : entries) {
            if (e.status() == Status.MISMATCH) {
                out.add(e);
            }
        }
        return out;
    }

    /** Whether no extended PCR contradicts the quote. */
    public boolean consistent() {
        return mismatches().isEmpty();
    }

    /** The indexes with a given status in one bank. */
    public List<Integer> pcrs(TpmHash bank, Status status) {
        List<Integer> out = new ArrayList<>();
        for (Entry e : entries) {
            if (e.bank() == bank && e.status() == status) {
                out.add(e.pcr());
            }
        }
        return out;
    }
}
