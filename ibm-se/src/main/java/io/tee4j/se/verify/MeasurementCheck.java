package io.tee4j.se.verify;

import io.tee4j.core.SecretAccess;
import io.tee4j.core.SecretBytes;
import io.tee4j.se.abi.HeaderTags;
import io.tee4j.se.abi.MeasurementInput;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Step 2 of response verification: recomputes the HMAC-SHA512 measurement over the expected
 * header tags, CUID, user data, nonce and additional data, and compares it with the Ultravisor's
 * in constant time. A match proves that an Ultravisor that could open the request saw an image
 * with exactly these tags and produced exactly these values.
 *
 * @since 0.3
 */
public final class MeasurementCheck {
    /** Length of an HMAC-SHA512 measurement. */
    public static final int MEASUREMENT_SIZE = 64;

    private MeasurementCheck() {
    }

    /** The measurement for these inputs under {@code key}. */
    public static byte[] compute(SecretBytes key, HeaderTags tags, byte[] cuid, byte[] userData, byte[] nonce,
            byte[] additional) {
        byte[] k = key.toByteArray(SecretAccess.INSECURE);
        try {
            Mac mac = Mac.getInstance("HmacSHA512");
            mac.init(new SecretKeySpec(k, "HmacSHA512"));
            return mac.doFinal(MeasurementInput.encode(tags, cuid, userData, nonce, additional));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA512 is missing from this JRE", e);
        } finally {
            Arrays.fill(k, (byte) 0);
        }
    }

    /**
     * Requires {@code measurement} to equal the recomputed value.
     *
     * @throws MeasurementMismatchException it does not, or it is not 64 bytes
     */
    public static void require(byte[] measurement, DecryptedArcb request, HeaderTags tags, byte[] cuid,
            byte[] userData, byte[] additional) throws MeasurementMismatchException {
        if (measurement.length != MEASUREMENT_SIZE) {
            throw new MeasurementMismatchException("measurement is " + measurement.length + " bytes, not 64");
        }
        byte[] expected = compute(request.measurementKey(), tags, cuid, userData, request.nonce().orElse(null), additional);
        if (!MessageDigest.isEqual(expected, measurement)) {
            throw new MeasurementMismatchException("measurement mismatch: the response does not come from an Ultravisor "
                    + "running the expected image with these CUID, user data, nonce and additional data");
        }
    }
}
