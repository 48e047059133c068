package io.tee4j.cli;

import java.util.List;

/** Renders demo outcomes as a plain-text table that reads well in an 100-column terminal. */
final class DemoTable {
    private static final int WHAT = 40;
    private static final int VERDICT = 22;

    private DemoTable() {
    }

    static String render(List<DemoStep.Outcome> outcomes) {
        StringBuilder out = new StringBuilder();
        String section = null;
        for (DemoStep.Outcome o : outcomes) {
            if (!o.step.section.equals(section)) {
                section = o.step.section;
                out.append('\n').append(section).append('\n').append("-".repeat(section.length())).append('\n');
                out.append(String.format("  %-11s %-" + WHAT + "s %-" + VERDICT + "s %s%n", "TEE", "EVIDENCE", "VERDICT",
                        "KEY CLAIMS"));
            }
            out.append(String.format("%s %-11s %-" + WHAT + "s %-" + VERDICT + "s %s (%d ms)%n", o.asExpected ? " " : "!",
                    o.step.tee, cut(o.step.what, WHAT), cut(o.verdict, VERDICT), o.detail, o.millis));
        }
        out.append('\n');
        return out.toString();
    }

    private static String cut(String s, int width) {
        return s.length() <= width ? s : s.substring(0, width - 1) + "…";
    }
}
