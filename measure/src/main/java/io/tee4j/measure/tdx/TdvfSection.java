package io.tee4j.measure.tdx;

/**
 * One section of TDVF (TDX firmware) metadata: a range of the image file, the guest-physical range
 * it is copied to, its type and attributes (Intel TDVF design guide, "TDX metadata").
 *
 * @param dataOffset       offset of the section's bytes in the image file
 * @param rawDataSize      bytes of the section in the file
 * @param memoryAddress    the guest-physical address (4 KiB aligned)
 * @param memoryDataSize   bytes of guest memory (a 4 KiB multiple, at least {@code rawDataSize})
 * @param type             0 BFV, 1 CFV, 2 TD_HOB, 3 TempMem, 4 PermMem, 5 Payload, 6 PayloadParam,
 *                         7 TD_INFO, 8 TD_PARAMS
 * @param attributes       bit 0 MR.EXTEND (contents measured into MRTD), bit 1 PAGE.AUG (added
 *                         later by the guest, not by TDH.MEM.PAGE.ADD, so not in MRTD)
 * @since 0.1
 */
public record TdvfSection(long dataOffset, long rawDataSize, long memoryAddress, long memoryDataSize, int type,
        long attributes) {
    public static final int BFV = 0;
    public static final int CFV = 1;
    public static final int TD_HOB = 2;
    public static final int TEMP_MEM = 3;
    public static final int TD_INFO = 7;
    /** Types 0..8 are defined. */
    public static final int TYPE_COUNT = 9;
    private static final String[] NAMES = {"BFV", "CFV", "TD_HOB", "TempMem", "PermMem", "Payload", "PayloadParam",
        "TD_INFO", "TD_PARAMS"};

    /** True when TDH.MR.EXTEND measures the section's contents into MRTD. */
    public boolean extendsMr() {
        return (attributes & 1) != 0;
    }

    /** True when the pages are added with TDH.MEM.PAGE.AUG (not part of MRTD). */
    public boolean pageAug() {
        return (attributes & 2) != 0;
    }

    /** The number of 4 KiB pages of guest memory. */
    public long pages() {
        return memoryDataSize / 4096;
    }

    /** The type's name. */
    public String typeName() {
        return type >= 0 && type < NAMES.length ? NAMES[type] : "type " + type;
    }
}
