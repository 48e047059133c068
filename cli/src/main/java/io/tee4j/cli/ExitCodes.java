package io.tee4j.cli;

import io.tee4j.core.AttestationException;
import io.tee4j.core.PolicyFormatException;
import io.tee4j.core.PolicyViolationException;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

/** Maps failures to the exit codes every TEE shares. */
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

    static int handleExecutionException(Exception e, CommandLine cl, ParseResult parseResult) {
        if (e instanceof AttestationException) {
            AttestationException ae = (AttestationException) e;
            cl.getErr().println("tee4j: " + ae.failureClass().name().toLowerCase(java.util.Locale.ROOT)
                    .replace('_', ' ') + ": " + ae.getMessage());
            if (ae instanceof PolicyViolationException) {
                for (String v : ((PolicyViolationException) ae).violations()) {
                    cl.getErr().println("  - " + v);
                }
            }
            return ae.failureClass().exitCode();
        }
        if (e instanceof PolicyFormatException || e instanceof UsageException) {
            cl.getErr().println("tee4j: " + e.getMessage());
            return USAGE;
        }
        cl.getErr().println("tee4j: internal error: " + e);
        e.printStackTrace(cl.getErr());
        return USAGE;
    }
}
