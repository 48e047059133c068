package io.tee4j.cli;

import picocli.CommandLine.Command;

/** {@code tee4j token}: attestation tokens (trustee and Veraison EAR, legacy trustee JWTs). */
@Command(name = "token", description = "Verify attestation tokens (trustee and Veraison EAR JWTs).",
        subcommands = {TokenVerifyCommand.class},
        footer = {"", "Example:", "  tee4j token verify --token ear.jwt --trust-root as-root.pem"})
final class TokenCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                "give a subcommand: tee4j token verify --token FILE ...");
    }
}
