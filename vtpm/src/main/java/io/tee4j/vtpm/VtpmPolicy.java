package io.tee4j.vtpm;

import io.tee4j.core.PolicyDocument;
import io.tee4j.core.PolicyFormatException;
import io.tee4j.core.PolicyViolation;
import io.tee4j.tpm.abi.TpmHash;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * What a vTPM verifier requires beyond the inner TEE's own policy: {@code nonce} (hex; the TPM
 * quote's extraData must equal it exactly), {@code pcrs} (expected values per bank and index,
 * {@code {"sha256": {"0": "hex", ...}}}; each must equal the quoted value) and
 * {@code secureBootRequired} (the platform must report Secure Boot on: Azure's vm-configuration,
 * GCE's measured SecureBoot variable). Defaults: no nonce (the result then warns that the quote
 * may be a replay), no PCR values, Secure Boot not required. Every other key of the document is
 * the inner TEE's policy ({@link #innerDocument()}).
 *
 * @since 0.1
 */
public final class VtpmPolicy {
    /** The keys this policy reads; the rest belongs to the inner TEE. */
    public static final Set<String> KEYS = Set.of("nonce", "pcrs", "secureBootRequired");
    private static final VtpmPolicy DEFAULTS = new VtpmPolicy(null, new EnumMap<>(TpmHash.class), false, null);

    private final byte[] nonce;
    private final Map<TpmHash, Map<Integer, byte[]>> pcrs;
    private final boolean secureBootRequired;
    private final PolicyDocument inner;

    private VtpmPolicy(byte[] nonce, Map<TpmHash, Map<Integer, byte[]>> pcrs, boolean secureBoot, PolicyDocument inner) {
        this.nonce = nonce;
        this.pcrs = pcrs;
        this.secureBootRequired = secureBoot;
        this.inner = inner;
    }

    /** No nonce, no PCR values, Secure Boot not required, the inner TEE's default policy. */
    public static VtpmPolicy defaults() {
        return DEFAULTS;
    }

    /** Reads the vTPM keys of a policy document; the others are left for the inner TEE. */
    public static VtpmPolicy fromDocument(PolicyDocument doc) throws PolicyFormatException {
        byte[] nonce = null;
        Optional<String> n = doc.string("nonce");
        if (n.isPresent()) {
            try {
                nonce = HexFormat.of().parseHex(n.get());
            } catch (IllegalArgumentException e) {
                throw doc.invalid("nonce", "expected hex");
            }
            if (nonce.length == 0 || nonce.length > 64) {
                throw doc.invalid("nonce", "a TPM nonce is 1 to 64 bytes, got " + nonce.length);
            }
        }
        Map<TpmHash, Map<Integer, byte[]>> pcrs = new EnumMap<>(TpmHash.class);
        Optional<PolicyDocument> p = doc.object("pcrs");
        if (p.isPresent()) {
            readPcrs(p.get(), pcrs);
        }
        boolean secureBoot = doc.bool("secureBootRequired").orElse(false);
        return new VtpmPolicy(nonce, pcrs, secureBoot, doc.without(KEYS));
    }

    private static void readPcrs(PolicyDocument p, Map<TpmHash, Map<Integer, byte[]>> out)
            throws PolicyFormatException {
        for (TpmHash bank : TpmHash.values()) {
            Optional<PolicyDocument> b = p.object(bank.label());
            if (b.isEmpty()) {
                continue;
            }
            Map<Integer, byte[]> values = new TreeMap<>();
            for (int i = 0; i < 24; i++) {
                Optional<byte[]> v = b.get().hex(Integer.toString(i), bank.size());
                if (v.isPresent()) {
                    values.put(i, v.get());
                }
            }
            b.get().finish();
            out.put(bank, values);
        }
        p.finish();
    }

    /** The expected nonce, if any. */
    public Optional<byte[]> nonce() {
        return Optional.ofNullable(nonce).map(byte[]::clone);
    }

    /** The expected PCR values (unmodifiable; do not change the arrays). */
    public Map<TpmHash, Map<Integer, byte[]>> pcrs() {
        return Collections.unmodifiableMap(pcrs);
    }

    /** Whether Secure Boot must be on. */
    public boolean secureBootRequired() {
        return secureBootRequired;
    }

    /** The rest of the document, for the inner TEE; empty for its default policy. */
    public Optional<PolicyDocument> innerDocument() {
        return Optional.ofNullable(inner);
    }

    /** Checks quoted PCR values against the expected ones: one violation ({@code pcrs}) per PCR. */
    public List<PolicyViolation> checkPcrs(Map<TpmHash, Map<Integer, byte[]>> quoted) {
        List<PolicyViolation> out = new ArrayList<>();
        HexFormat hex = HexFormat.of();
        for (Map.Entry<TpmHash, Map<Integer, byte[]>> bank : pcrs.entrySet()) {
            Map<Integer, byte[]> have = quoted.getOrDefault(bank.getKey(), Map.of());
            for (Map.Entry<Integer, byte[]> want : bank.getValue().entrySet()) {
                byte[] got = have.get(want.getKey());
                if (got == null || !MessageDigest.isEqual(got, want.getValue())) {
                    out.add(new PolicyViolation("pcrs", bank.getKey().label() + " PCR " + want.getKey() + " is "
                            + (got == null ? "not quoted" : hex.formatHex(got)) + ", expected "
                            + hex.formatHex(want.getValue())));
                }
            }
        }
        return out;
    }

    /** Checks the platform's Secure Boot state (empty when the evidence does not say). */
    public Optional<PolicyViolation> checkSecureBoot(Optional<Boolean> secureBoot) {
        if (!secureBootRequired || secureBoot.orElse(false)) {
            return Optional.empty();
        }
        return Optional.of(new PolicyViolation("secureBootRequired", secureBoot.isEmpty()
                ? "Secure Boot is required but the evidence does not say whether it is on"
                : "Secure Boot is required but is off"));
    }
}
