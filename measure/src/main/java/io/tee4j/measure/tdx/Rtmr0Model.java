package io.tee4j.measure.tdx;

import io.tee4j.core.MalformedEvidenceException;
import io.tee4j.measure.MeasurementInputException;
import io.tee4j.measure.internal.Digests;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * RTMR0 (platform configuration, PCR 1 and 7) of a QEMU direct boot under OVMF, in the event order
 * OVMF releases before edk2-stable202505 produce (dstack-mr's "pre-202505" model): the TD HOB, the
 * CFV (variable store) section of the image, the SecureBoot, PK, KEK, db and dbx variables (empty:
 * Secure Boot off), EV_SEPARATOR, QEMU's three ACPI blobs (table loader, RSDP, tables), BootOrder
 * (two zero bytes) and Boot0000 (OVMF's UiApp entry, a fixed digest for these releases).
 *
 * <p>RTMR0 is derivable only with the VMM configuration: RAM size, and the ACPI blobs QEMU
 * generates, which depend on the vCPU count, RAM, devices and QEMU version (dump them from the
 * QEMU that will run the TD). Not modelled: Secure Boot with enrolled keys, other boot entries,
 * OVMF 202505 and later (whose boot variables differ), other VMMs.
 *
 * @since 0.1
 */
public final class Rtmr0Model {
    /** Boot0000 (UiApp) as OVMF before edk2-stable202505 measures it (dstack-mr). */
    public static final byte[] UIAPP_BOOT0000_PRE_202505 = HexFormat.of().parseHex("23ada07f5261f12f34a0bd8e46760962"
            + "d6b4d576a416f1fea1c64bc656b1d28eacf7047ae6e967c58fd2a98bfa74c298");

    private Rtmr0Model() {
    }

    /** The three ACPI blobs QEMU passes through fw_cfg. */
    public record AcpiBlobs(byte[] tableLoader, byte[] rsdp, byte[] tables) {
        public AcpiBlobs {
            tableLoader = Objects.requireNonNull(tableLoader, "tableLoader").clone();
            rsdp = Objects.requireNonNull(rsdp, "rsdp").clone();
            tables = Objects.requireNonNull(tables, "tables").clone();
        }
    }

    /** The RTMR0 events for this image, RAM size and ACPI blobs. */
    public static RtmrLog events(TdvfMetadata tdvf, long memorySize, AcpiBlobs acpi)
            throws MalformedEvidenceException, MeasurementInputException {
        List<RtmrEvent> e = new ArrayList<>();
        e.add(new RtmrEvent("TD HOB (" + memorySize + " bytes of RAM)", TdHob.digest(tdvf, memorySize)));
        e.add(new RtmrEvent("CFV (firmware variable store)", Digests.sha384(tdvf.rawData(cfv(tdvf)))));
        e.add(UefiEvents.variable(UefiEvents.EFI_GLOBAL_VARIABLE, "SecureBoot", new byte[0]));
        e.add(UefiEvents.variable(UefiEvents.EFI_GLOBAL_VARIABLE, "PK", new byte[0]));
        e.add(UefiEvents.variable(UefiEvents.EFI_GLOBAL_VARIABLE, "KEK", new byte[0]));
        e.add(UefiEvents.variable(UefiEvents.IMAGE_SECURITY_DATABASE, "db", new byte[0]));
        e.add(UefiEvents.variable(UefiEvents.IMAGE_SECURITY_DATABASE, "dbx", new byte[0]));
        e.add(UefiEvents.separator());
        e.add(new RtmrEvent("ACPI etc/table-loader", Digests.sha384(acpi.tableLoader())));
        e.add(new RtmrEvent("ACPI etc/acpi/rsdp", Digests.sha384(acpi.rsdp())));
        e.add(new RtmrEvent("ACPI etc/acpi/tables", Digests.sha384(acpi.tables())));
        e.add(new RtmrEvent("EV_EFI_VARIABLE_BOOT BootOrder", Digests.sha384(new byte[2])));
        e.add(new RtmrEvent("EV_EFI_VARIABLE_BOOT Boot0000 (UiApp)", UIAPP_BOOT0000_PRE_202505));
        return new RtmrLog(e);
    }

    private static TdvfSection cfv(TdvfMetadata tdvf) throws MalformedEvidenceException {
        return tdvf.sections().stream().filter(s -> s.type() == TdvfSection.CFV).findFirst()
                .orElseThrow(() -> new MalformedEvidenceException("TDVF metadata has no CFV section to measure"));
    }
}
