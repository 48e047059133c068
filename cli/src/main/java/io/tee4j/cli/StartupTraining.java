package io.tee4j.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The launcher's training run for its start-up archive (AppCDS on JDK 17-24, the AOT cache on JDK
 * 25 or newer): runs real {@code tee4j verify} commands, text and JSON output, on the real-hardware
 * samples the jar ships (an SEV-SNP report with its VCEK, a TDX quote with its collateral), so the
 * archive holds the classes a one-shot {@code verify} loads rather than those of whatever command
 * happened to run first. The commands' output is discarded and their verdicts do not matter here;
 * nothing is verified on the caller's behalf. Not a subcommand: the launcher starts it with
 * {@code java -cp tee4j-cli-all.jar io.tee4j.cli.StartupTraining}.
 */
public final class StartupTraining {

    private StartupTraining() {
    }

    /** Runs the training commands and exits 0, or 1 when the samples could not be unpacked. */
    public static void main(String[] args) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        Path dir = null;
        int status = 0;
        try {
            dir = Files.createTempDirectory("tee4j-training");
            PrintStream discard = new PrintStream(OutputStream.nullOutputStream());
            System.setOut(discard);
            System.setErr(discard);
            for (String[] command : commands(dir)) {
                Main.run(command);
            }
        } catch (IOException e) {
            err.println("tee4j: start-up training skipped: " + e.getMessage());
            status = 1;
        } finally {
            System.setOut(out);
            System.setErr(err);
            deleteQuietly(dir);
        }
        System.exit(status);
    }

    private static List<String[]> commands(Path dir) throws IOException {
        String report = unpack(dir, "snp/milan-report.bin");
        String vcek = unpack(dir, "snp/milan-vcek.der");
        String quote = unpack(dir, "tdx/quote.dat");
        String collateral = unpack(dir, "tdx/collateral.json");
        List<String[]> commands = new ArrayList<>();
        for (String json : new String[] {null, "--json"}) {
            commands.add(withOptional(json, "verify", "--tee", "sev-snp", "--evidence", report, "--cert", vcek,
                    "--at", "2025-08-01T00:00:00Z", "--offline", "--no-revocation-check"));
            commands.add(withOptional(json, "verify", "--tee", "tdx", "--evidence", quote, "--collateral", collateral,
                    "--at", "2025-07-04T10:24:00Z", "--offline"));
        }
        return commands;
    }

    private static String[] withOptional(String extra, String... command) {
        if (extra == null) {
            return command;
        }
        String[] withExtra = Arrays.copyOf(command, command.length + 1);
        withExtra[command.length] = extra;
        return withExtra;
    }

    private static String unpack(Path dir, String sample) throws IOException {
        try (InputStream in = StartupTraining.class.getResourceAsStream("samples/" + sample)) {
            if (in == null) {
                throw new IOException("sample " + sample + " is not in the jar");
            }
            Path file = dir.resolve(sample.replace('/', '-'));
            Files.copy(in, file);
            return file.toString();
        }
    }

    private static void deleteQuietly(Path dir) {
        if (dir == null) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // A temporary folder left behind is harmless; the training run's outcome does not depend on it.
        }
    }
}
