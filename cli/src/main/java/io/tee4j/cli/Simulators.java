package io.tee4j.cli;

import io.tee4j.core.AttestationException;
import io.tee4j.core.Attester;
import io.tee4j.core.Evidence;
import io.tee4j.core.TeeType;
import io.tee4j.core.TeeUnavailableException;
import io.tee4j.testing.spi.MeasuredLaunchSimulator;
import io.tee4j.testing.spi.SeededSimulator;
import io.tee4j.testing.spi.SimulatedAttestation;
import io.tee4j.testing.spi.SimulatorDirectory;
import io.tee4j.testing.spi.SimulatorProvider;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.ServiceLoader;

/**
 * The simulators of every TEE whose {@code tee4j-<tee>-testing} artifact is on the class path,
 * found through {@link SimulatorProvider} (the command names no backend), kept in a directory so
 * that evidence made by one {@code tee4j} run verifies against roots written by another. NOT
 * SECURE: the directory holds the seed every simulated private key is derived from.
 *
 * <p>How they persist: {@code tee4j simulator init DIR} writes a 32-byte random seed and the
 * creation instant, then lets each simulator write its roots and files; each simulator is rebuilt
 * on every use from the seed ({@link SimulatorDirectory}), so its keys, and hence its roots, are the
 * same each time. Files: {@code seed}, {@code created}, {@code README.txt}, {@code <tee>-root.pem}
 * for each TEE, and what each simulator's {@link SeededSimulator#readme()} lists.
 */
final class Simulators {
    static final String SEED = "seed";
    static final String CREATED = "created";
    private static final String README = "README.txt";

    private final SimulatorDirectory directory;
    /** Every simulator found, by TEE, in {@link TeeType} order. */
    private final Map<TeeType, SeededSimulator> simulators;

    private Simulators(SimulatorDirectory directory) {
        this.directory = directory;
        Map<TeeType, SeededSimulator> found = new EnumMap<>(TeeType.class);
        for (SimulatorProvider p : ServiceLoader.load(SimulatorProvider.class, Simulators.class.getClassLoader())) {
            found.putIfAbsent(p.tee(), p.open(directory));
        }
        this.simulators = Collections.unmodifiableMap(found);
    }

