package io.tee4j.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * Renders demo outcomes as plain text that reads well in a 100-column terminal. Nothing is cut:
 * each step is one line with its TEE, what was done, the whole verdict and the time, and the key
 * claims follow on indented lines wrapped at word boundaries, so a long verdict such as
 * "REJECTED (verification failed)" or a long detail never runs off the screen or loses its end.
 */
final class DemoTable {
    static final int WIDTH = 100;
    private static final int TEE = 11;
    private static final String DETAIL_INDENT = " ".repeat(4);

    private DemoTable() {
    }

    static String render(List<DemoStep.Outcome> outcomes) {
        int what = 0;
        for (DemoStep.Outcome o : outcomes) {
            what = Math.max(what, o.step.what.length());
        }
        StringBuilder out = new StringBuilder();
        String section = null;
        for (DemoStep.Outcome o : outcomes) {
            if (!o.step.section.equals(section)) {
                section = o.step.section;
                out.append('\n').append(section).append('\n').append("-".repeat(section.length())).append('\n');
            }
            out.append(String.format("%s %-" + TEE + "s %-" + what + "s  %s (%d ms)%n", o.asExpected ? " " : "!",
                    o.step.tee, o.step.what, o.verdict, o.millis));
            for (String line : wrap(o.detail, WIDTH - DETAIL_INDENT.length())) {
                out.append(DETAIL_INDENT).append(line).append('\n');
            }
        }
        out.append('\n');
        return out.toString();
    }

    /** Splits text into lines of at most {@code width} characters at spaces (a longer word gets a line of its own). */
    static List<String> wrap(String text, int width) {
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (String word : text.strip().split("\\s+")) {
            if (word.isEmpty()) {
                continue;
            }
            if (line.length() > 0 && line.length() + 1 + word.length() > width) {
                lines.add(line.toString());
                line.setLength(0);
            }
            if (line.length() > 0) {
                line.append(' ');
            }
            line.append(word);
        }
        if (line.length() > 0) {
            lines.add(line.toString());
        }
        return lines;
    }
}
