package io.tee4j.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tee4j.measure.MeasurementInputException;
import io.tee4j.measure.cca.RealmInitialMeasurement;
import io.tee4j.measure.cca.RealmParams;
import io.tee4j.measure.cca.RimHashAlgorithm;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code tee4j measure cca}: the Arm CCA Realm Initial Measurement from the realm parameters and,
 * where given, the RAM ranges (RIPAS), the measured blobs with their load addresses, the first
 * REC's entry point and registers, and unmeasured data. Prints the RIM at its digest length (what a
 * realm token reports); {@code --json} prints {@code {"allowedInitialMeasurements": [...]}}.
 */
@Command(name = "cca", description = "Compute the Arm CCA Realm Initial Measurement (RIM) from realm parameters and blobs.",
        footer = {"", "Examples:",
                "  tee4j measure cca --ipa-bits 48 --hash sha256",
                "  tee4j measure cca --ipa-bits 40 --hash sha512 --ram 0x80000000:512M --data 0x80000000:Image"
                        + " --data 0x88000000:guest.dtb --rec-pc 0x80000000 --rec-gpr 0x88000000 --json",
                "", "Steps in RMM order: REALM_CREATE, RIPAS of each --ram range, each --data blob by ascending address,"
                        + " the REC, then --unmeasured ranges.",
                "The device tree the VMM generates must be given as a --data blob: tee4j does not generate it."})
final class MeasureCcaCommand implements Callable<Integer> {
    @Option(names = "--ipa-bits", required = true, paramLabel = "N", description = "IPA width (s2sz), 20..52.")
    int ipaBits;

    @Option(names = "--breakpoints", paramLabel = "N", defaultValue = "2", description = "Breakpoints (default 2).")
    int breakpoints;

    @Option(names = "--watchpoints", paramLabel = "N", defaultValue = "2", description = "Watchpoints (default 2).")
    int watchpoints;

    @Option(names = "--sve-vl", paramLabel = "BITS", defaultValue = "0", description = "SVE vector length, 0 for off.")
    int sveVectorBits;

    @Option(names = "--pmu-counters", paramLabel = "N", description = "Enable the PMU with N counters.")
    Integer pmuCounters;

    @Option(names = "--lpa2", description = "Enable LPA2.")
    boolean lpa2;

    @Option(names = "--hash", paramLabel = "sha256|sha512", defaultValue = "sha256", description = "Measurement algorithm.")
    String hash;

    @Option(names = "--ram", paramLabel = "BASE:SIZE", description = "A guest RAM range (RIPAS RAM); repeatable.")
    List<String> ram = new ArrayList<>();

    @Option(names = "--data", paramLabel = "ADDR:FILE", description = "A measured blob and its load address; repeatable.")
    List<String> data = new ArrayList<>();

    @Option(names = "--rec-pc", paramLabel = "ADDR", description = "Entry point of the first (runnable) REC.")
    String recPc;

    @Option(names = "--rec-gpr", paramLabel = "VALUE", description = "x0, x1, ... of the REC, in order; repeatable.")
    List<String> recGprs = new ArrayList<>();

    @Option(names = "--unmeasured", paramLabel = "ADDR:SIZE", description = "Unmeasured data granules; repeatable.")
    List<String> unmeasured = new ArrayList<>();

    @Option(names = "--json", description = "Print a CCA policy fragment ({\"allowedInitialMeasurements\": [...]}).")
    boolean json;

    @Override
    public Integer call() throws Exception {
        byte[] rim;
        try {
            rim = measure().rim();
        } catch (MeasurementInputException e) {
            throw MeasureInputs.usage(e);
        }
        if (json) {
            ObjectNode p = MeasureOutput.object();
            MeasureOutput.putList(p, "allowedInitialMeasurements", rim);
            MeasureOutput.print(p);
        } else {
            System.out.println(MeasureOutput.hex(rim));
        }
        return ExitCodes.OK;
    }

    private RealmInitialMeasurement measure() throws UsageException, MeasurementInputException {
        RimHashAlgorithm alg;
        try {
            alg = RimHashAlgorithm.valueOf(hash.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new UsageException("--hash must be sha256 or sha512, not " + hash);
        }
        RealmInitialMeasurement m = RealmInitialMeasurement.create(RealmParams.of(ipaBits, breakpoints, watchpoints,
                sveVectorBits, pmuCounters == null ? -1 : pmuCounters, lpa2, alg));
        for (long[] r : ranges(ram, "--ram")) {
            long base = r[0] & ~0xFFFL;
            m.initRipas(base, (r[0] + r[1] + 0xFFF) & ~0xFFFL);
        }
        Map<Long, Path> blobs = new TreeMap<>();
        for (String d : data) {
            String[] parts = split(d, "--data");
            if (blobs.put(MeasureInputs.number(parts[0], "--data"), Path.of(parts[1])) != null) {
                throw new UsageException("--data: two blobs at " + parts[0]);
            }
        }
        for (Map.Entry<Long, Path> b : blobs.entrySet()) {
            m.addData(b.getKey(), MeasureInputs.read(b.getValue(), "--data"));
        }
        if (recPc != null) {
            long[] gprs = new long[recGprs.size()];
            for (int i = 0; i < gprs.length; i++) {
                gprs[i] = MeasureInputs.number(recGprs.get(i), "--rec-gpr");
            }
            m.addRec(MeasureInputs.number(recPc, "--rec-pc"), gprs);
        } else if (!recGprs.isEmpty()) {
            throw new UsageException("--rec-gpr needs --rec-pc");
        }
        for (long[] r : ranges(unmeasured, "--unmeasured")) {
            m.addUnmeasuredData(r[0], r[1]);
        }
        return m;
    }

    private static List<long[]> ranges(List<String> values, String option) throws UsageException {
        List<long[]> out = new ArrayList<>();
        for (String v : values) {
            String[] parts = split(v, option);
            long size = MeasureInputs.byteSize(parts[1], option);
            if (size == 0) {
                throw new UsageException(option + ": empty range " + v);
            }
            out.add(new long[] {MeasureInputs.number(parts[0], option), size});
        }
        return out;
    }

    private static String[] split(String v, String option) throws UsageException {
        int colon = v.indexOf(':');
        if (colon <= 0 || colon == v.length() - 1) {
            throw new UsageException(option + ": expected ADDRESS:VALUE, got " + v);
        }
        return new String[] {v.substring(0, colon), v.substring(colon + 1)};
    }
}