    /** Creates a simulator directory (refuses one that already holds a seed) and writes every root. */
    static Simulators init(Path dir, Clock clock) throws UsageException {
        Objects.requireNonNull(dir, "dir");
        try {
            Files.createDirectories(dir);
            if (Files.exists(dir.resolve(SEED))) {
                throw new UsageException(dir + " already holds a simulator (" + SEED + " exists); use another directory");
            }
            byte[] s = new byte[32];
            new SecureRandom().nextBytes(s);
            Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
            Simulators sims = new Simulators(SimulatorDirectory.of(dir, s, now, clock));
            SimulatorDirectory.write(dir.resolve(README), sims.readme().getBytes(StandardCharsets.UTF_8));
            SimulatorDirectory.write(dir.resolve(CREATED), (now + "\n").getBytes(StandardCharsets.US_ASCII));
            SimulatorDirectory.write(dir.resolve(SEED),
                    (HexFormat.of().formatHex(s) + "\n").getBytes(StandardCharsets.US_ASCII));
            if (dir.getFileSystem().supportedFileAttributeViews().contains("posix")) {
                // Not secret in any real sense (see README.txt), but no reason to share it either.
                Files.setPosixFilePermissions(dir.resolve(SEED), PosixFilePermissions.fromString("rw-------"));
            }
            for (SeededSimulator sim : sims.simulators.values()) {
                sim.writeFiles();
            }
            return sims;
        } catch (IOException e) {
            throw new UsageException("cannot create the simulator directory " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Loads the simulators of a directory made by {@link #init}. */
    static Simulators load(Path dir, Clock clock) throws UsageException {
        try {
            byte[] s = HexFormat.of().parseHex(Files.readString(dir.resolve(SEED), StandardCharsets.US_ASCII).trim());
            if (s.length != 32) {
                throw new UsageException(dir.resolve(SEED) + " is not a 32-byte hex seed");
            }
            Instant created = Instant.parse(Files.readString(dir.resolve(CREATED), StandardCharsets.US_ASCII).trim());
            return new Simulators(SimulatorDirectory.of(dir, s, created, clock));
        } catch (IOException e) {
            throw new UsageException(dir + " is not a simulator directory (run 'tee4j simulator init " + dir
                    + "' first): " + e.getMessage(), e);
        } catch (IllegalArgumentException | DateTimeParseException e) {
            throw new UsageException(dir + ": damaged simulator files: " + e.getMessage(), e);
        }
    }

    Path dir() {
        return directory.dir();
    }

    /** The seeded directory the simulators are rebuilt from. */
    SimulatorDirectory directory() {
        return directory;
    }

    static Path rootFile(Path dir, TeeType tee) {
        return SimulatorDirectory.rootFile(dir, tee);
    }

    /** Every root the simulators wrote, under the label {@code simulator init} prints, in TEE order. */
    Map<String, Path> roots() {
        Map<String, Path> roots = new LinkedHashMap<>();
        simulators.values().forEach(sim -> roots.putAll(sim.roots()));
        return roots;
    }

    private String readme() {
        StringBuilder files = new StringBuilder();
        simulators.values().forEach(sim -> files.append(sim.readme()));
        return "tee4j SIMULATOR DIRECTORY - NOT SECURE\n"
                + "======================================\n\n"
                + "The files here are simulated TEE roots and the seed all their private keys are\n"
                + "derived from. Anyone who can read this directory can forge evidence that verifies\n"
                + "against these roots. They are test roots: never pass them to a production verifier,\n"
                + "never trust them by default (tee4j never does; they must be given explicitly with\n"
                + "--trust-root).\n\n"
                + "  seed, created            the simulators' seed and creation time\n"
                + "  <tee>-root.pem           each simulated root\n"
                + files;
    }

    /** An attester backed by this directory's simulator for {@code tee}. */
    Attester attester(TeeType tee) {
        return new Attester() {
            @Override
            public TeeType type() {
                return tee;
            }

            @Override
            public Evidence attest(byte[] reportData) throws AttestationException {
                SimulatedAttestation a = Simulators.this.attest(tee, reportData);
                if (!a.evidence().certificates().isEmpty() || a.certificates().isEmpty()) {
                    return a.evidence();
                }
                Evidence.Builder b = a.evidence().toBuilder();
                for (X509Certificate c : a.certificates()) {
                    try {
                        b.addCertificate(c.getEncoded());
                    } catch (CertificateEncodingException e) {
                        throw new IllegalStateException("a simulated certificate does not encode", e);
                    }
                }
                return b.build();
            }

            @Override
            public String toString() {
                return "simulated " + tee.id() + " (" + dir() + ")";
            }
        };
    }

    /**
     * Produces simulated evidence for {@code reportData} and refreshes the collateral the TEE needs.
     *
     * @throws IllegalArgumentException no simulator for {@code tee}, or report data it cannot carry
     */
    SimulatedAttestation attest(TeeType tee, byte[] reportData) throws AttestationException {
        SeededSimulator sim = simulators.get(tee);
        if (sim == null) {
            throw new IllegalArgumentException("no simulator for " + tee.id());
        }
        try {
            return sim.attest(reportData);
        } catch (IOException e) {
            throw new TeeUnavailableException("simulator directory " + dir() + ": " + e.getMessage(), e);
        }
    }

    /**
     * Simulated evidence of {@code tee} for a guest launched with {@code measurement} (what a
     * firmware, kernel and VM shape measure to), e.g. the value a reference manifest derives.
     *
     * @throws IllegalArgumentException no simulator of {@code tee} that can claim a launch measurement
     */
    SimulatedAttestation attestLaunchedWith(TeeType tee, byte[] measurement, byte[] reportData)
            throws AttestationException {
        if (!(simulators.get(tee) instanceof MeasuredLaunchSimulator sim)) {
            throw new IllegalArgumentException("no simulator of " + tee.id() + " launches with a given measurement");
        }
        try {
            return sim.attestLaunchedWith(measurement, reportData);
        } catch (IOException e) {
            throw new TeeUnavailableException("simulator directory " + dir() + ": " + e.getMessage(), e);
        }
    }
}
