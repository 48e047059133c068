package io.tee4j.cli;

import java.util.List;

/** The demo's sealing part: seal and unseal a message with the simulated key source. */
final class DemoSealing {
    private DemoSealing() {
    }

    static List<DemoStep> steps() {
        return List.of();
    }
}
