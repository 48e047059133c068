package io.tee4j.cli;

import io.tee4j.core.AttestationException;
import io.tee4j.core.keys.SealingKeySource;
import io.tee4j.sealing.MalformedSealedDataException;
import io.tee4j.sealing.ReleasedKeySource;
import io.tee4j.sealing.SealingKeyUnavailableException;
import io.tee4j.sealing.SimulatedKeySource;
import io.tee4j.snp.abi.AttestationReport;
import io.tee4j.snp.client.SnpAttester;
import io.tee4j.snp.client.SnpSealingKeySource;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The sealing key sources the command can use, by name: {@code sev-snp} (the firmware's
 * VMRK-rooted derived key, through {@code /dev/sev-guest}; files sealed through the library with
 * the VCEK root, {@code sev-snp/vcek}, also unseal), {@code released} (a key released by a key
 * broker, from a file or an environment variable) and {@code simulated} (a seed in a simulator
 * directory: protects nothing, chosen by name only, and said so on stderr every time).
 *
 * <p>Each option belongs to one source, and the source (named on {@code seal}, read from the
 * header on {@code unseal}) decides which are required: {@code --sim-dir} for the simulated one,
 * one of {@code --key-file}/{@code --key-env} (and optionally {@code --key-format}) for a released
 * key, none for SEV-SNP. An option that does not apply is a usage error, never ignored, and there
 * is no default simulator directory.
 */
final class KeySources {
    static final String SEV_SNP_VMRK = "sev-snp/vmrk";
    static final String SEV_SNP_VCEK = "sev-snp/vcek";

    private KeySources() {
    }

    /** Options naming where keys come from. */
    record Options(Path keyFile, String keyEnv, String keyFormat, Path simDir) {
    }

    /** Whether the source is opened to seal (it may create a simulated seed) or to unseal (it never does). */
    enum Use {
        SEAL, UNSEAL
    }

    /**
     * The key-source id for a name given on the command line: {@code simulated}, {@code sev-snp}
     * (the VMRK), {@code released}, or a full id ({@code sev-snp/vmrk}, {@code sev-snp/vcek},
     * {@code released/NAME}).
     */
    static String idFor(String name, String option) throws UsageException {
        String id = name.equals("sev-snp") ? SEV_SNP_VMRK : name.equals("kbs") ? KbsKeySource.ID_PREFIX : name;
        if (!isKnown(id)) {
            throw new UsageException(option + " must be simulated, sev-snp, released or kbs, not '" + name + "'");
        }
        return id;
    }

    /** Whether tee4j has a key source of this id. */
    static boolean isKnown(String id) {
        return id.equals(SimulatedKeySource.ID) || id.equals(SEV_SNP_VMRK) || id.equals(SEV_SNP_VCEK)
                || id.equals(ReleasedKeySource.ID) || id.startsWith(ReleasedKeySource.ID + "/")
                && ReleasedKeySource.isValidName(id.substring(ReleasedKeySource.ID.length() + 1));
    }

    /**
     * The key-source id a sealed file names, refused as malformed (exit 6) when tee4j has no such
     * source: a header is printable ASCII, so a tampered id still parses.
     */
    static String fromHeader(String id) throws MalformedSealedDataException {
        if (!isKnown(id)) {
            throw new MalformedSealedDataException("the sealed file names key source '" + id + "', which tee4j does"
                    + " not have (simulated, sev-snp/vmrk, sev-snp/vcek, released, released/NAME): it is damaged"
                    + " or was not written by tee4j");
        }
        return id;
    }

    static SealingKeySource open(String id, Options o, Use use, PrintStream err)
            throws UsageException, AttestationException {
        if (id.equals(SimulatedKeySource.ID)) {
            return simulated(o, use, err);
        }
        if (id.equals(SEV_SNP_VMRK) || id.equals(SEV_SNP_VCEK)) {
            refuseInapplicable(o, "the SEV-SNP key source", true, true);
            SnpAttester attester = SnpAttester.system();
            SnpSealingKeySource.ReportSource reports = () -> AttestationReport.parse(attester.attest(new byte[64]).raw());
            return id.equals(SEV_SNP_VMRK) ? SnpSealingKeySource.vmrkRooted(attester, reports, 0)
                    : SnpSealingKeySource.vcekRooted(attester, reports, 0);
        }
        return released(id, o);
    }

