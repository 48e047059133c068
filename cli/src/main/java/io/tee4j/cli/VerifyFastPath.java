package io.tee4j.cli;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import picocli.CommandLine;

/**
 * Reads the plain forms of a {@code tee4j verify} command line without picocli, and runs the
 * command. picocli's first use in a fresh JVM (annotation proxies, reflection over the command's
 * fields, its converters and help model) cost about 85 ms of a 260 ms one-shot verify (issue 23,
 * section 2); scripts and init containers run exactly these forms once per process.
 *
 * <p>Only what picocli would read the same way is taken: {@code verify} followed by exact option
 * names of {@link VerifyCommand}, each value in the next argument. Anything else returns null and
 * the caller hands the whole command line to picocli, which then parses, validates and reports it
 * as always: help, an unknown or abbreviated option, {@code --name=value}, a value that starts with
 * {@code -} or {@code @} (an option name or an argument file to picocli), an empty value, a single
 * value given twice, a missing required option, the collateral service options of the mixin, a
 * file name the file system cannot hold, or any {@code picocli.*} system property (tracing, quote
 * trimming). So a command line either runs here exactly as picocli would run it, or goes to
 * picocli; an error the command itself raises is reported by the same handler, on the same picocli
 * command, that picocli would use. Nothing about the verification differs: the same
 * {@link VerifyCommand} runs.
 */
final class VerifyFastPath {

    private VerifyFastPath() {
    }

    /** Runs a plain {@code verify} command line and returns its exit code, or null where picocli must read it. */
    static Integer run(String[] args) {
        VerifyCommand command = parse(args);
        if (command == null) {
            return null;
        }
        ColdStartWarmUp.start(command.tee);
        StartupTrace.mark("command line built");
        try {
            Integer code = command.call();
            return code == null ? ExitCodes.OK : code;
        } catch (Exception e) {
            // The same handler on the same command picocli would have used (an error path: the
            // picocli tree is built only now).
            CommandLine verify = CommandTree.forArguments(args).getSubcommands().get("verify");
            return ExitCodes.handleExecutionException(e, verify, null);
        }
    }

    /** The command with the options of a plain command line set, or null where picocli must read it. */
    static VerifyCommand parse(String[] args) {
        if (args.length < 2 || !"verify".equals(args[0]) || picocliConfigured()) {
            return null;
        }
        VerifyCommand command = new VerifyCommand();
        Set<String> seen = new HashSet<>();
        for (int i = 1; i < args.length; i++) {
            String name = args[i];
            if (flag(command, name)) {
                if (!seen.add(name)) {
                    return null;
                }
                continue;
            }
            if (i + 1 == args.length || !plainValue(args[i + 1])) {
                return null;
            }
            String value = args[++i];
            if (!repeatable(command, name, value) && !(seen.add(name) && single(command, name, value))) {
                return null;
            }
        }
        if (command.tee == null || command.evidence.isEmpty()) {
            return null;
        }
        if (command.format == null) {
            command.format = "native"; // the option's defaultValue
        }
        return command;
    }

    /** Sets a flag option named {@code name}; false if it is not one. */
    private static boolean flag(VerifyCommand command, String name) {
        switch (name) {
            case "--offline":
                command.offline = true;
                return true;
            case "--no-revocation-check":
                command.noRevocationCheck = true;
                return true;
            case "--json":
                command.json = true;
                return true;
            default:
                return false;
        }
    }

    /** Adds {@code value} to a repeatable option; false if {@code name} is not one or the value is no file name. */
    private static boolean repeatable(VerifyCommand command, String name, String value) {
        switch (name) {
            case "--collateral":
                command.collateral.add(value);
                return true;
            case "--evidence":
                return add(command.evidence, value);
            case "--cert":
                return add(command.certs, value);
            case "--trust-root":
                return add(command.trustRoots, value);
            case "--gpu-evidence":
                return add(command.gpuEvidence, value);
            case "--gpu-trust-root":
                return add(command.gpuTrustRoots, value);
            case "--gpu-collateral":
                return add(command.gpuCollateral, value);
            case "--rim-trust-root":
                return add(command.rimTrustRoots, value);
            default:
                return false;
        }
    }

    /** Sets a single-valued option; false if {@code name} is not one or the value is no file name. */
    private static boolean single(VerifyCommand command, String name, String value) {
        switch (name) {
            case "--tee":
                command.tee = value;
                return true;
            case "--at":
                command.at = value;
                return true;
            case "--nonce":
                command.nonce = value;
                return true;
            case "--format":
                command.format = value;
                return true;
            default:
                Path path = path(value);
                return path != null && singlePath(command, name, path);
        }
    }

    private static boolean singlePath(VerifyCommand command, String name, Path path) {
        switch (name) {
            case "--policy":
                command.policy = path;
                return true;
            case "--reference-manifest":
                command.referenceManifest = path;
                return true;
            case "--cache-dir":
                command.cacheDir = path;
                return true;
            case "--signing-key":
                command.signingKey = path;
                return true;
            case "--gpu-policy":
                command.gpuPolicy = path;
                return true;
            case "--request":
                command.seRequest = path;
                return true;
            case "--arpk":
                command.seArpk = path;
                return true;
            case "--se-header":
                command.seHeader = path;
                return true;
            default:
                return false;
        }
    }

    private static boolean add(List<Path> list, String value) {
        Path path = path(value);
        return path != null && list.add(path);
    }

    /** {@code Path.of}, as picocli's converter ({@code Main.path}) does; null where that is a usage error. */
    private static Path path(String value) {
        try {
            return Path.of(value);
        } catch (InvalidPathException e) {
            return null;
        }
    }

    /** A value picocli takes as it is: not empty, not an option-like or argument-file word. */
    private static boolean plainValue(String value) {
        return !value.isEmpty() && value.charAt(0) != '-' && value.charAt(0) != '@';
    }

    /** Whether a {@code picocli.*} system property (tracing, quote trimming, ...) could change what picocli does. */
    private static boolean picocliConfigured() {
        for (String key : System.getProperties().stringPropertyNames()) {
            if (key.startsWith("picocli.")) {
                return true;
            }
        }
        return false;
    }
}
