package io.tee4j.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code tee4j collateral}: prefetch the collateral a piece of evidence needs into a folder
 * ({@code fetch}), and serve such folders to other verifiers over the vendors' path layouts
 * ({@code serve}), for air-gapped clusters and fleets that share one collateral mirror.
 */
@Command(name = "collateral",
        description = "Fetch the collateral evidence needs into a folder, or serve such a folder as a read-only mirror.",
        subcommands = {CollateralFetchCommand.class, CollateralServeCommand.class, CommandLine.HelpCommand.class},
        footer = {"", "Examples:",
                "  tee4j collateral fetch --tee sev-snp --evidence report.bin --out collateral/",
                "  tee4j collateral serve --dir collateral/ --port 8081",
                "  tee4j verify --tee sev-snp --evidence report.bin --kds-url http://127.0.0.1:8081",
                "  tee4j verify --tee sev-snp --evidence report.bin --offline --collateral collateral/"})
final class CollateralCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing command: fetch or serve");
    }
}
