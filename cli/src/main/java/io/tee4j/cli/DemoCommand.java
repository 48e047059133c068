package io.tee4j.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code tee4j demo}: what tee4j does, on a machine with no TEE, in seconds. For every TEE it
 * runs a simulated attest → verify (the simulator's root passed explicitly, and shown as such),
 * verifies real hardware evidence shipped as samples offline at pinned times, and seals and
 * unseals a message with the simulated key source. Exit code 0 when every step had the expected
 * outcome (including the samples that are meant to be rejected).
 */
@Command(name = "demo", description = "Show tee4j at work without a TEE: simulated attest/verify per TEE, "
        + "real hardware samples verified offline, and sealing.",
        footer = {"", "Examples:", "  tee4j demo", "  tee4j demo --json"})
final class DemoCommand implements Callable<Integer> {

    @Option(names = "--json", description = "Print JSON instead of a table.")
    boolean json;

    @Override
    public Integer call() {
        List<DemoStep> steps = new ArrayList<>();
        steps.addAll(DemoSimulations.steps());
        steps.addAll(DemoSamples.steps());
        steps.addAll(DemoSealing.steps());
        steps.addAll(DemoAttestedTls.steps());
        steps.addAll(DemoMeasuredIdentity.steps());
        steps.addAll(DemoIbmSe.steps());
        steps.addAll(DemoKbs.steps());
        List<DemoStep.Outcome> outcomes = new ArrayList<>();
        for (DemoStep step : steps) {
            outcomes.add(step.run());
        }
        boolean allAsExpected = outcomes.stream().allMatch(DemoStep.Outcome::asExpected);
        if (json) {
            ObjectNode out = Json.MAPPER.createObjectNode();
            out.put("allAsExpected", allAsExpected);
            ArrayNode list = out.putArray("steps");
            outcomes.forEach(o -> list.add(o.toJson()));
            System.out.println(Json.write(out));
        } else {
            System.out.print(DemoTable.render(outcomes));
            System.out.println(allAsExpected ? "Every step had the expected outcome."
                    : "SOME STEPS DID NOT HAVE THE EXPECTED OUTCOME (marked !).");
        }
        return allAsExpected ? ExitCodes.OK : ExitCodes.USAGE;
    }
}
