package io.tee4j.cli;

import io.tee4j.core.TeeType;
import io.tee4j.core.spi.NonceBinding;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;

/**
 * {@code tee4j verify --nonce HEX}: the challenge the evidence must carry, put under the policy
 * key the backend declares ({@link io.tee4j.core.spi.TeeBackend#nonceBinding()}: the key, the
 * allowed lengths and the padding), so the command line and a policy file mean the same thing and
 * this class names no backend's key.
 *
 * <p>Giving the same key in a policy file as well is a usage error rather than a silent choice. A
 * mismatch is what the backend makes of its key (for example a policy violation for SEV-SNP and
 * TDX report data, a freshness failure for the CCA challenge and the NVIDIA nonce).
 */
final class NonceOption {

    private NonceOption() {
    }

    /** Adds the nonce to a policy tree under the backend's key. */
    static void addTo(Map<String, Object> policy, TeeType tee, String hex) throws UsageException {
        NonceBinding binding = binding(tee);
        String key = binding.policyKey();
        if (policy.containsKey(key)) {
            throw new UsageException("--nonce and the policy's \"" + key + "\" both set the expected nonce; give one");
        }
        policy.put(key, HexFormat.of().formatHex(bytes(binding, tee, hex)));
    }

    static byte[] bytes(TeeType tee, String hex) throws UsageException {
        return bytes(binding(tee), tee, hex);
    }

    private static NonceBinding binding(TeeType tee) throws UsageException {
        return Backends.forType(tee).nonceBinding()
                .orElseThrow(() -> new UsageException("--nonce: " + tee.id() + " evidence binds no caller nonce"));
    }

    private static byte[] bytes(NonceBinding binding, TeeType tee, String hex) throws UsageException {
        byte[] raw;
        try {
            raw = HexFormat.of().parseHex(hex.startsWith("0x") ? hex.substring(2) : hex);
        } catch (IllegalArgumentException e) {
            // Quote only the start: the value may be huge, and the user has it anyway.
            throw new UsageException("--nonce: expected hex, got " + (hex.length() <= 40 ? "'" + hex + "'"
                    : "'" + hex.substring(0, 40) + "…' (" + hex.length() + " characters)"));
        }
        try {
            return binding.expectedValue(raw);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--nonce: the " + tee.id() + " nonce has " + e.getMessage());
        }
    }
}
