package io.tee4j.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tee4j.measure.MeasurementInputException;
import io.tee4j.measure.snp.LegacySevDigest;
import io.tee4j.measure.snp.OvmfImage;
import io.tee4j.measure.snp.SevHashesTable;
import io.tee4j.measure.snp.SnpLaunch;
import io.tee4j.measure.snp.SnpLaunchDigest;
import io.tee4j.measure.snp.SvsmLaunchDigest;
import io.tee4j.measure.snp.VcpuTypes;
import io.tee4j.measure.snp.VmmType;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code tee4j measure sev-snp}: the SEV-SNP launch digest (report MEASUREMENT) of an OVMF image,
 * optional kernel/initrd/command line, vCPU count and model, VMM and guest features; the options
 * and modes are sev-snp-measure's. {@code --json} prints {@code {"measurements": [...]}} for an SNP
 * policy.
 */
@Command(name = "sev-snp", description = "Compute the SEV-SNP launch digest (report MEASUREMENT) from OVMF and launch inputs.",
        subcommands = {MeasureIdBlockCommand.class, CommandLine.HelpCommand.class},
        footer = {"", "Examples:",
                "  tee4j measure sev-snp --ovmf OVMF.fd --vcpus 4 --vcpu-type EPYC-Milan --guest-features 0x1",
                "  tee4j measure sev-snp --ovmf OVMF.fd --vcpus 2 --vmm-type gce --json > policy.json",
                "  tee4j measure sev-snp --ovmf OVMF.fd --vcpus 1 --vcpu-sig 0xa00f11 --kernel vmlinuz --initrd initrd"
                        + " --append 'console=ttyS0'",
                "  tee4j measure sev-snp --mode snp:ovmf-hash --ovmf OVMF.fd",
                "  tee4j measure sev-snp --mode snp:svsm --ovmf OVMF.fd --svsm svsm.bin --vars-size 540672 --vcpus 4"
                        + " --vcpu-type EPYC-v4",
                "", "Guest features (VMSA SEV_FEATURES) depend on the host kernel and QEMU (0x1 by default; Linux 6.6+"
                        + " KVM hosts often use 0x21)."})
final class MeasureSevSnpCommand implements Callable<Integer> {
    @Option(names = "--ovmf", paramLabel = "FILE", description = "The OVMF firmware image (required).")
    Path ovmf;

    @Option(names = "--vcpus", paramLabel = "N", defaultValue = "1", description = "Number of vCPUs (default 1).")
    int vcpus;

    @ArgGroup(exclusive = true)
    Vcpu vcpu;

    static final class Vcpu {
        @Option(names = "--vcpu-type", paramLabel = "MODEL", description = "QEMU CPU model: EPYC, EPYC-v4, EPYC-Rome,"
                + " EPYC-Milan, EPYC-Genoa, EPYC-Turin (and their -vN variants).")
        String type;

        @Option(names = "--vcpu-sig", paramLabel = "HEX", description = "The vCPU signature, CPUID(1).EAX.")
        String signature;
    }

    @Option(names = "--vmm-type", paramLabel = "qemu|ec2|gce", defaultValue = "qemu", description = "The VMM (default qemu).")
    String vmmType;

    @Option(names = "--guest-features", paramLabel = "HEX", defaultValue = "0x1",
            description = "VMSA SEV_FEATURES (default 0x1).")
    String guestFeatures;

    @Option(names = "--kernel", paramLabel = "FILE", description = "Kernel for a direct boot with kernel hashes.")
    Path kernel;

    @Option(names = "--initrd", paramLabel = "FILE", description = "Initrd (with --kernel).")
    Path initrd;

    @Option(names = "--append", paramLabel = "CMDLINE", description = "Kernel command line (with --kernel).")
    String append;

    @Option(names = "--snp-ovmf-hash", paramLabel = "HEX", description = "Precomputed firmware digest to start from.")
    String snpOvmfHash;

    @Option(names = "--mode", paramLabel = "MODE", defaultValue = "snp",
            description = "snp (default), snp:ovmf-hash (the firmware digest alone), snp:svsm (COCONUT-SVSM under QEMU),"
                    + " seves or sev (SHA-256).")
    String mode;

    @Option(names = "--svsm", paramLabel = "FILE", description = "The COCONUT-SVSM image (--mode snp:svsm).")
    Path svsm;

    @Option(names = "--vars-size", paramLabel = "BYTES", description = "Size of the OVMF variable store between OVMF and"
            + " the SVSM (--mode snp:svsm; or --vars-file).")
    String varsSize;

    @Option(names = "--vars-file", paramLabel = "FILE", description = "The OVMF_VARS file whose size is --vars-size.")
    Path varsFile;

    @Option(names = "--output-format", paramLabel = "hex|base64", defaultValue = "hex", description = "Digest encoding.")
    String outputFormat;

