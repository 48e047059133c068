package io.tee4j.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Rewrites the library's advice into the command's terms. The library speaks to programmers
 * ("skip revocation by name (RevocationMode.SKIP_INSECURE)", "construct one by name for tests");
 * a user of {@code tee4j} needs the flag that does it ({@code --no-revocation-check},
 * {@code --simulate DIR}, {@code --collateral FILE}), and a JSON parser's location text
 * ("at [Source: REDACTED ...; line: 1, column: 7]") becomes "(line 1, column 7)". Only the
 * command's own output is rewritten; the sidecar and the API keep the library's words.
 *
 * <p>{@code CliWordingTest} produces each of these messages from a real run, so a library wording
 * change that this table no longer matches fails a test instead of going unnoticed.
 */
final class CliWording {
    private static final Map<Pattern, String> REWRITES = new LinkedHashMap<>();

    static {
        rewrite("skip revocation by name (RevocationMode.SKIP_INSECURE)",
                "skip revocation with --no-revocation-check (insecure)");
        rewrite("(RevocationMode.SKIP_INSECURE)", "(--no-revocation-check)");
        REWRITES.put(Pattern.compile("supply the KDS CRL \\(([^)\\s]+)\\)"),
                "supply the KDS CRL ($1) with --collateral FILE");
        rewrite("enable fetching", "run without --offline");
        rewrite("or configure a collateral source", "or run without --offline");
        rewrite("preload it or pass it as a file", "pass it with --collateral FILE, or run without --offline");
        rewrite("pass a product hint or the VCEK", "pass the VCEK with --cert FILE");
        rewrite("pass a collateral bundle or configure Intel PCS / a PCCS",
                "pass a collateral bundle with --collateral FILE, or run without --offline to fetch it from Intel PCS");
        // A JSON parser's location text names its own internals; keep only the line and column.
        REWRITES.put(Pattern.compile("\\s*at \\[Source: [^;\\]]*; line: (\\d+), column: (\\d+)\\]"),
                " (line $1, column $2)");
        REWRITES.put(Pattern.compile("\\s*at \\[Source: [^\\]]*\\]"), "");
        rewrite("construct one by name for tests.",
                "for tests, pass --simulate DIR (a directory made by 'tee4j simulator init DIR').");
    }

    private CliWording() {
    }

    private static void rewrite(String library, String command) {
        REWRITES.put(Pattern.compile(Pattern.quote(library)), Matcher.quoteReplacement(command));
    }

    /** The message with every library-call hint replaced by the flag that does it. */
    static String forCommandLine(String message) {
        if (message == null) {
            return null;
        }
        String out = message;
        for (Map.Entry<Pattern, String> e : REWRITES.entrySet()) {
            out = e.getKey().matcher(out).replaceAll(e.getValue());
        }
        return out;
    }
}
