package io.tee4j.vtpm.azure;

import io.tee4j.core.Claims;
import io.tee4j.core.MalformedEvidenceException;
import io.tee4j.json.Json;
import io.tee4j.tpm.verify.AttestationKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The runtime data of an HCL report, read after its hash has been matched to REPORT_DATA: the
 * vTPM keys (JWKs; the AK is the one whose {@code kid} is {@code HCLAkPub}, whatever its
 * {@code key_ops} say), the {@code vm-configuration} (secure-boot, tpm-enabled, tpm-persisted,
 * console-enabled, vmUniqueId, root-cert-thumbprint; other members ignored, since the paravisor adds
 * new ones) and {@code user-data} (hex, compared case-insensitively; absent when empty).
 *
 * @since 0.1
 */
public final class RuntimeData {
    private final AttestationKey attestationKey;
    private final List<String> keyIds;
    private final Map<String, Object> vmConfiguration;
    private final String userData;

    private RuntimeData(AttestationKey ak, List<String> keyIds, Map<String, Object> vmConfiguration, String userData) {
        this.attestationKey = ak;
        this.keyIds = List.copyOf(keyIds);
        this.vmConfiguration = vmConfiguration;
        this.userData = userData;
    }

    /** Reads the JSON. */
    public static RuntimeData parse(byte[] json) throws MalformedEvidenceException {
        Objects.requireNonNull(json, "json");
        try {
            Map<String, Object> root = Json.object(Json.parse(json), "runtime data");
            AttestationKey ak = null;
            List<String> ids = new ArrayList<>();
            List<Object> keys = Json.array(root, "keys", "runtime data");
            for (int i = 0; i < keys.size(); i++) {
                String path = "runtime data.keys[" + i + "]";
                Map<String, Object> jwk = Json.object(keys.get(i), path);
                Object kid = jwk.get("kid");
                ids.add(kid instanceof String ? (String) kid : "");
                if ("HCLAkPub".equals(kid)) {
                    if (ak != null) {
                        throw new MalformedEvidenceException("runtime data lists HCLAkPub twice");
                    }
                    ak = AttestationKey.fromJwk(jwk, path);
                }
            }
            if (ak == null) {
                throw new MalformedEvidenceException("runtime data has no HCLAkPub key");
            }
            Object config = root.get("vm-configuration");
            Map<String, Object> vm = config == null ? Map.of() : Json.object(config, "runtime data.vm-configuration");
            Object user = root.get("user-data");
            if (user != null && !(user instanceof String)) {
                throw new MalformedEvidenceException("runtime data.user-data is not a string");
            }
            return new RuntimeData(ak, ids, vm, (String) user);
        } catch (Json.JsonException e) {
            throw new MalformedEvidenceException("HCL runtime data: " + e.getMessage());
        }
    }

    /** The vTPM attestation key (HCLAkPub). */
    public AttestationKey attestationKey() {
        return attestationKey;
    }

    /** The kid of every key, in order. */
    public List<String> keyIds() {
        return keyIds;
    }

    /** A boolean member of vm-configuration, if present and boolean. */
    public Optional<Boolean> flag(String name) {
        Object v = vmConfiguration.get(name);
        return v instanceof Boolean ? Optional.of((Boolean) v) : Optional.empty();
    }

    /** A string member of vm-configuration, if present and a string. */
    public Optional<String> text(String name) {
        Object v = vmConfiguration.get(name);
        return v instanceof String ? Optional.of((String) v) : Optional.empty();
    }

    /** The user-data hex, lower-cased, if present. */
    public Optional<String> userData() {
        return Optional.ofNullable(userData).map(s -> s.toLowerCase(java.util.Locale.ROOT));
    }

    /** The vm-configuration members tee4j reads, and the user data, as claims. */
    public Claims.Builder claims() {
        Claims.Builder vm = Claims.builder();
        for (String flag : List.of("secure-boot", "tpm-enabled", "tpm-persisted", "console-enabled")) {
            flag(flag).ifPresent(v -> vm.put(flag, v));
        }
        text("vmUniqueId").ifPresent(v -> vm.put("vmUniqueId", v));
        text("root-cert-thumbprint").ifPresent(v -> vm.put("root-cert-thumbprint", v));
        return Claims.builder().put("keys", keyIds).put("vmConfiguration", vm).put("userData", userData().orElse(null));
    }
}
