package io.tee4j.cli;

import picocli.CommandLine.Command;

/** {@code tee4j se}: IBM Secure Execution commands that have no counterpart in other TEEs. */
@Command(name = "se", mixinStandardHelpOptions = true, subcommands = {SeRequestCommand.class},
        description = "IBM Secure Execution: build attestation requests for verified host-key documents.",
        footer = {"", "Flow: tee4j se request (verifier) -> tee4j attest --tee ibm-se --request (guest) -> "
                + "tee4j verify --tee ibm-se --evidence --request --arpk --se-header (verifier)."})
final class SeCommand {
}
