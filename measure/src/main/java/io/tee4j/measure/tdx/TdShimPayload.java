package io.tee4j.measure.tdx;

import io.tee4j.measure.MeasurementInputException;
import io.tee4j.measure.internal.Digests;
import java.security.MessageDigest;

/**
 * td-shim payload measurements (td-payload-reference-calculator): the payload and its parameter
 * (the kernel command line) are each measured as the SHA-384 of the bytes zero-padded to the size
 * reserved for them in the td-shim layout (e.g. 0x1000 for the parameter).
 *
 * @since 0.1
 */
public final class TdShimPayload {
    private TdShimPayload() {
    }

    /** SHA-384 of {@code data} followed by zeros up to {@code reservedSize} bytes. */
    public static byte[] paddedDigest(byte[] data, long reservedSize) throws MeasurementInputException {
        if (reservedSize < data.length || reservedSize > 1L << 32) {
            throw new MeasurementInputException(data.length + " bytes do not fit the reserved " + reservedSize);
        }
        MessageDigest md = Digests.sha384();
        md.update(data);
        byte[] zeros = new byte[1 << 16];
        for (long left = reservedSize - data.length; left > 0; left -= zeros.length) {
            md.update(zeros, 0, (int) Math.min(left, zeros.length));
        }
        return md.digest();
    }
}
