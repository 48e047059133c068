package io.tee4j.measure.tdx;

import io.tee4j.core.MalformedEvidenceException;
import io.tee4j.measure.MeasurementInputException;
import java.util.ArrayList;
import java.util.List;

/**
 * The RTMR1 and RTMR2 events of a QEMU direct boot ({@code -kernel/-initrd/-append}) under OVMF
 * with a Linux EFI-stub kernel, the part of a TD's boot that is derivable from build inputs:
 * <ul>
 *   <li>RTMR1 (PCR 2..6): the Authenticode SHA-384 of the {@link QemuKernelPatch QEMU-patched}
 *       kernel, EV_EFI_ACTION "Calling EFI Application from Boot Option", EV_SEPARATOR,
 *       "Exit Boot Services Invocation", "Exit Boot Services Returned with Success";
 *   <li>RTMR2 (PCR 8..15): the stub's load options (the command line, plus {@code " initrd=initrd"}
 *       when there is an initrd) when not empty, then the SHA-384 of the initrd when there is one.
 * </ul>
 *
 * <p>This is dstack-mr's model, checked there against real TDs. Not modelled: boots through shim
 * and GRUB (GPT event, shim and GRUB images, GRUB's command events, MokList), kernels whose stub
 * does not measure its load options or initrd (before Linux 6.x), Secure Boot authority events,
 * and RTMR3, which belongs to the running workload.
 *
 * @since 0.1
 */
public final class DirectBoot {
    private DirectBoot() {
    }

    /**
     * RTMR1's events for {@code kernel} booted with an initrd of {@code initrdSize} bytes (0: none)
     * in a TD with {@code memorySize} bytes of RAM (matters only with an initrd, see {@link QemuKernelPatch}).
     */
    public static RtmrLog rtmr1(byte[] kernel, long initrdSize, long memorySize)
            throws MalformedEvidenceException, MeasurementInputException {
        byte[] patched = QemuKernelPatch.patch(kernel, initrdSize, memorySize);
        List<RtmrEvent> events = new ArrayList<>();
        events.add(new RtmrEvent("kernel (QEMU-patched, Authenticode SHA-384)", PeAuthenticode.sha384(patched)));
        events.add(UefiEvents.action("Calling EFI Application from Boot Option"));
        events.add(UefiEvents.separator());
        events.add(UefiEvents.action("Exit Boot Services Invocation"));
        events.add(UefiEvents.action("Exit Boot Services Returned with Success"));
        return new RtmrLog(events);
    }

    /**
     * RTMR2's events for a command line (null: none) and an initrd digest (null: no initrd, or an
     * empty one, which QEMU does not pass on).
     */
    public static RtmrLog rtmr2(String cmdline, byte[] initrdSha384) {
        List<RtmrEvent> events = new ArrayList<>();
        String options = (cmdline == null ? "" : cmdline) + (initrdSha384 != null ? " initrd=initrd" : "");
        if (!options.isEmpty()) {
            events.add(UefiEvents.loadOptions(options));
        }
        if (initrdSha384 != null) {
            events.add(new RtmrEvent("initrd (SHA-384)", initrdSha384));
        }
        return new RtmrLog(events);
    }
}
