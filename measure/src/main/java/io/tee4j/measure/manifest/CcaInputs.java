package io.tee4j.measure.manifest;

import io.tee4j.core.PolicyDocument;
import io.tee4j.core.PolicyFormatException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The {@code cca} object of a manifest entry: the realm parameters and the inputs of
 * {@code tee4j measure cca} (RAM ranges, measured blobs by address, the first REC, unmeasured
 * ranges), with the same defaults (2 breakpoints, 2 watchpoints, SVE off, PMU off, SHA-256).
 */
final class CcaInputs {
    final int ipaBits;
    final int breakpoints;
    final int watchpoints;
    final int sveVectorBits;
    final int pmuCounters;
    final boolean lpa2;
    final String hash;
    final List<long[]> ram = new ArrayList<>();
    final List<Blob> data = new ArrayList<>();
    final Optional<Long> recPc;
    final List<Long> recGprs = new ArrayList<>();
    final List<long[]> unmeasured = new ArrayList<>();

    /** A measured blob and the IPA it is loaded at. */
    record Blob(long address, Path file) {
    }

    private CcaInputs(PolicyDocument d) throws PolicyFormatException {
        ipaBits = d.unsigned("ipaBits", 64).orElseThrow(() -> d.invalid("ipaBits", "the realm's IPA width is required"))
                .intValue();
        breakpoints = d.unsigned("breakpoints", 64).orElse(2L).intValue();
        watchpoints = d.unsigned("watchpoints", 64).orElse(2L).intValue();
        sveVectorBits = d.unsigned("sveVl", 2048).orElse(0L).intValue();
        pmuCounters = d.unsigned("pmuCounters", 31).map(Long::intValue).orElse(-1);
        lpa2 = d.bool("lpa2").orElse(false);
        hash = d.string("hash").orElse("sha256").toLowerCase(Locale.ROOT);
        if (!hash.equals("sha256") && !hash.equals("sha512")) {
            throw d.invalid("hash", "must be sha256 or sha512, not " + hash);
        }
        for (PolicyDocument r : d.objects("ram")) {
            ram.add(range(r, "base"));
        }
        for (PolicyDocument b : d.objects("data")) {
            long address = b.unsigned64("address").orElseThrow(() -> b.invalid("address", "required"));
            String name = b.string("file").orElseThrow(() -> b.invalid("file", "required"));
            data.add(new Blob(address, ManifestArtifacts.checkedName(b, "file", name)));
            b.finish();
        }
        recPc = d.unsigned64("recPc");
        for (String g : d.strings("recGprs")) {
            recGprs.add(register(d, g));
        }
        if (recGprs.size() > 8) {
            throw d.invalid("recGprs", "a REC takes x0..x7, at most 8 values");
        }
        if (recPc.isEmpty() && !recGprs.isEmpty()) {
            throw d.invalid("recGprs", "needs recPc");
        }
        for (PolicyDocument r : d.objects("unmeasured")) {
            unmeasured.add(range(r, "address"));
        }
        d.finish();
    }

    static CcaInputs read(PolicyDocument d) throws PolicyFormatException {
        return new CcaInputs(d);
    }

    /** An unsigned 64-bit register value written as {@code 0x}-hex or decimal. */
    private static long register(PolicyDocument d, String s) throws PolicyFormatException {
        try {
            boolean hex = s.startsWith("0x") || s.startsWith("0X");
            return hex ? Long.parseUnsignedLong(s.substring(2), 16) : Long.parseUnsignedLong(s);
        } catch (NumberFormatException e) {
            throw d.invalid("recGprs", "not a 64-bit register value: " + s);
        }
    }

    private static long[] range(PolicyDocument r, String startKey) throws PolicyFormatException {
        long start = r.unsigned64(startKey).orElseThrow(() -> r.invalid(startKey, "required"));
        long size = r.unsigned64("size").orElseThrow(() -> r.invalid("size", "required"));
        if (size == 0) {
            throw r.invalid("size", "an empty range");
        }
        r.finish();
        return new long[] {start, size};
    }
}
