package io.tee4j.cli;

import io.tee4j.core.AttestationException;
import io.tee4j.core.keys.SealingKeySource;
import io.tee4j.sealing.ReleasedKeySource;
import io.tee4j.sealing.SealingKeyUnavailableException;
import io.tee4j.sealing.SimulatedKeySource;
import io.tee4j.snp.AttestationReport;
import io.tee4j.snp.SnpAttester;
import io.tee4j.snp.SnpSealingKeySource;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * The sealing key sources the command can use, by name: {@code sev-snp} (the firmware's
 * VMRK-rooted derived key, through {@code /dev/sev-guest}), {@code released} (a key released by a
 * key broker, from a file or an environment variable) and {@code simulated} (a seed in a
 * directory: protects nothing, chosen by name only, and said so on stderr every time).
 */
final class KeySources {
    /** Where the simulated sealing seed lives unless {@code --sim-dir} says otherwise. */
    static Path defaultSimDir() {
        return Paths.get(System.getProperty("user.home"), ".tee4j", "simulator");
    }

    private KeySources() {
    }

    /** Options naming where keys come from. */
    record Options(Path keyFile, String keyEnv, Path simDir) {
    }

    static SealingKeySource open(String id, Options o, PrintStream err) throws UsageException, AttestationException {
        if (id.equals(SimulatedKeySource.ID)) {
            Path dir = o.simDir() != null ? o.simDir() : defaultSimDir();
            err.println("tee4j: WARNING: SIMULATED key source: the key is derived from a seed in " + dir
                    + " and protects NOTHING. Use it for tests and demos only.");
            try {
                return SimulatedKeySource.builder().seedDirectory(dir).build();
            } catch (IOException e) {
                throw new UsageException("simulated key source: " + e.getMessage(), e);
            }
        }
        if (id.equals("sev-snp") || id.equals("sev-snp/vmrk")) {
            SnpAttester attester = SnpAttester.system();
            return SnpSealingKeySource.vmrkRooted(attester,
                    () -> AttestationReport.parse(attester.attest(new byte[64]).raw()), 0);
        }
        if (id.equals(ReleasedKeySource.ID) || id.startsWith(ReleasedKeySource.ID + "/")) {
            String name = id.equals(ReleasedKeySource.ID) ? null : id.substring(ReleasedKeySource.ID.length() + 1);
            if ((o.keyFile() == null) == (o.keyEnv() == null)) {
                throw new UsageException("the released key source needs exactly one of --key-file or --key-env");
            }
            try {
                return o.keyFile() != null ? ReleasedKeySource.fromFile(name, o.keyFile())
                        : ReleasedKeySource.fromEnvironment(name, o.keyEnv(), System.getenv());
            } catch (SealingKeyUnavailableException e) {
                throw new UsageException(e.getMessage(), e);
            }
        }
        throw new UsageException("unknown key source '" + id + "' (known: simulated, sev-snp, released)");
    }
}
