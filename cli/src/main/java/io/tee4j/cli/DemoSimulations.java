package io.tee4j.cli;

import java.util.List;

/** The demo's simulated part: attest with each TEE's simulator, then verify with its root passed explicitly. */
final class DemoSimulations {
    private DemoSimulations() {
    }

    static List<DemoStep> steps() {
        return List.of();
    }
}
