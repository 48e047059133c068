package io.tee4j.measure.cca;

import io.tee4j.measure.MeasurementInputException;
import io.tee4j.measure.internal.Le;
import java.util.Arrays;
import java.util.Objects;

/**
 * The Realm Initial Measurement (RIM) as the RMM accumulates it while the host builds a realm
 * (DEN0137 1.0-rel0; veraison/cca-realm-measurements' model). Each step replaces the RIM with the
 * hash of a 256-byte measurement descriptor that contains the current RIM:
 * <ol>
 *   <li>{@link #create RMI_REALM_CREATE}: RIM = H(the measured {@link RealmParams});
 *   <li>{@link #initRipas RMI_RTT_INIT_RIPAS}: one RIPAS descriptor {type 2, length 0x100, RIM,
 *       base, top} per RTT entry of the range;
 *   <li>{@link #addData RMI_DATA_CREATE}: per 4 KiB granule, ascending, a DATA descriptor {type 0,
 *       length 0x100, RIM, IPA, flags (bit 0 measure content), content = H(granule) or zero};
 *   <li>{@link #addRec RMI_REC_CREATE}: a REC descriptor {type 1, length 0x100, RIM, content =
 *       H(4 KiB RmiRecParams with flags @0, PC @0x200, x0..x7 @0x300)}.
 * </ol>
 * Call the steps in the order the VMM performs them; the tool's convention is RAM RIPAS ranges,
 * measured blobs by ascending address, the first (runnable) REC, then unmeasured data.
 *
 * <p>Not computed: which blobs a VMM loads where (firmware, kernel, initrd and the device tree it
 * generates — this class takes them as given), the REMs, and RECs the tool does not measure. Not
 * thread-safe.
 *
 * @since 0.1
 */
public final class RealmInitialMeasurement {
    /** The most unmeasured bytes one {@link #addUnmeasuredData} call covers (1 GiB, 262,144 granules). */
    public static final long MAX_UNMEASURED_BYTES = 1L << 30;
    private static final int GRANULE = 4096;
    private static final int DESCRIPTOR_BYTES = 0x100;

    private final RimHashAlgorithm algorithm;
    private final long blockSizes;
    private byte[] rim;

    private RealmInitialMeasurement(RealmParams params) {
        this.algorithm = params.hashAlgorithm();
        this.blockSizes = RttBlockSizes.forIpaBits(params.ipaBits());
        this.rim = algorithm.measure(params.encode());
    }

    /** RMI_REALM_CREATE. */
    public static RealmInitialMeasurement create(RealmParams params) {
        return new RealmInitialMeasurement(Objects.requireNonNull(params, "params"));
    }

    /** RMI_RTT_INIT_RIPAS over [{@code base}, {@code top}), both 4 KiB aligned. */
    public RealmInitialMeasurement initRipas(long base, long top) throws MeasurementInputException {
        if (base < 0 || top <= base || top > 1L << 52 || base % GRANULE != 0 || top % GRANULE != 0) {
            throw new MeasurementInputException(String.format("RIPAS range 0x%x..0x%x is not an aligned, non-empty"
                    + " range below 2^52", base, top));
        }
        for (long cur = base; cur < top; ) {
            long block = RttBlockSizes.largestBlock(cur, top, blockSizes);
            byte[] d = descriptor(2);
            Le.putU64(d, 0x50, cur);
            Le.putU64(d, 0x58, cur + block);
            extend(d);
            cur += block;
        }
        return this;
    }

    /**
     * RMI_DATA_CREATE with content measured, for a blob loaded at {@code ipa}: the blob is placed in
     * whole granules (zero before an unaligned start and after its end) and each granule measured.
     */
    public RealmInitialMeasurement addData(long ipa, byte[] blob) throws MeasurementInputException {
        Objects.requireNonNull(blob, "blob");
        long start = ipa & ~(GRANULE - 1L);
        int lead = (int) (ipa - start);
        long span = ((long) lead + blob.length + GRANULE - 1) / GRANULE * GRANULE;
        checkRange(ipa, start, span);
        byte[] granule = new byte[GRANULE];
        for (long off = 0; off < span; off += GRANULE) {
            Arrays.fill(granule, (byte) 0);
            long from = off - lead;
            int srcStart = (int) Math.max(0, from);
            int dstStart = (int) Math.max(0, -from);
            int n = (int) Math.min(GRANULE - dstStart, Math.max(0, blob.length - srcStart));
            System.arraycopy(blob, srcStart, granule, dstStart, n);
            data(start + off, true, algorithm.measure(granule));
        }
        return this;
    }

    /**
     * RMI_DATA_CREATE without measuring content, over the granules covering [{@code ipa}, {@code ipa + size});
     * at most {@link #MAX_UNMEASURED_BYTES} per call, since each granule costs one hash.
     */
    public RealmInitialMeasurement addUnmeasuredData(long ipa, long size) throws MeasurementInputException {
        if (size < 0 || size > MAX_UNMEASURED_BYTES) {
            throw new MeasurementInputException("unmeasured data of " + size + " bytes: at most " + MAX_UNMEASURED_BYTES
                    + " (one descriptor per 4 KiB granule; a realm's unmeasured data is a log or a buffer)");
        }
        long start = ipa & ~(GRANULE - 1L);
        long span = (ipa - start + size + GRANULE - 1) / GRANULE * GRANULE;
        checkRange(ipa, start, span);
        for (long off = 0; off < span; off += GRANULE) {
            data(start + off, false, new byte[64]);
        }
        return this;
    }

    /** RMI_REC_CREATE of a runnable REC entering at {@code pc} with x0..x7 = {@code gprs}. */
    public RealmInitialMeasurement addRec(long pc, long[] gprs) throws MeasurementInputException {
        if (gprs.length > 8) {
            throw new MeasurementInputException("a REC takes at most 8 general-purpose registers (x0..x7)");
        }
        byte[] params = new byte[GRANULE];
        Le.putU64(params, 0, 1);
        Le.putU64(params, 0x200, pc);
        for (int i = 0; i < gprs.length; i++) {
            Le.putU64(params, 0x300 + 8 * i, gprs[i]);
        }
        byte[] d = descriptor(1);
        System.arraycopy(algorithm.measure(params), 0, d, 0x50, 64);
        extend(d);
        return this;
    }

    /** The RIM as a realm token reports it: the digest's own length (32 bytes for SHA-256). */
    public byte[] rim() {
        return Arrays.copyOf(rim, algorithm.digestBytes());
    }

    /** The 64-byte RIM field (SHA-256 zero-padded). */
    public byte[] rim64() {
        return rim.clone();
    }

    private void data(long ipa, boolean measured, byte[] content) {
        byte[] d = descriptor(0);
        Le.putU64(d, 0x50, ipa);
        Le.putU64(d, 0x58, measured ? 1 : 0);
        System.arraycopy(content, 0, d, 0x60, 64);
        extend(d);
    }

    private byte[] descriptor(int type) {
        byte[] d = new byte[DESCRIPTOR_BYTES];
        d[0] = (byte) type;
        Le.putU64(d, 8, DESCRIPTOR_BYTES);
        System.arraycopy(rim, 0, d, 0x10, 64);
        return d;
    }

    private void extend(byte[] descriptor) {
        rim = algorithm.measure(descriptor);
    }

    private static void checkRange(long ipa, long start, long span) throws MeasurementInputException {
        if (ipa < 0 || span < 0 || span > (1L << 52) - start) {
            throw new MeasurementInputException(String.format("data at 0x%x (%d bytes) lies beyond 2^52", ipa, span));
        }
    }
}
