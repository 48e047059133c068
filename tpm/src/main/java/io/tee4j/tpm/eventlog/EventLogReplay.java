package io.tee4j.tpm.eventlog;

import io.tee4j.tpm.abi.TpmHash;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Replays an event log into PCR values, in every bank the log carries: every PCR starts at zero
 * (PCRs 17 to 22, the DRTM PCRs, at all-0xFF, as a TPM resets them), except PCR 0 when a
 * "StartupLocality" EV_NO_ACTION event names a locality (PCR 0 then starts at that byte, TCG PC
 * Client PFP); every other event extends PCR = H(PCR ‖ digest); EV_NO_ACTION events are skipped.
 *
 * <p>The result says what the log claims; it is worth something only once
 * {@link ReplayComparison} finds it equal to a verified quote.
 *
 * @since 0.1
 */
public final class EventLogReplay {
    private static final long EV_NO_ACTION = 3;
    private static final byte[] STARTUP_LOCALITY = "StartupLocality\0".getBytes(StandardCharsets.US_ASCII);
    private static final int DRTM_FIRST = 17;
    private static final int DRTM_LAST = 22;
    /** PC Client PCRs; a CC event log's measurement-register indexes are small too. */
    private static final int MAX_INDEX = 32;

    private EventLogReplay() {
    }

    /** The PCR values the log replays to, and which PCRs it has events for. */
    public static ReplayedPcrs replay(EventLog log) {
        Objects.requireNonNull(log, "log");
        int locality = startupLocality(log);
        Map<TpmHash, TreeMap<Integer, byte[]>> banks = new EnumMap<>(TpmHash.class);
        TreeSet<Integer> extended = new TreeSet<>();
        for (TpmHash bank : log.banks()) {
            TreeMap<Integer, byte[]> values = new TreeMap<>();
            for (TcgEvent e : log.events()) {
                if (e.type() == EV_NO_ACTION || e.pcr() >= MAX_INDEX) {
                    continue;
                }
                byte[] digest = e.digest(bank).orElse(null);
                if (digest == null) {
                    continue;
                }
                byte[] current = values.computeIfAbsent(e.pcr(), i -> initial(bank, i, locality));
                MessageDigest md = bank.newDigest();
                md.update(current);
                md.update(digest);
                values.put(e.pcr(), md.digest());
                extended.add(e.pcr());
            }
            banks.put(bank, values);
        }
        return new ReplayedPcrs(banks, extended, locality);
    }

    /** The value a PCR holds after a TPM reset, before any event. */
    public static byte[] initial(TpmHash bank, int pcr, int startupLocality) {
        byte[] v = new byte[bank.size()];
        if (pcr >= DRTM_FIRST && pcr <= DRTM_LAST) {
            Arrays.fill(v, (byte) 0xFF);
        } else if (pcr == 0 && startupLocality > 0) {
            v[v.length - 1] = (byte) startupLocality;
        }
        return v;
    }

    private static int startupLocality(EventLog log) {
        for (TcgEvent e : log.events()) {
            byte[] d = e.dataUnsafe();
            if (e.type() == EV_NO_ACTION && e.pcr() == 0 && d.length == STARTUP_LOCALITY.length + 1
                    && Arrays.equals(d, 0, STARTUP_LOCALITY.length, STARTUP_LOCALITY, 0, STARTUP_LOCALITY.length)) {
                return d[STARTUP_LOCALITY.length] & 0xFF;
            }
        }
        return 0;
    }
}
