package io.tee4j.measure.cca;

import io.tee4j.measure.MeasurementInputException;
import io.tee4j.measure.internal.Le;
import java.util.Objects;

/**
 * The realm parameters RMI_REALM_CREATE measures (Arm RMM specification DEN0137 1.0-rel0,
 * B4.3.9.4): a 4 KiB RmiRealmParams with only these fields kept — flags u64 @0x00 (bit 0 LPA2,
 * bit 1 SVE, bit 2 PMU), s2sz (IPA width) @0x08, sve_vl @0x10 (vector length / 128 − 1),
 * num_bps @0x18 and num_wps @0x20 (count − 1), pmu_num_ctrs @0x28, hash_algo @0x30. The RPV, VMID
 * and translation-table fields are zeroed (the RPV is reported on its own).
 *
 * <p>Ranges (as veraison/cca-realm-measurements checks them): IPA width 20..52, 2..64 breakpoints
 * and watchpoints, an SVE vector length that is 0 (off) or a multiple of 128 up to 2048, 0..31 PMU
 * counters; others are {@link MeasurementInputException}s. Whether the host supports the values is
 * not checked.
 *
 * @param ipaBits          the realm's IPA width (s2sz)
 * @param breakpoints      the number of breakpoints
 * @param watchpoints      the number of watchpoints
 * @param sveVectorBits    the SVE vector length in bits, 0 when SVE is off
 * @param pmuCounters      the number of PMU counters, or -1 when the PMU is off
 * @param lpa2             whether LPA2 is enabled
 * @param hashAlgorithm    the measurement algorithm
 * @since 0.1
 */
public record RealmParams(int ipaBits, int breakpoints, int watchpoints, int sveVectorBits, int pmuCounters,
        boolean lpa2, RimHashAlgorithm hashAlgorithm) {

    /** Size of the measured structure. */
    public static final int BYTES = 4096;

    /** Checks the ranges. */
    public static RealmParams of(int ipaBits, int breakpoints, int watchpoints, int sveVectorBits, int pmuCounters,
            boolean lpa2, RimHashAlgorithm hashAlgorithm) throws MeasurementInputException {
        Objects.requireNonNull(hashAlgorithm, "hashAlgorithm");
        check(ipaBits >= 20 && ipaBits <= 52, "IPA width " + ipaBits + " is outside 20..52");
        check(breakpoints >= 2 && breakpoints <= 64, "breakpoints " + breakpoints + " is outside 2..64");
        check(watchpoints >= 2 && watchpoints <= 64, "watchpoints " + watchpoints + " is outside 2..64");
        check(sveVectorBits == 0 || (sveVectorBits % 128 == 0 && sveVectorBits >= 128 && sveVectorBits <= 2048),
                "SVE vector length " + sveVectorBits + " is not 0 or a multiple of 128 up to 2048");
        check(pmuCounters >= -1 && pmuCounters <= 31, "PMU counters " + pmuCounters + " is outside 0..31");
        return new RealmParams(ipaBits, breakpoints, watchpoints, sveVectorBits, pmuCounters, lpa2, hashAlgorithm);
    }

    private static void check(boolean ok, String message) throws MeasurementInputException {
        if (!ok) {
            throw new MeasurementInputException(message);
        }
    }

    /** The measured 4 KiB view of RmiRealmParams. */
    public byte[] encode() {
        byte[] b = new byte[BYTES];
        long flags = (lpa2 ? 1 : 0) | (sveVectorBits > 0 ? 2 : 0) | (pmuCounters >= 0 ? 4 : 0);
        Le.putU64(b, 0x00, flags);
        b[0x08] = (byte) ipaBits;
        b[0x10] = (byte) (sveVectorBits > 0 ? sveVectorBits / 128 - 1 : 0);
        b[0x18] = (byte) (breakpoints - 1);
        b[0x20] = (byte) (watchpoints - 1);
        b[0x28] = (byte) Math.max(pmuCounters, 0);
        b[0x30] = (byte) hashAlgorithm.code();
        return b;
    }
}
