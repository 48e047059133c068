package io.tee4j.cli;

import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code tee4j simulator init DIR}: creates simulators for every TEE, NOT secure, for development. */
@Command(name = "simulator", description = "Manage simulated TEEs for development (NOT secure).",
        subcommands = {SimulatorCommand.Init.class},
        footer = {"", "Example:", "  tee4j simulator init sim && tee4j attest --simulate sim --tee tdx --report-data 00 --out q.dat"})
final class SimulatorCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), "missing subcommand (init)");
    }

    /** {@code tee4j simulator init DIR}. */
    @Command(name = "init", description = "Create simulator keys for every TEE in DIR and write each simulated root as PEM.",
            footer = {"", "Example:", "  tee4j simulator init sim",
                    "  # then: tee4j attest --simulate sim --tee sev-snp --report-data 00 --out r.bin --certs-out c.pem"})
    static final class Init implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "DIR", description = "A new or empty directory.")
        Path dir;

        @Override
        public Integer call() throws Exception {
            Simulators sims = Simulators.init(dir, Clock.systemUTC());
            System.err.println("tee4j: WARNING: simulated TEEs created in " + dir + ". They are NOT secure test roots"
                    + " (see " + dir.resolve("README.txt") + ").");
            // Only TEEs with a simulator on the class path have a root (the vTPM platforms have none).
            sims.roots().forEach((label, file) -> System.out.println(label + ": " + file));
            return ExitCodes.OK;
        }
    }
}
