package io.tee4j.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;

/** One line of the demo: what was done, with which TEE, and what came of it. */
final class DemoStep {

    /** The work of a step; returns the verdict and the key facts to show. */
    interface Body {
        Outcome run(DemoStep step) throws Exception;
    }

    final String section;
    final String tee;
    final String what;
    private final Body body;

    DemoStep(String section, String tee, String what, Body body) {
        this.section = Objects.requireNonNull(section);
        this.tee = Objects.requireNonNull(tee);
        this.what = Objects.requireNonNull(what);
        this.body = Objects.requireNonNull(body);
    }

    Outcome run() {
        long start = System.nanoTime();
        Outcome o;
        try {
            o = body.run(this);
        } catch (Exception e) {
            o = outcome("ERROR", e.getClass().getSimpleName() + ": " + e.getMessage(), false);
        }
        o.millis = (System.nanoTime() - start) / 1_000_000;
        return o;
    }

    Outcome outcome(String verdict, String detail, boolean asExpected) {
        return new Outcome(this, verdict, detail, asExpected);
    }

    /** The result of one step. */
    static final class Outcome {
        final DemoStep step;
        final String verdict;
        final String detail;
        final boolean asExpected;
        long millis;

        Outcome(DemoStep step, String verdict, String detail, boolean asExpected) {
            this.step = step;
            this.verdict = verdict;
            this.detail = detail;
            this.asExpected = asExpected;
        }

        boolean asExpected() {
            return asExpected;
        }

        ObjectNode toJson() {
            ObjectNode n = Json.MAPPER.createObjectNode();
            n.put("section", step.section);
            n.put("tee", step.tee);
            n.put("what", step.what);
            n.put("verdict", verdict);
            n.put("detail", detail);
            n.put("asExpected", asExpected);
            n.put("millis", millis);
            return n;
        }
    }
}
