package io.tee4j.cli;

import java.util.Arrays;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Builds the command tree a command line needs. Building picocli's tree reflects over every
 * command's option fields, and with them loads the classes those fields name (Jackson's among
 * them): for a one-shot {@code tee4j verify} that was most of the time before the command ran. So
 * when the first argument names one command, the tree holds that command alone (with its own
 * subcommands) under a root of the same name; it parses, validates and prints usage for that
 * command exactly as the whole tree does, since picocli hands everything after a command's name to
 * that command. Help ({@code tee4j help verify}), completion, options before the command and names
 * that match no command get the whole tree ({@link Main#newCommandLine()}), so their output and
 * errors are those of the whole tree.
 */
final class CommandTree {

    /** The root of a single-command tree: {@link Main}'s name, version and help options, no subcommands. */
    @Command(name = "tee4j", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class)
    static final class SingleCommandRoot implements Runnable {
        @Override
        public void run() {
            // Never runs: a single-command tree exists only for a command line led by its command.
            throw new IllegalStateException("the single-command root has no command of its own");
        }
    }

    private CommandTree() {
    }

    /** The tree for these arguments: the invoked command alone where that suffices, else the whole tree. */
    static CommandLine forArguments(String... args) {
        Class<?> command = args.length == 0 ? null : singleCommand(args[0]);
        if (command == null) {
            return Main.newCommandLine();
        }
        CommandLine root = new CommandLine(new SingleCommandRoot());
        root.addSubcommand(new CommandLine(command));
        return Main.configure(root);
    }

    /**
     * The command class named by {@code name} among {@link Main}'s subcommands, or null where the
     * whole tree is needed: no such command, or one that reads the whole tree (help, completion).
     */
    static Class<?> singleCommand(String name) {
        for (Class<?> c : Main.class.getAnnotation(Command.class).subcommands()) {
            if (c == CommandLine.HelpCommand.class || c == CompletionCommand.class) {
                continue;
            }
            Command spec = c.getAnnotation(Command.class);
            if (spec != null && (spec.name().equals(name) || Arrays.asList(spec.aliases()).contains(name))) {
                return c;
            }
        }
        return null;
    }
}