    /** Refuses the options that do not apply to {@code source}: the simulator's, the released key's, or both. */
    private static void refuseInapplicable(Options o, String source, boolean releasedOptions, boolean simulatorOptions)
            throws UsageException {
        List<String> given = new ArrayList<>();
        if (releasedOptions) {
            addIf(given, o.keyFile() != null, "--key-file");
            addIf(given, o.keyEnv() != null, "--key-env");
            addIf(given, o.keyFormat() != null, "--key-format");
        }
        if (simulatorOptions) {
            addIf(given, o.simDir() != null, "--sim-dir");
        }
        if (!given.isEmpty()) {
            throw new UsageException(String.join(", ", given) + (given.size() == 1 ? " does" : " do")
                    + " not apply to " + source);
        }
    }

    private static void addIf(List<String> list, boolean condition, String option) {
        if (condition) {
            list.add(option);
        }
    }

    private static SealingKeySource simulated(Options o, Use use, PrintStream err) throws UsageException {
        refuseInapplicable(o, "the simulated key source", true, false);
        Path dir = o.simDir();
        if (dir == null) {
            throw new UsageException(use == Use.UNSEAL
                    ? "this file was sealed with the simulated key source; pass --sim-dir DIR (the simulator directory"
                            + " it was sealed with)"
                    : "the simulated key source needs --sim-dir DIR (a simulator directory: 'tee4j simulator init DIR')");
        }
        checkSimulatorDirectory(dir);
        err.println("tee4j: WARNING: SIMULATED key source: the key is derived from a seed in " + dir
                + " and protects NOTHING. Use it for tests and demos only.");
        try {
            SimulatedKeySource.Builder b = SimulatedKeySource.builder();
            return (use == Use.SEAL ? b.seedDirectory(dir) : b.existingSeedDirectory(dir)).build();
        } catch (NoSuchFileException e) {
            throw new UsageException(dir + " holds no simulated sealing seed (" + SimulatedKeySource.SEED_FILE
                    + "), so this file was sealed with another simulator directory", e);
        } catch (IOException e) {
            throw new UsageException("simulated key source in " + dir + ": " + e.getMessage(), e);
        }
    }

    /**
     * A simulator directory, as {@code attest --simulate} requires one: made by
     * {@code tee4j simulator init} (it holds the simulators' seed) or already holding a sealing seed.
     * Nothing is created in a directory that is neither.
     */
    private static void checkSimulatorDirectory(Path dir) throws UsageException {
        if (!Files.isDirectory(dir) || !(Files.exists(dir.resolve(Simulators.SEED))
                || Files.exists(dir.resolve(SimulatedKeySource.SEED_FILE)))) {
            throw new UsageException(dir + " is not a simulator directory (run 'tee4j simulator init " + dir
                    + "' first)");
        }
    }

    private static SealingKeySource released(String id, Options o) throws UsageException {
        refuseInapplicable(o, "a released key", false, true);
        String name = id.equals(ReleasedKeySource.ID) ? null : id.substring(ReleasedKeySource.ID.length() + 1);
        if ((o.keyFile() == null) == (o.keyEnv() == null)) {
            throw new UsageException("the released key source needs exactly one of --key-file or --key-env");
        }
        ReleasedKeySource.KeyFormat format = keyFormat(o.keyFormat());
        try {
            return o.keyFile() != null ? ReleasedKeySource.fromFile(name, o.keyFile(), format)
                    : ReleasedKeySource.fromEnvironment(name, o.keyEnv(), System.getenv(), format);
        } catch (SealingKeyUnavailableException e) {
            throw new UsageException(e.getMessage().replace("state its format (raw, hex or base64)",
                    "state its format with --key-format raw|hex|base64"), e);
        }
    }

    private static ReleasedKeySource.KeyFormat keyFormat(String name) throws UsageException {
        if (name == null) {
            return null;
        }
        switch (name.toLowerCase(Locale.ROOT)) {
            case "raw":
                return ReleasedKeySource.KeyFormat.RAW;
            case "hex":
                return ReleasedKeySource.KeyFormat.HEX;
            case "base64":
                return ReleasedKeySource.KeyFormat.BASE64;
            default:
                throw new UsageException("--key-format must be raw, hex or base64, not " + name);
        }
    }
}
