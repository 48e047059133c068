package io.tee4j.tdx.simulator;

import static io.tee4j.tdx.simulator.SimulatedIntelPki.len;

import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Objects;

/**
 * Builds a {@link TdxSimulator} ({@link TdxSimulator#builder()}); defaults: FMSPC 00906ED50000,
 * PCESVN 13, CPUSVN 05 05 02 02 03 01 00 03, QE SVN 4, the system clock, fresh randomness.
 *
 * @since 0.2 (was {@code TdxSimulator.Builder})
 */
public final class TdxSimulatorBuilder {
    Clock clock = Clock.systemUTC();
    byte[] fmspc = HexFormat.of().parseHex("00906ed50000");
    int pceSvn = 13;
    int[] cpuSvn = {5, 5, 2, 2, 3, 1, 0, 3, 0, 0, 0, 0, 0, 0, 0, 0};
    int qeSvn = 4;
    int qeMiscSelect;
    boolean revokePck;
    SecureRandom random = new SecureRandom();
    Instant certificatesFrom;
    Instant certificatesTo;

    TdxSimulatorBuilder() {
    }

    /**
     * The randomness the five simulated keys are generated from (default a new
     * {@link SecureRandom}). A seeded, deterministic generator gives the same keys on every
     * build, which is how the {@code tee4j} command keeps a simulator across runs. The four
     * certificates are signed with it too (so, with {@link #certificateValidity}, they are
     * byte-identical across builds); quote, collateral and CRL signatures stay randomized.
     */
    public TdxSimulatorBuilder random(SecureRandom random) {
        this.random = Objects.requireNonNull(random, "random");
        return this;
    }

    /**
     * The validity of the four simulated certificates (default: 180 days either side of the
     * clock's instant). Collateral stays issued at the clock's instant.
     */
    public TdxSimulatorBuilder certificateValidity(Instant from, Instant to) {
        if (!Objects.requireNonNull(from, "from").isBefore(Objects.requireNonNull(to, "to"))) {
            throw new IllegalArgumentException("from must be before to");
        }
        this.certificatesFrom = from;
        this.certificatesTo = to;
        return this;
    }

    public TdxSimulatorBuilder clock(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
        return this;
    }

    public TdxSimulatorBuilder fmspc(byte[] fmspc) {
        this.fmspc = len(fmspc, 6);
        return this;
    }

    public TdxSimulatorBuilder pceSvn(int pceSvn) {
        this.pceSvn = pceSvn;
        return this;
    }

    /** The 16 CPUSVN components of the PCK certificate (and of the UpToDate TCB level). */
    public TdxSimulatorBuilder cpuSvn(int[] cpuSvn) {
        if (cpuSvn.length != 16) {
            throw new IllegalArgumentException("16 components");
        }
        this.cpuSvn = cpuSvn.clone();
        return this;
    }

    public TdxSimulatorBuilder qeSvn(int qeSvn) {
        this.qeSvn = qeSvn;
        return this;
    }

    /** The QE report's MISCSELECT (default 0), written little-endian as in a real report. */
    public TdxSimulatorBuilder qeMiscSelect(int miscSelect) {
        this.qeMiscSelect = miscSelect;
        return this;
    }

    /** Lists the PCK leaf in the simulated PCK CRL. */
    public TdxSimulatorBuilder revokePck() {
        this.revokePck = true;
        return this;
    }

    public TdxSimulator build() {
        try {
            return new TdxSimulator(this);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot create simulated keys and certificates", e);
        }
    }
}
