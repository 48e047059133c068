package io.tee4j.se.abi;

import io.tee4j.core.MalformedEvidenceException;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;

/**
 * The Ultravisor's additional data split by the request's flags, in flag-bit order: image PHKH,
 * attestation PHKH, secret-store hash, firmware state; bytes beyond those are kept as
 * unrecognized (s390-tools reports them the same way). Splitting verifies nothing: the values are
 * trustworthy only after the measurement that covers them has been checked.
 *
 * @param imagePhkh hash of the host key that unpacked the image, if asked for
 * @param attestationPhkh hash of the host key that decrypted the request, if asked for
 * @param secretStoreHash SHA-512 over the store's Add-secret tags and lock state, if asked for
 * @param firmwareState the 320-byte opaque firmware state, if asked for
 * @param unrecognized bytes no flag explains (empty when none)
 * @since 0.3
 */
public record AdditionalData(Optional<byte[]> imagePhkh, Optional<byte[]> attestationPhkh,
        Optional<byte[]> secretStoreHash, Optional<byte[]> firmwareState, byte[] unrecognized) {

    /**
     * Splits {@code data} by {@code flags}.
     *
     * @throws MalformedEvidenceException when the data is shorter than the flags require
     */
    public static AdditionalData split(byte[] data, Set<AttestationFlags> flags) throws MalformedEvidenceException {
        int need = AttestationFlags.additionalSize(flags);
        if (data.length < need) {
            throw new MalformedEvidenceException("additional data of " + data.length + " bytes is shorter than the "
                    + need + " the request's flags ask for");
        }
        int[] at = {0};
        return new AdditionalData(take(data, at, flags, AttestationFlags.IMAGE_PHKH),
                take(data, at, flags, AttestationFlags.ATTESTATION_PHKH),
                take(data, at, flags, AttestationFlags.SECRET_STORE_HASH),
                take(data, at, flags, AttestationFlags.FIRMWARE_STATE),
                Arrays.copyOfRange(data, at[0], data.length));
    }

    private static Optional<byte[]> take(byte[] data, int[] at, Set<AttestationFlags> flags, AttestationFlags flag) {
        if (!flags.contains(flag)) {
            return Optional.empty();
        }
        byte[] part = Arrays.copyOfRange(data, at[0], at[0] + flag.additionalSize());
        at[0] += flag.additionalSize();
        return Optional.of(part);
    }
}
