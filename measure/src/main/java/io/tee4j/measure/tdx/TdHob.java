package io.tee4j.measure.tdx;

import io.tee4j.measure.MeasurementInputException;
import io.tee4j.measure.internal.Digests;
import io.tee4j.measure.internal.Le;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The TD HOB list QEMU builds for TDVF, whose SHA-384 OVMF measures first into RTMR0
 * (EV_EFI_HANDOFF_TABLES2): a PHIT HOB (version 9, EfiEndOfHobList = HOB base + list length + 8),
 * then one resource HOB per RAM range — the TD_HOB and TempMem sections as accepted memory
 * (type 0), the rest of RAM as unaccepted memory (type 7), the last range split at 2 GiB and moved
 * above 4 GiB when RAM is 2.75 GiB or more.
 *
 * <p>dstack-mr's model of QEMU's q35 TD; other memory layouts (hotplug, NUMA, PCI holes) are not
 * modelled, and RAM up to 2^52 bytes is accepted.
 *
 * @since 0.1
 */
public final class TdHob {
    private static final long TWO_GIB = 0x80000000L;
    private static final long SPLIT_FROM = 0xB0000000L;
    private static final long DEFAULT_HOB_BASE = 0x809000L;

    private TdHob() {
    }

    /** SHA-384 of the HOB list for a TD with {@code memorySize} bytes of RAM. */
    public static byte[] digest(TdvfMetadata tdvf, long memorySize) throws MeasurementInputException {
        if (memorySize <= 0 || memorySize > 1L << 52 || memorySize % 4096 != 0) {
            throw new MeasurementInputException("memory size " + memorySize + " is not a positive multiple of 4 KiB");
        }
        List<long[]> ranges = new ArrayList<>();
        ranges.add(new long[] {0, 0, memorySize});
        long hobBase = DEFAULT_HOB_BASE;
        for (TdvfSection s : tdvf.sections()) {
            if (s.type() == TdvfSection.TD_HOB || s.type() == TdvfSection.TEMP_MEM) {
                accept(ranges, s.memoryAddress(), s.memoryAddress() + s.memoryDataSize());
            }
            if (s.type() == TdvfSection.TD_HOB) {
                hobBase = s.memoryAddress();
            }
        }
        ByteArrayOutputStream hob = new ByteArrayOutputStream();
        hob.writeBytes(phit());
        long[] last = ranges.remove(ranges.size() - 1);
        for (long[] r : ranges) {
            hob.writeBytes(resource(r[0] == 1 ? 0 : 7, r[1], r[2] - r[1]));
        }
        if (memorySize >= SPLIT_FROM) {
            if (last[1] < TWO_GIB) {
                hob.writeBytes(resource(7, last[1], TWO_GIB - last[1]));
            }
            if (last[2] > TWO_GIB) {
                hob.writeBytes(resource(7, 1L << 32, last[2] - TWO_GIB));
            }
        } else {
            hob.writeBytes(resource(7, last[1], last[2] - last[1]));
        }
        byte[] list = hob.toByteArray();
        Le.putU64(list, 48, hobBase + list.length + 8);
        return Digests.sha384(list);
    }

    /** Marks [start, end) accepted: ranges are {accepted 0/1, start, end}, kept sorted. */
    private static void accept(List<long[]> ranges, long start, long end) {
        if (start >= end) {
            return;
        }
        List<long[]> out = new ArrayList<>();
        for (long[] r : ranges) {
            if (r[0] == 1 || r[2] <= start || r[1] >= end) {
                out.add(r);
                continue;
            }
            if (r[1] < start) {
                out.add(new long[] {0, r[1], start});
            }
            if (r[2] > end) {
                out.add(new long[] {0, end, r[2]});
            }
        }
        out.add(new long[] {1, start, end});
        out.sort(Comparator.comparingLong(r -> r[1]));
        ranges.clear();
        ranges.addAll(out);
    }

    private static byte[] phit() {
        byte[] b = new byte[56];
        b[0] = 0x01;
        Le.putU16(b, 2, 56);
        Le.putU32(b, 8, 9);
        return b;
    }

    private static byte[] resource(int type, long start, long length) {
        byte[] b = new byte[48];
        b[0] = 0x03;
        Le.putU16(b, 2, 48);
        b[24] = (byte) type;
        Le.putU32(b, 28, 7);
        Le.putU64(b, 32, start);
        Le.putU64(b, 40, length);
        return b;
    }
}
