package io.tee4j.cli;

import io.tee4j.core.CollateralUnavailableException;
import io.tee4j.core.MalformedEvidenceException;
import io.tee4j.core.PolicyFormatException;
import io.tee4j.core.TeeType;
import io.tee4j.measure.MeasurementInputException;
import io.tee4j.measure.manifest.ReferenceManifest;
import io.tee4j.measure.manifest.ReferenceValues;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * {@code verify --reference-manifest FILE}, and a policy file whose {@code referenceManifest} is a
 * file name: the manifest's entries are derived (tee4j-measure reads the artifacts beside the
 * manifest) and the policy gets the named values under {@code referenceManifest}, which the
 * backend compares. Derivation happens here, once per command, so a policy that arrives over the
 * sidecar's HTTP can carry derived values but never makes the verifier read local files.
 */
final class ReferenceManifestOption {
    static final String KEY = "referenceManifest";

    private ReferenceManifestOption() {
    }

    /** Adds the values {@code manifest} derives for {@code tee} to {@code policy}. */
    static void addTo(Map<String, Object> policy, TeeType tee, Path manifest) throws UsageException,
            PolicyFormatException, CollateralUnavailableException, MalformedEvidenceException {
        if (policy.containsKey(KEY)) {
            throw new UsageException("the policy already has " + KEY + "; give it or --reference-manifest, not both");
        }
        policy.putAll(ReferenceManifest.policyFragment(derive(tee, manifest)));
    }

    /**
     * Replaces a policy file's {@code referenceManifest} that names a manifest file (relative to the
     * policy file's folder) with the values it derives; a list (derived values) is left as it is.
     */
    static void resolveIn(Map<String, Object> policy, TeeType tee, Path policyFile) throws UsageException,
            PolicyFormatException, CollateralUnavailableException, MalformedEvidenceException {
        Object v = policy.get(KEY);
        if (v instanceof String) {
            Path folder = policyFile.toAbsolutePath().getParent();
            policy.remove(KEY);
            addTo(policy, tee, folder.resolve((String) v));
        }
    }

    static List<ReferenceValues> derive(TeeType tee, Path manifest) throws UsageException, PolicyFormatException,
            CollateralUnavailableException, MalformedEvidenceException {
        if (tee != TeeType.SEV_SNP && tee != TeeType.TDX && tee != TeeType.CCA) {
            throw new UsageException("a reference manifest derives sev-snp, tdx and cca values, not " + tee.id());
        }
        try {
            return ReferenceManifest.read(manifest).derive(tee);
        } catch (MeasurementInputException e) {
            throw MeasureInputs.usage(e);
        }
    }
}
