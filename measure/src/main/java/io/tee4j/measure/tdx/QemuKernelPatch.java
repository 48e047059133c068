package io.tee4j.measure.tdx;

import io.tee4j.core.MalformedEvidenceException;
import io.tee4j.measure.MeasurementInputException;
import io.tee4j.measure.internal.Le;
import io.tee4j.measure.internal.LeReader;

/**
 * The changes QEMU makes to a Linux bzImage's setup header before handing it to the firmware
 * ({@code -kernel}; hw/i386/x86.c), which the firmware then measures: type_of_loader 0xB0,
 * CAN_USE_HEAP, heap_end_ptr, cmd_line_ptr, and with an initrd ramdisk_image and ramdisk_size.
 * The initrd's address depends on the guest's memory below 4 GiB (minus 0x28000 of ACPI data), so
 * with an initrd the kernel's digest depends on the RAM size — except at exactly 2 GiB and from
 * 2.75 GiB up, where it is the same for every size.
 *
 * <p>Follows dstack-mr's model of QEMU (q35 low-memory split at 2 GiB from 2.75 GiB of RAM);
 * other machine types or a changed {@code max-ram-below-4g} are not modelled.
 *
 * @since 0.1
 */
public final class QemuKernelPatch {
    /** QEMU's reserve for ACPI data below the initrd. */
    public static final long ACPI_DATA_SIZE = 0x28000;
    private static final long STABLE_MEMORY = 0xB0000000L;
    private static final long LOW_MEMORY_SPLIT = 0x80000000L;

    private QemuKernelPatch() {
    }

    /** A patched copy of {@code kernel}. */
    public static byte[] patch(byte[] kernel, long initrdSize, long memorySize)
            throws MalformedEvidenceException, MeasurementInputException {
        if (kernel.length < 0x1000) {
            throw new MalformedEvidenceException("kernel: " + kernel.length + " bytes is too short for a bzImage");
        }
        byte[] k = kernel.clone();
        int protocol = new LeReader(k, "kernel").u16(0x206, "boot protocol version");
        boolean high = protocol >= 0x200 && (k[0x211] & 0x01) != 0;
        long realAddr = high ? 0x10000 : 0x90000;
        long cmdlineAddr = high ? 0x20000 : 0x9A000;
        if (protocol >= 0x200) {
            k[0x210] = (byte) 0xB0;
        }
        if (protocol >= 0x201) {
            k[0x211] |= (byte) 0x80;
            Le.putU32(k, 0x224, cmdlineAddr - realAddr - 0x200);
        }
        if (protocol >= 0x202) {
            Le.putU32(k, 0x228, cmdlineAddr);
        } else {
            Le.putU16(k, 0x20, 0xA33F);
            Le.putU16(k, 0x22, (int) (cmdlineAddr - realAddr));
        }
        if (initrdSize > 0) {
            placeInitrd(k, protocol, initrdSize, memorySize);
        }
        return k;
    }

    /** ramdisk_image and ramdisk_size, as QEMU places the initrd below its limit. */
    private static void placeInitrd(byte[] k, int protocol, long initrdSize, long memorySize)
            throws MeasurementInputException {
        if (protocol < 0x200) {
            throw new MeasurementInputException("the kernel's boot protocol is too old for an initrd");
        }
        long initrdMax = initrdLimit(k, protocol);
        long lowMemory = memorySize < STABLE_MEMORY ? STABLE_MEMORY : LOW_MEMORY_SPLIT;
        long below4g = memorySize >= lowMemory ? lowMemory : memorySize;
        if (below4g <= ACPI_DATA_SIZE) {
            throw new MeasurementInputException("memory size " + memorySize + " leaves no room below 4 GiB");
        }
        if (initrdMax >= below4g - ACPI_DATA_SIZE) {
            initrdMax = below4g - ACPI_DATA_SIZE - 1;
        }
        if (initrdSize >= initrdMax) {
            throw new MeasurementInputException("initrd of " + initrdSize + " bytes does not fit below 0x"
                    + Long.toHexString(initrdMax));
        }
        Le.putU32(k, 0x218, (initrdMax - initrdSize) & ~0xFFFL);
        Le.putU32(k, 0x21C, initrdSize);
    }

    /** initrd_addr_max: 4 GiB − 1 with XLF_CAN_BE_LOADED_ABOVE_4G, else the header's value or 0x37FFFFFF. */
    private static long initrdLimit(byte[] k, int protocol) {
        if (protocol >= 0x20C) {
            int xloadflags = (k[0x236] & 0xFF) | (k[0x237] & 0xFF) << 8;
            return (xloadflags & 0x40) != 0 ? 0xFFFFFFFFL : 0x37FFFFFFL;
        }
        if (protocol >= 0x203) {
            long max = Le.u32(k, 0x22C);
            return max == 0 ? 0x37FFFFFFL : max;
        }
        return 0x37FFFFFFL;
    }
}
