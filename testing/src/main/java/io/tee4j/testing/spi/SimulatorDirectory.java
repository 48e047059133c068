package io.tee4j.testing.spi;

import io.tee4j.core.TeeType;
import io.tee4j.core.crypto.Certificates;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The directory every {@link SeededSimulator} of one {@code tee4j simulator init} lives in: its
 * seed, its creation instant, the clock evidence is dated by, and the files the simulators write.
 * NOT SECURE: every simulated private key is derived from the seed.
 *
 * <p>Determinism: {@link #random(String)} is SHA1PRNG seeded with SHA-256 of the seed and a
 * purpose string before first use, which the JDK makes reproducible, so a simulator rebuilt from
 * the same directory has the same keys (signatures may still be randomized; they need not repeat).
 *
 * @since 0.2
 */
public final class SimulatorDirectory {
    private final Path dir;
    private final byte[] seed;
    private final Instant created;
    private final Clock clock;

    private SimulatorDirectory(Path dir, byte[] seed, Instant created, Clock clock) {
        this.dir = Objects.requireNonNull(dir, "dir");
        this.seed = seed.clone();
        this.created = Objects.requireNonNull(created, "created");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The directory {@code dir} with its {@code seed} and creation instant; evidence is dated by {@code clock}. */
    public static SimulatorDirectory of(Path dir, byte[] seed, Instant created, Clock clock) {
        return new SimulatorDirectory(dir, Objects.requireNonNull(seed, "seed"), created, clock);
    }

    /** Where the files are. */
    public Path dir() {
        return dir;
    }

    /** When {@code simulator init} made the directory; certificate validity is pinned to it. */
    public Instant created() {
        return created;
    }

    /** The clock evidence and collateral are dated by. */
    public Clock clock() {
        return clock;
    }

    /** {@code <tee>-root.pem}: where a TEE's simulated root is written. */
    public static Path rootFile(Path dir, TeeType tee) {
        return dir.resolve(tee.id() + "-root.pem");
    }

    /** {@link #rootFile(Path, TeeType)} of this directory. */
    public Path rootFile(TeeType tee) {
        return rootFile(dir, tee);
    }

    /** A deterministic generator for one purpose's keys (see the class comment). */
    public SecureRandom random(String purpose) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(seed);
            sha.update(purpose.getBytes(StandardCharsets.US_ASCII));
            SecureRandom r = SecureRandom.getInstance("SHA1PRNG");
            r.setSeed(sha.digest());
            return r;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 and SHA1PRNG are in every Java 17 runtime", e);
        }
    }

    /** 32 deterministic bytes for {@code purpose}: the first output of {@link #random(String)}. */
    public byte[] derive(String purpose) {
        byte[] out = new byte[32];
        random(purpose).nextBytes(out);
        return out;
    }

    /**
     * Writes {@code content} to {@code target} through a temporary file and an atomic move, so a
     * verifier reading the file concurrently sees the old or the new content, never a mix.
     */
    public static void write(Path target, byte[] content) throws IOException {
        Path tmp = Files.createTempFile(target.toAbsolutePath().getParent(), "." + target.getFileName(), ".tmp");
        try {
            Files.write(tmp, content);
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** The certificates as concatenated PEM blocks, in order. */
    public static byte[] pem(List<X509Certificate> certificates) {
        StringBuilder sb = new StringBuilder();
        certificates.forEach(c -> sb.append(Certificates.toPem(c)));
        return sb.toString().getBytes(StandardCharsets.US_ASCII);
    }
}
