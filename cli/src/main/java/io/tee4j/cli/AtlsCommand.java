package io.tee4j.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code tee4j atls}: attested TLS client tools. */
@Command(name = "atls", description = "Attested TLS: connect to an attested endpoint, decode an attested certificate.",
        subcommands = {AtlsConnectCommand.class, AtlsShowCertCommand.class},
        footer = {"", "Examples:",
                "  tee4j atls connect https://10.0.0.5:8443/healthz --tee sev-snp",
                "  tee4j atls show-cert server.pem",
                "  tee4j serve --tls attested --port 8443 --simulate sim   # an attested sidecar (simulated)"})
final class AtlsCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing subcommand: connect or show-cert");
    }
}
