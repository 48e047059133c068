package io.tee4j.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code tee4j measure}: computes the launch measurements a confidential VM should report from the
 * artifacts it is built from (tee4j-measure). Nothing is verified here; the output is the reference
 * value a {@code verify --policy} file pins.
 */
@Command(name = "measure",
        description = "Compute expected launch measurements from build inputs (firmware, kernel, command line, VM shape).",
        subcommands = {MeasureSevSnpCommand.class, MeasureTdxCommand.class, MeasureCcaCommand.class,
                MeasureManifestCommand.class, CommandLine.HelpCommand.class},
        footer = {"", "Examples:",
                "  tee4j measure sev-snp --ovmf OVMF.fd --vcpus 4 --vcpu-type EPYC-Milan",
                "  tee4j measure tdx --firmware OVMF.fd --kernel bzImage --initrd initrd.img --append 'console=hvc0'",
                "  tee4j measure cca --ipa-bits 48 --hash sha256",
                "  tee4j measure manifest releases.json --tee sev-snp --json",
                "", "Default output is the bare hex digest; --json prints a policy fragment for tee4j verify --policy."})
final class MeasureCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing TEE: sev-snp, tdx or cca");
    }
}
