package io.tee4j.snp.validate;

import io.tee4j.core.PolicyViolation;
import io.tee4j.snp.abi.AttestationReport;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Policy rule {@code referenceManifest}: the report's launch measurement must be the one a
 * reference-manifest entry derives (the values are derived from the artifacts by
 * {@code tee4j-measure}, not here); the matching entry is named in the result.
 */
final class ReferenceManifestRules {
    static final String KEY = "referenceManifest";

    private ReferenceManifestRules() {
    }

    static void check(SnpPolicy p, AttestationReport r, List<PolicyViolation> v) {
        if (!p.referenceManifest.isEmpty() && matchedEntry(p, r).isEmpty()) {
            v.add(new PolicyViolation(KEY, p.referenceManifest.mismatch(registers(r))));
        }
    }

    static Optional<String> matchedEntry(SnpPolicy p, AttestationReport r) {
        return p.referenceManifest.match(registers(r));
    }

    private static Map<String, byte[]> registers(AttestationReport r) {
        return Map.of("measurement", r.measurement());
    }
}
