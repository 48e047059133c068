package io.tee4j.cli;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code tee4j} command: demo, attest, simulator, show, verify, seal, unseal, serve, completion,
 * collateral.
 * Exit codes are the same for every TEE: 0 verified, 1 usage error, 2 evidence failed a
 * cryptographic check, 3 collateral unavailable, 4 revocation status unavailable, 5 policy
 * violation, 6 malformed evidence, 7 no TEE available.
 */
@Command(
        name = "tee4j",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Produce, inspect and verify confidential-computing attestation evidence "
                + "(AMD SEV-SNP, Intel TDX, Arm CCA, NVIDIA GPUs).",
        subcommands = {DemoCommand.class, AttestCommand.class, SimulatorCommand.class, VerifyCommand.class,
                MeasureCommand.class, ShowCommand.class, SealCommand.class, UnsealCommand.class, ServeCommand.class, AtlsCommand.class, CompletionCommand.class,
                CollateralCommand.class, TokenCommand.class, KbsCommand.class, CdhCommand.class,
                VersionCommand.class, CommandLine.HelpCommand.class, SeCommand.class},
        footer = {"", "Start with:  tee4j demo", "", "Exit codes: 0 verified, 1 usage error, 2 cryptographic check failed, 3 collateral "
                + "unavailable, 4 revocation status unavailable, 5 policy violation, 6 malformed evidence, "
                + "7 no TEE available."})
public final class Main implements Runnable {

    static {
        // tee4j ships no SLF4J backend (the application chooses one); keep the command's output
        // free of SLF4J's "no providers" notice.
        if (System.getProperty("slf4j.internal.verbosity") == null) {
            System.setProperty("slf4j.internal.verbosity", "ERROR");
        }
    }

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        StartupTrace.mark("main entered");
        int status = run(args);
        StartupTrace.mark("output written");
        StartupTrace.print();
        System.exit(status);
    }

    /** Runs the command and returns its exit code (for tests and embedding). */
    public static int run(String... args) {
        // The plain one-shot verify forms skip picocli's first-use cost (VerifyFastPath says which
        // forms; everything else, errors included, reads exactly as before).
        Integer plainVerify = VerifyFastPath.run(args);
        return plainVerify != null ? plainVerify : runWithPicocli(args);
    }

    /** Runs the command through picocli, whatever its form (the fast path's reference, in tests). */
    static int runWithPicocli(String... args) {
        // Only the invoked command's tree where that is enough (CommandTree says when): picocli
        // then reflects over one command's fields instead of every command's.
        CommandLine cl = CommandTree.forArguments(args);
        StartupTrace.mark("command line built");
        return cl.execute(args);
    }

    /** The whole command tree: help, completion, and any command line not led by a command name. */
    static CommandLine newCommandLine() {
        return configure(new CommandLine(new Main()));
    }

    /** The options, converters and exit-code mapping every tree gets, whole or single-command. */
    static CommandLine configure(CommandLine cl) {
        addHelpOptions(cl);
        cl.registerConverter(Path.class, Main::path);
        // Wide enough for the examples in every command's footer to stay on one line each.
        cl.setUsageHelpWidth(110);
        cl.setExitCodeExceptionMapper(ExitCodes::forException);
        cl.setExecutionExceptionHandler(ExitCodes::handleExecutionException);
        return cl;
    }

    /**
     * Gives every subcommand {@code -h} / {@code --help}: usage on standard output, exit code 0,
     * whatever required options are missing. (The top command has them from
     * {@code mixinStandardHelpOptions}; {@code tee4j help COMMAND} prints the same.)
     */
    private static void addHelpOptions(CommandLine parent) {
        for (CommandLine sub : parent.getSubcommands().values()) {
            CommandLine.Model.CommandSpec spec = sub.getCommandSpec();
            if (spec.findOption("--help") == null && spec.findOption("-h") == null) {
                spec.addOption(CommandLine.Model.OptionSpec.builder("-h", "--help").usageHelp(true)
                        .description("Show this help and exit.").build());
            }
            addHelpOptions(sub);
        }
    }

    /** A file name option; one the file system cannot hold is a usage error that says why. */
    private static Path path(String value) {
        try {
            return Path.of(value);
        } catch (InvalidPathException e) {
            throw new CommandLine.TypeConversionException("not a usable file name (" + e.getReason() + ")");
        }
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing command");
    }
}
