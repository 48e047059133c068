package io.tee4j.cli;

import io.tee4j.core.TeeType;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Map;

/**
 * {@code tee4j verify --nonce HEX}: the challenge the evidence must carry, turned into the policy
 * key each backend already checks, so the command line and a policy file mean the same thing.
 *
 * <ul>
 *   <li>SEV-SNP and TDX: {@code reportData}, 1 to 64 bytes, zero-padded on the right to 64 as the
 *       attesters ({@code tee4j attest}, the sidecar) pad what they are given;
 *   <li>CCA: {@code expectedChallenge}, 1 to 64 bytes (the backend pads it the same way);
 *   <li>NVIDIA GPU: {@code expectedNonce}, exactly 32 bytes (the SPDM nonce);
 *   <li>IBM SE: {@code userData}, 1 to 64 bytes, compared exactly (the guest's user data).
 * </ul>
 *
 * <p>Giving the same key in a policy file as well is a usage error rather than a silent choice. A
 * mismatch is what the backend makes of its key: a policy violation for SEV-SNP and TDX report
 * data, a freshness failure ({@code VERIFICATION_FAILED}) for the CCA challenge and the NVIDIA nonce.
 */
final class NonceOption {
    private static final Map<TeeType, String> POLICY_KEY = Map.of(TeeType.SEV_SNP, "reportData", TeeType.TDX,
            "reportData", TeeType.CCA, "expectedChallenge", TeeType.NVIDIA_GPU, "expectedNonce", TeeType.IBM_SE, "userData");
    private static final int REPORT_DATA_BYTES = 64;
    private static final int SPDM_NONCE_BYTES = 32;

    private NonceOption() {
    }

    /** Adds the nonce to a policy tree under the backend's key. */
    static void addTo(Map<String, Object> policy, TeeType tee, String hex) throws UsageException {
        String key = POLICY_KEY.get(tee);
        if (policy.containsKey(key)) {
            throw new UsageException("--nonce and the policy's \"" + key + "\" both set the expected nonce; give one");
        }
        policy.put(key, HexFormat.of().formatHex(bytes(tee, hex)));
    }

    static byte[] bytes(TeeType tee, String hex) throws UsageException {
        byte[] raw;
        try {
            raw = HexFormat.of().parseHex(hex.startsWith("0x") ? hex.substring(2) : hex);
        } catch (IllegalArgumentException e) {
            // Quote only the start: the value may be huge, and the user has it anyway.
            throw new UsageException("--nonce: expected hex, got " + (hex.length() <= 40 ? "'" + hex + "'"
                    : "'" + hex.substring(0, 40) + "…' (" + hex.length() + " characters)"));
        }
        if (tee == TeeType.NVIDIA_GPU) {
            if (raw.length != SPDM_NONCE_BYTES) {
                throw new UsageException("--nonce: the NVIDIA GPU nonce is 32 bytes, got " + raw.length);
            }
            return raw;
        }
        if (raw.length == 0 || raw.length > REPORT_DATA_BYTES) {
            throw new UsageException("--nonce: 1 to 64 bytes for " + tee.id() + ", got " + raw.length);
        }
        return tee == TeeType.CCA || tee == TeeType.IBM_SE ? raw : Arrays.copyOf(raw, REPORT_DATA_BYTES);
    }
}
