package io.tee4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * A command line led by a command's name gets a tree holding that command alone
 * ({@link CommandTree}), so picocli reflects over one command's fields instead of all of them
 * (issue 23 section 2: a one-shot {@code verify} loaded every command's classes and Jackson's
 * databind before it ran). What a user sees must not change: usage, help and usage errors read the
 * same as from the whole tree, and help, completion and unknown names still get the whole tree.
 */
class CommandTreeTest {

    @Test
    void aCommandNameGetsATreeOfThatCommandAloneAnythingElseTheWholeTree() {
        int all = Main.newCommandLine().getSubcommands().size();
        CommandLine verify = CommandTree.forArguments("verify", "--tee", "sev-snp");
        assertEquals(Set.of("verify"), verify.getSubcommands().keySet());
        assertEquals("tee4j", verify.getCommandName());
        assertEquals(Set.of("fetch", "serve", "help"),
                CommandTree.forArguments("collateral", "fetch").getSubcommands().get("collateral").getSubcommands().keySet());
        for (String[] args : List.of(new String[0], new String[] {"help", "verify"}, new String[] {"completion"},
                new String[] {"--help"}, new String[] {"-V"}, new String[] {"nosuchcommand"}, new String[] {"VERIFY"})) {
            assertEquals(all, CommandTree.forArguments(args).getSubcommands().size(), String.join(" ", args));
        }
        assertNull(CommandTree.singleCommand("help"));
        assertNull(CommandTree.singleCommand("completion"));
        assertNotNull(CommandTree.singleCommand("version"));
    }

    @Test
    void everyCommandReadsTheSameFromItsOwnTreeAsFromTheWholeTree() throws Exception {
        for (String name : Main.newCommandLine().getSubcommands().keySet()) {
            if (CommandTree.singleCommand(name) == null) {
                continue;
            }
            for (List<String> args : List.of(List.of(name, "--help"), List.of(name, "--no-such-option"), List.of(name))) {
                if (args.size() == 1 && Set.of("demo", "serve", "attest", "version").contains(name)) {
                    continue; // these run something real without options; the two lines above cover their parsing
                }
                String[] a = args.toArray(new String[0]);
                assertEquals(captured(a, x -> Main.newCommandLine()), captured(a, CommandTree::forArguments),
                        String.join(" ", args));
            }
        }
        // A command's own subcommands and its own help command, and a bad value after a valid start.
        for (String[] args : List.of(new String[] {"collateral", "help", "fetch"}, new String[] {"measure", "sev-snp", "--help"},
                new String[] {"collateral", "nosuch"}, new String[] {"verify", "--tee", "sev-snp", "--evidence", "/no/such/file",
                        "--at", "yesterday"})) {
            assertEquals(captured(args, x -> Main.newCommandLine()), captured(args, CommandTree::forArguments),
                    String.join(" ", args));
        }
    }

    /** Exit code, standard output and standard error of one command line on the given tree. */
    private static String captured(String[] args, Function<String[], CommandLine> tree) {
        return Cli.capture(args, a -> tree.apply(a).execute(a)).toString();
    }

    /**
     * In a fresh JVM, a {@code verify} of the bundled SEV-SNP and TDX samples, text and JSON output,
     * loads no Jackson ObjectMapper and initialises no other command: before, picocli's
     * reflection over every command, the Jackson-node text rendering and the mapper that wrote the
     * JSON loaded both.
     */
    @Test
    void aOneShotVerifyLoadsNoObjectMapperAndNoOtherCommand(@TempDir Path dir) throws Exception {
        String report = unpack(dir, "snp/milan-report.bin");
        String vcek = unpack(dir, "snp/milan-vcek.der");
        String quote = unpack(dir, "tdx/quote.dat");
        String collateral = unpack(dir, "tdx/collateral.json");
        List<List<String>> commands = List.of(
                List.of("verify", "--tee", "sev-snp", "--evidence", report, "--cert", vcek, "--at", "2025-08-01T00:00:00Z",
                        "--offline", "--no-revocation-check"),
                List.of("verify", "--tee", "tdx", "--evidence", quote, "--collateral", collateral,
                        "--at", "2025-07-04T10:24:00Z", "--offline"));
        for (List<String> text : commands) {
          for (List<String> command : List.of(text, append(text, "--json"))) {
            boolean json = command.contains("--json");
            List<String> cmd = new ArrayList<>(List.of(Cli.java(), "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                    "-Xshare:off", "-Xlog:class+load=info,class+init=info:stdout", "-cp", Cli.classPath(), Main.class.getName()));
            cmd.addAll(command);
            Cli.Result r = Cli.exec(cmd, dir, Map.of(), Duration.ofSeconds(60));
            assertEquals(0, r.rc(), r.err());
            assertTrue(r.out().contains(json ? "\n  \"verified\" : true," : "\nVERIFIED "), r.err());
            List<String> loaded = r.out().lines().filter(l -> l.contains("[class,load]"))
                    .map(l -> l.replaceFirst(".*\\[class,load\\] (\\S+).*", "$1")).collect(Collectors.toList());
            assertTrue(loaded.size() > 1000 && loaded.contains(VerifyCommand.class.getName()), "class loading was logged");
            assertFalse(loaded.contains("com.fasterxml.jackson.databind.ObjectMapper"), command.get(2));
            // Reading Main's subcommand list loads the command classes; picocli's tree initialised each one.
            List<String> otherCommands = r.out().lines().filter(l -> l.contains("[class,init]"))
                    .map(l -> l.replaceFirst(".*Initializing 'io/tee4j/cli/(\\w+Command)'.*", "$1"))
                    .filter(c -> c.endsWith("Command") && !c.contains(" ") && !c.equals("VerifyCommand"))
                    .collect(Collectors.toList());
            assertEquals(List.of(), otherCommands, command.get(2));
          }
        }
    }

    private static List<String> append(List<String> list, String item) {
        List<String> longer = new ArrayList<>(list);
        longer.add(item);
        return longer;
    }

    private static String unpack(Path dir, String sample) throws Exception {
        try (InputStream in = StartupTraining.class.getResourceAsStream("samples/" + sample)) {
            Path file = dir.resolve(sample.replace('/', '-'));
            Files.copy(in, file);
            return file.toString();
        }
    }
}
