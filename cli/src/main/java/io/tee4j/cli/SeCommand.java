package io.tee4j.cli;

import picocli.CommandLine.Command;

/** {@code tee4j se}: IBM Secure Execution commands that have no counterpart in other TEEs. */
@Command(name = "se", mixinStandardHelpOptions = true, subcommands = {SeRequestCommand.class},
        description = "IBM Secure Execution: build attestation requests for verified host-key documents.",
        footer = {"", "Example (the two-step flow):",
                "  tee4j se request --hkd HKD.crt --cert ibm-z-host-key-signing.crt --cert DigiCertCA.crt \\",
                "      --crl ibm-z-host-key.crl --crl DigiCertCA.crl --crl DigiCertRoot.crl --out req.bin --arpk-out arpk.key",
                "  tee4j attest --tee ibm-se --request req.bin --report-data 00ff --out resp.bin      (on the guest)",
                "  tee4j verify --tee ibm-se --evidence resp.bin --request req.bin --arpk arpk.key --se-header hdr.bin"})
final class SeCommand {
}
