package io.tee4j.se.validate;

import io.tee4j.core.PolicyViolation;
import io.tee4j.se.abi.AdditionalData;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * Evaluates an {@link SePolicy} against the values of a response whose measurement already
 * verified; returns one {@link PolicyViolation} per failed rule, its rule id the policy JSON key.
 *
 * @since 0.3
 */
public final class SePolicyRules {
    private static final HexFormat HEX = HexFormat.of();

    private SePolicyRules() {
    }

    /** The violations of {@code policy}; empty when every rule holds. */
    public static List<PolicyViolation> evaluate(SePolicy policy, AdditionalData additional, byte[] userData,
            Optional<byte[]> nonce) {
        List<PolicyViolation> out = new ArrayList<>();
        phkh(out, "allowedImagePhkhs", "image", policy.allowedImagePhkhs(), additional.imagePhkh());
        phkh(out, "allowedAttestationPhkhs", "attestation", policy.allowedAttestationPhkhs(), additional.attestationPhkh());
        policy.secretStoreHash().ifPresent(want -> {
            if (additional.secretStoreHash().isEmpty()) {
                out.add(new PolicyViolation("secretStoreHash", "the request did not ask for the secret-store hash"));
            } else if (!MessageDigest.isEqual(want, additional.secretStoreHash().get())) {
                out.add(new PolicyViolation("secretStoreHash", "secret-store hash "
                        + HEX.formatHex(additional.secretStoreHash().get()) + " is not the expected one"));
            }
        });
        policy.userData().ifPresent(want -> {
            if (!MessageDigest.isEqual(want, userData)) {
                out.add(new PolicyViolation("userData", "user data " + HEX.formatHex(userData) + " is not the expected "
                        + HEX.formatHex(want)));
            }
        });
        policy.nonce().ifPresent(want -> {
            if (nonce.isEmpty() || !MessageDigest.isEqual(want, nonce.get())) {
                out.add(new PolicyViolation("nonce", "the request's nonce is not the expected one"));
            }
        });
        return out;
    }

    private static void phkh(List<PolicyViolation> out, String key, String which, List<byte[]> allowed,
            Optional<byte[]> actual) {
        if (allowed.isEmpty()) {
            return;
        }
        if (actual.isEmpty()) {
            out.add(new PolicyViolation(key, "the response carries no " + which + " host-key hash (request flag not set)"));
        } else if (allowed.stream().noneMatch(a -> MessageDigest.isEqual(a, actual.get()))) {
            out.add(new PolicyViolation(key, which + " host-key hash " + HEX.formatHex(actual.get()) + " is not allowed"));
        }
    }
}
