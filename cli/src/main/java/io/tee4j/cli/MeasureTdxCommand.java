package io.tee4j.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tee4j.measure.MeasurementInputException;
import io.tee4j.measure.tdx.DirectBoot;
import io.tee4j.measure.tdx.Mrtd;
import io.tee4j.measure.tdx.PageAddOrder;
import io.tee4j.measure.tdx.Rtmr0Model;
import io.tee4j.measure.tdx.RtmrLog;
import io.tee4j.measure.tdx.TdvfMetadata;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code tee4j measure tdx}: MRTD of a TDVF image, and the RTMRs derivable from the given inputs
 * (RTMR1 and RTMR2 of a QEMU direct boot with {@code --kernel}; RTMR0 with the RAM size and QEMU's
 * ACPI blobs). Prints {@code name hex} lines, one register's bare hex with {@code --field}, or a
 * TDX policy fragment with {@code --json}.
 */
@Command(name = "tdx", description = "Compute TDX MRTD from a TDVF image, and the RTMRs derivable from the inputs given.",
        footer = {"", "Examples:",
                "  tee4j measure tdx --firmware OVMF.fd",
                "  tee4j measure tdx --firmware OVMF.fd --order two-pass --field mrtd",
                "  tee4j measure tdx --firmware OVMF.fd --kernel bzImage --initrd initrd.img --append 'console=hvc0'"
                        + " --json > policy.json",
                "  tee4j measure tdx --firmware OVMF.fd --memory 2G --acpi-tables tables --acpi-rsdp rsdp"
                        + " --acpi-loader loader --field rtmr0",
                "  tee4j measure tdx --event-log /sys/firmware/acpi/tables/data/CCEL --kernel bzImage --append 'console=hvc0'",
                "", "Order: single-pass for KVM/QEMU 9 and later (default), two-pass for QEMU 8.x TDX patches.",
                "RTMR1/RTMR2 model OVMF direct boot of a Linux EFI-stub kernel; with an initrd RTMR1 depends on RAM",
                "below 2 GiB and between 2 and 2.75 GiB (--memory, default 2G, where it is the same as from 2.75G up)."})
final class MeasureTdxCommand implements Callable<Integer> {
    private static final List<String> FIELDS = List.of("mrtd", "rtmr0", "rtmr1", "rtmr2");

    @Option(names = "--firmware", paramLabel = "FILE", description = "The TDVF (OVMF) image (required unless --event-log).")
    Path firmware;

    @Option(names = "--event-log", paramLabel = "FILE", description = "Replay this CC event log (CCEL) into RTMR0..3 and"
            + " say which input produced each event's digest (the other inputs name the expected events).")
    Path eventLog;

    @Option(names = "--order", paramLabel = "single-pass|two-pass", defaultValue = "single-pass",
            description = "How the VMM adds TDVF pages (default single-pass).")
    String order;

    @Option(names = "--kernel", paramLabel = "FILE", description = "Kernel (bzImage) of a direct boot: gives RTMR1 and RTMR2.")
    Path kernel;

    @Option(names = "--initrd", paramLabel = "FILE", description = "Initrd (with --kernel).")
    Path initrd;

    @Option(names = "--append", paramLabel = "CMDLINE", description = "Kernel command line (with --kernel).")
    String append;

    @Option(names = "--field", paramLabel = "mrtd|rtmr0|rtmr1|rtmr2", description = "Print only this register's bare hex.")
    String field;

    @Option(names = "--json", description = "Print a TDX policy fragment (mrtd, rtmrN).")
    boolean json;

    @Option(names = "--memory", paramLabel = "SIZE", description = "TD RAM size (e.g. 2G); needed for RTMR0, default 2G for RTMR1.")
    String memory;

    @Option(names = "--acpi-tables", paramLabel = "FILE", description = "QEMU's etc/acpi/tables blob (for RTMR0).")
    Path acpiTables;

    @Option(names = "--acpi-rsdp", paramLabel = "FILE", description = "QEMU's etc/acpi/rsdp blob (for RTMR0).")
    Path acpiRsdp;

    @Option(names = "--acpi-loader", paramLabel = "FILE", description = "QEMU's etc/table-loader blob (for RTMR0).")
    Path acpiLoader;

