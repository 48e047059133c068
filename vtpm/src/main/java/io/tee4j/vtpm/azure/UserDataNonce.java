package io.tee4j.vtpm.azure;

import io.tee4j.core.PolicyViolation;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;

/**
 * Policy step for trustee's evidence version 2: the attester also writes the nonce into the vTPM's
 * NV index 0x01400002, so the hardware-bound runtime data's {@code user-data} (hex, either case)
 * must start with it, as trustee checks. Versions 0 and 1 carry no such binding, and a user-data of
 * zeros there is normal.
 */
final class UserDataNonce {
    private UserDataNonce() {
    }

    static Optional<PolicyViolation> check(RuntimeData runtime, byte[] nonce) {
        byte[] userData;
        try {
            userData = HexFormat.of().parseHex(runtime.userData().orElse(""));
        } catch (IllegalArgumentException e) {
            return Optional.of(violation("the runtime data's user-data is not hex"));
        }
        if (userData.length < nonce.length
                || !MessageDigest.isEqual(Arrays.copyOf(userData, nonce.length), nonce)) {
            return Optional.of(violation("evidence version 2: the runtime data's user-data does not start with the "
                    + "nonce"));
        }
        return Optional.empty();
    }

    private static PolicyViolation violation(String message) {
        return new PolicyViolation("nonce", message);
    }
}
