package io.tee4j.cli;

import picocli.CommandLine.Command;

/** {@code tee4j cdh}: the Confidential Containers data hub inside a pod ({@code get-resource}). */
@Command(name = "cdh", description = "Inside a Confidential Containers pod: secrets from the confidential data hub.",
        subcommands = {CdhGetResourceCommand.class},
        footer = {"", "Example:", "  tee4j cdh get-resource kbs:///default/key/db --out db.key"})
final class CdhCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                "give a subcommand: tee4j cdh get-resource kbs:///REPO/TYPE/TAG ...");
    }
}