    @Override
    public Integer call() throws Exception {
        if (field != null && !FIELDS.contains(field)) {
            throw new UsageException("--field must be one of " + FIELDS + ", not " + field);
        }
        if ((initrd != null || append != null) && kernel == null) {
            throw new UsageException("--initrd and --append need --kernel");
        }
        if (eventLog != null && field != null) {
            throw new UsageException("--field picks a derived register; with --event-log every replayed RTMR is printed");
        }
        if (firmware == null && eventLog == null) {
            throw new UsageException("missing --firmware FILE (or --event-log FILE)");
        }
        TdvfMetadata tdvf = firmware == null ? null : TdvfMetadata.parse(MeasureInputs.read(firmware, "--firmware"));
        Map<String, byte[]> registers;
        try {
            registers = registers(tdvf);
        } catch (MeasurementInputException e) {
            throw MeasureInputs.usage(e);
        }
        if (eventLog != null) {
            MeasureEventLog.print(MeasureInputs.read(eventLog, "--event-log"), expected, json);
            return ExitCodes.OK;
        }
        if (field != null && !registers.containsKey(field)) {
            throw new UsageException(field + " is not derivable from these inputs: " + (field.equals("rtmr0")
                    ? "it needs --memory and --acpi-tables, --acpi-rsdp, --acpi-loader" : "it needs --kernel"));
        }
        print(field == null ? registers : Map.of(field, registers.get(field)));
        return ExitCodes.OK;
    }

    /** The derived events per RTMR (index 0..2), to label a replayed event log's events. */
    private final List<RtmrLog> expected = new ArrayList<>(Arrays.asList(null, null, null));

    private Map<String, byte[]> registers(TdvfMetadata tdvf) throws Exception {
        Map<String, byte[]> r = new LinkedHashMap<>();
        if (tdvf != null) {
            r.put("mrtd", Mrtd.compute(tdvf, pageAddOrder()));
        }
        Long ram = memory == null ? null : MeasureInputs.byteSize(memory, "--memory");
        if (acpiTables != null || acpiRsdp != null || acpiLoader != null) {
            if (acpiTables == null || acpiRsdp == null || acpiLoader == null || ram == null || tdvf == null) {
                throw new UsageException("RTMR0 needs --firmware, --memory and all three of --acpi-tables, --acpi-rsdp,"
                        + " --acpi-loader");
            }
            Rtmr0Model.AcpiBlobs acpi = new Rtmr0Model.AcpiBlobs(MeasureInputs.read(acpiLoader, "--acpi-loader"),
                    MeasureInputs.read(acpiRsdp, "--acpi-rsdp"), MeasureInputs.read(acpiTables, "--acpi-tables"));
            expected.set(0, Rtmr0Model.events(tdvf, ram, acpi));
            r.put("rtmr0", expected.get(0).value());
        }
        if (kernel != null) {
            long initrdSize = initrd == null ? 0 : MeasureInputs.size(initrd, "--initrd");
            byte[] initrdDigest = initrdSize == 0 ? null : MeasureInputs.sha384(initrd, "--initrd");
            expected.set(1, DirectBoot.rtmr1(MeasureInputs.read(kernel, "--kernel"), initrdSize,
                    ram == null ? 0x80000000L : ram));
            expected.set(2, DirectBoot.rtmr2(append, initrdDigest));
            r.put("rtmr1", expected.get(1).value());
            r.put("rtmr2", expected.get(2).value());
        }
        return r;
    }

    private PageAddOrder pageAddOrder() throws UsageException {
        switch (order) {
            case "single-pass":
                return PageAddOrder.SINGLE_PASS;
            case "two-pass":
                return PageAddOrder.TWO_PASS;
            default:
                throw new UsageException("--order must be single-pass or two-pass, not " + order);
        }
    }

    /** mrtd is a list in TdxPolicy (any of several), the RTMRs single values. */
    private void print(Map<String, byte[]> registers) {
        if (json) {
            ObjectNode p = MeasureOutput.object();
            registers.forEach((name, value) -> {
                if (name.equals("mrtd")) {
                    MeasureOutput.putList(p, name, value);
                } else {
                    p.put(name, MeasureOutput.hex(value));
                }
            });
            MeasureOutput.print(p);
        } else if (field != null) {
            System.out.println(MeasureOutput.hex(registers.get(field)));
        } else {
            registers.forEach((name, value) -> System.out.println(name + " " + MeasureOutput.hex(value)));
        }
    }
}
