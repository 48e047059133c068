package io.tee4j.cli;

import io.tee4j.core.AttestationException;
import io.tee4j.core.PolicyFormatException;
import io.tee4j.core.PolicyViolationException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

/**
 * Maps failures to the exit codes every TEE shares, and prints each failure once, in the
 * command's words ({@link CliWording}): "tee4j: policy violation: ...", never "policy violation:
 * policy violation: ...".
 */
final class ExitCodes {
    static final int OK = 0;
    static final int USAGE = 1;

    private ExitCodes() {
    }

    static int forException(Throwable t) {
        if (t instanceof AttestationException) {
            return ((AttestationException) t).failureClass().exitCode();
        }
        return USAGE;
    }

    /** The lines that say what failed, without the {@code tee4j: } prefix. */
    static List<String> describe(AttestationException e) {
        if (e instanceof PolicyViolationException) {
            List<String> violations = ((PolicyViolationException) e).violations();
            if (violations.size() == 1) {
                return List.of("policy violation: " + CliWording.forCommandLine(violations.get(0)));
            }
            List<String> out = new ArrayList<>();
            out.add(violations.size() + " policy violations:");
            for (String v : violations) {
                out.add("  - " + CliWording.forCommandLine(v));
            }
            return out;
        }
        String label = e.failureClass().name().toLowerCase(Locale.ROOT).replace('_', ' ');
        String message = CliWording.forCommandLine(e.getMessage());
        return List.of(message.startsWith(label + ":") ? message : label + ": " + message);
    }

    /** Prints a failure on the error stream, each line after the first indented. */
    static void print(PrintWriter err, AttestationException e) {
        List<String> lines = describe(e);
        err.println("tee4j: " + lines.get(0));
        for (String line : lines.subList(1, lines.size())) {
            err.println(line);
        }
        err.flush();
    }

    static int handleExecutionException(Exception e, CommandLine cl, ParseResult parseResult) {
        if (e instanceof AttestationException) {
            print(cl.getErr(), (AttestationException) e);
            return ((AttestationException) e).failureClass().exitCode();
        }
        if (e instanceof PolicyFormatException || e instanceof UsageException) {
            cl.getErr().println("tee4j: " + CliWording.forCommandLine(e.getMessage()));
            return USAGE;
        }
        // Only a bug in tee4j gets here: every input problem is a typed exception above. Say so
        // in one line; the stack trace is for whoever fixes it (TEE4J_DEBUG=1).
        cl.getErr().println("tee4j: internal error (a bug in tee4j; please report it): " + e.getClass().getName()
                + (e.getMessage() != null ? ": " + e.getMessage() : ""));
        if ("1".equals(System.getenv("TEE4J_DEBUG"))) {
            e.printStackTrace(cl.getErr());
        }
        return USAGE;
    }
}
