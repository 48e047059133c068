package io.tee4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Every command documents itself with an example, and bash completion covers every command. */
class HelpTest {

    private static List<CommandLine> allCommands(CommandLine cl) {
        List<CommandLine> out = new ArrayList<>();
        out.add(cl);
        for (Map.Entry<String, CommandLine> e : cl.getSubcommands().entrySet()) {
            if (!e.getKey().equals("help")) {
                out.addAll(allCommands(e.getValue()));
            }
        }
        return out;
    }

    @Test
    void everyCommandHasHelpWithAnExample() {
        List<CommandLine> commands = allCommands(Main.newCommandLine());
        assertTrue(commands.size() >= 12, "commands: " + commands.size());
        for (CommandLine cl : commands.subList(1, commands.size())) {
            String usage = cl.getUsageMessage(CommandLine.Help.Ansi.OFF);
            assertTrue(usage.contains("Example"), cl.getCommandName() + " has no example:\n" + usage);
            assertTrue(usage.contains("tee4j "), cl.getCommandName() + " example does not show the command:\n" + usage);
        }
        String top = Main.newCommandLine().getUsageMessage(CommandLine.Help.Ansi.OFF);
        assertTrue(top.contains("tee4j demo") && top.contains("Exit codes"), top);
    }

    @Test
    void completionPrintsABashScriptForEveryCommand() {
        int[] rc = new int[1];
        String out = MainTest.captureOut(() -> rc[0] = Main.run("completion"));
        assertEquals(0, rc[0]);
        assertTrue(out.contains("complete -F"), out.substring(0, Math.min(500, out.length())));
        for (String c : List.of("demo", "attest", "simulator", "verify", "show", "seal", "unseal", "serve", "completion")) {
            assertTrue(out.contains(c), "completion lacks " + c);
        }
        assertTrue(out.contains("--key-source") && out.contains("--trust-root"), "options are completed");
    }
}