    @Option(names = "--json", description = "Print an SNP policy fragment ({\"measurements\": [...]}).")
    boolean json;

    @Override
    public Integer call() throws Exception {
        if (ovmf == null) {
            throw new UsageException("missing --ovmf FILE");
        }
        checkOptionCombinations();
        OvmfImage fw = OvmfImage.parse(MeasureInputs.read(ovmf, "--ovmf"));
        byte[] digest;
        try {
            digest = measure(fw);
        } catch (MeasurementInputException e) {
            throw MeasureInputs.usage(e);
        }
        if (json) {
            ObjectNode policy = MeasureOutput.object();
            MeasureOutput.putList(policy, "measurements", digest);
            MeasureOutput.print(policy);
        } else {
            System.out.println(MeasureOutput.format(digest, outputFormat));
        }
        return ExitCodes.OK;
    }

    private void checkOptionCombinations() throws UsageException {
        if ((initrd != null || append != null) && kernel == null) {
            throw new UsageException("--initrd and --append need --kernel");
        }
        boolean svsmMode = mode.equals("snp:svsm");
        if (svsmMode != (svsm != null) || (svsmMode && (varsSize == null) == (varsFile == null))
                || (!svsmMode && (varsSize != null || varsFile != null))) {
            throw new UsageException("--mode snp:svsm needs --svsm and one of --vars-size or --vars-file, and they"
                    + " need it");
        }
        if (svsmMode && (kernel != null || !vmmType.equals("qemu"))) {
            throw new UsageException("--mode snp:svsm models QEMU without kernel hashes (as sev-snp-measure does)");
        }
        if (snpOvmfHash != null && !mode.equals("snp")) {
            throw new UsageException("--snp-ovmf-hash works only with --mode snp");
        }
        if (json && !mode.equals("snp") && !svsmMode) {
            throw new UsageException("--json prints an SEV-SNP policy fragment; mode " + mode
                    + " is not a launch measurement an SNP report carries");
        }
        MeasureOutput.format(new byte[0], outputFormat);
    }

    private byte[] measure(OvmfImage fw) throws Exception {
        switch (mode) {
            case "snp:ovmf-hash":
                return SnpLaunchDigest.firmwareDigest(fw);
            case "sev":
                return LegacySevDigest.sev(fw, hashes());
            case "seves":
                return LegacySevDigest.seves(launch(fw).build());
            case "snp:svsm":
                long vars = varsFile != null ? MeasureInputs.size(varsFile, "--vars-file")
                        : MeasureInputs.byteSize(varsSize, "--vars-size");
                return SvsmLaunchDigest.compute(fw, vars, MeasureInputs.read(svsm, "--svsm"), vcpus, signature(VmmType.QEMU));
            case "snp":
                SnpLaunch.Builder b = launch(fw).guestFeatures(MeasureInputs.hexNumber(guestFeatures, "--guest-features"));
                if (snpOvmfHash != null) {
                    b.firmwareDigest(MeasureInputs.hex(snpOvmfHash, 48, "--snp-ovmf-hash"));
                }
                return SnpLaunchDigest.compute(b.build());
            default:
                throw new UsageException("--mode must be snp, snp:ovmf-hash, snp:svsm, seves or sev, not " + mode);
        }
    }

    private SnpLaunch.Builder launch(OvmfImage fw) throws UsageException, MeasurementInputException {
        VmmType vmm = vmm();
        return SnpLaunch.builder(fw).vcpus(vcpus).vmm(vmm).vcpuSignature(signature(vmm)).hashes(hashes());
    }

    private VmmType vmm() throws UsageException {
        switch (vmmType.toLowerCase(Locale.ROOT)) {
            case "qemu":
                return VmmType.QEMU;
            case "ec2":
                return VmmType.EC2;
            case "gce":
                return VmmType.GCE;
            default:
                throw new UsageException("--vmm-type must be qemu, ec2 or gce, not " + vmmType);
        }
    }

    /** QEMU's VMSA carries the signature, so QEMU needs one; EC2 and GCE use a fixed value. */
    private long signature(VmmType vmm) throws UsageException, MeasurementInputException {
        if (vcpu != null && vcpu.type != null) {
            return VcpuTypes.byName(vcpu.type);
        }
        if (vcpu != null && vcpu.signature != null) {
            return MeasureInputs.hexNumber(vcpu.signature, "--vcpu-sig");
        }
        if (vmm == VmmType.QEMU) {
            throw new UsageException("missing --vcpu-type or --vcpu-sig (QEMU writes the vCPU signature into each VMSA)");
        }
        return 0;
    }

    private SevHashesTable hashes() throws UsageException {
        try {
            return kernel == null ? null : SevHashesTable.ofFiles(kernel, initrd, append);
        } catch (IOException e) {
            throw new UsageException("--kernel/--initrd: cannot read: " + e.getMessage(), e);
        }
    }
}
