package io.tee4j.tpm.eventlog;

import io.tee4j.tpm.abi.TpmHash;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * PCR values as an event log replays them ({@link EventLogReplay}): per bank, the PCRs the log
 * extends; unextended PCRs hold their reset value.
 *
 * @since 0.1
 */
public final class ReplayedPcrs {
    private final Map<TpmHash, TreeMap<Integer, byte[]>> banks;
    private final Set<Integer> extended;
    private final int startupLocality;

    ReplayedPcrs(Map<TpmHash, TreeMap<Integer, byte[]>> banks, Set<Integer> extended, int startupLocality) {
        this.banks = new EnumMap<>(TpmHash.class);
        this.banks.putAll(banks);
        this.extended = Collections.unmodifiableSet(new TreeSet<>(extended));
        this.startupLocality = startupLocality;
    }

    /** The banks replayed. */
    public Set<TpmHash> banks() {
        return Collections.unmodifiableSet(banks.keySet());
    }

    /** The PCRs the log has events for (in any bank). */
    public Set<Integer> extendedPcrs() {
        return extended;
    }

    /** Whether the log extends this PCR in this bank. */
    public boolean isExtended(TpmHash bank, int pcr) {
        TreeMap<Integer, byte[]> b = banks.get(bank);
        return b != null && b.containsKey(pcr);
    }

    /** The replayed value (the reset value where the log has no event), if the bank was replayed. */
    public Optional<byte[]> value(TpmHash bank, int pcr) {
        TreeMap<Integer, byte[]> b = banks.get(bank);
        if (b == null) {
            return Optional.empty();
        }
        byte[] v = b.get(pcr);
        return Optional.of(v == null ? EventLogReplay.initial(bank, pcr, startupLocality) : v.clone());
    }

    /** The PCRs the log extends in a bank, with their values (copies). */
    public Map<Integer, byte[]> extendedValues(TpmHash bank) {
        Map<Integer, byte[]> out = new TreeMap<>();
        banks.getOrDefault(bank, new TreeMap<>()).forEach((k, v) -> out.put(k, v.clone()));
        return out;
    }

    /** The locality a StartupLocality event gave PCR 0 (0 when there was none). */
    public int startupLocality() {
        return startupLocality;
    }
}
