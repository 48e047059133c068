package io.tee4j.cca.validate;

import io.tee4j.cca.abi.CcaToken;
import io.tee4j.cca.abi.SecurityLifecycle;
import io.tee4j.core.NamedReferenceValues;
import io.tee4j.core.PolicyViolation;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The policy rules of a verified CCA token, each violation named by the policy JSON key it breaks, so
 * callers (the CLI's exit class, EAR, the sidecar) can tell which rule failed without reading messages.
 * The signatures, the RAK binding and the challenge are not rules here: the verifier checks them
 * first and their failure is a verification failure, not a policy violation.
 */
public final class CcaPolicyRules {
    /** Rule id of a platform lifecycle state the policy does not allow. */
    public static final String LIFECYCLE = "allowedLifecycleStates";
    /**
     * Rule id of a claim that differs from its reference value. The reference values come from the
     * reference-value files, not the policy document; the id names that input.
     */
    public static final String REFERENCE_VALUES = "referenceValues";
    /** Rule id of a claim with no reference value under a policy that requires one. */
    public static final String REQUIRE_REFERENCE_VALUES = "requireReferenceValues";
    /** Rule id of a realm initial measurement outside the allowed list. */
    public static final String INITIAL_MEASUREMENTS = "allowedInitialMeasurements";
    /** Rule id of a realm initial measurement that no reference-manifest entry derives. */
    public static final String REFERENCE_MANIFEST = "referenceManifest";
    /** Rule id of a realm personalization value other than the expected one. */
    public static final String PERSONALIZATION_VALUE = "expectedPersonalizationValue";

    private static final HexFormat HEX = HexFormat.of();

    private CcaPolicyRules() {
    }

    /** Every rule {@code token} breaks under {@code policy} and the reference-value {@code appraisal}, in rule order. */
    public static List<PolicyViolation> check(CcaToken token, CcaPolicy policy, CcaAppraisal appraisal) {
        List<PolicyViolation> violations = new ArrayList<>();
        SecurityLifecycle lc = token.platformClaims().lifecycle();
        if (!policy.allowedLifecycleStates().contains(lc.state())) {
            violations.add(new PolicyViolation(LIFECYCLE, "platform lifecycle " + lc + " is not allowed (allowed: "
                    + policy.allowedLifecycleStates() + ")"));
        }
        for (ClaimAppraisal c : appraisal.withOutcome(ClaimAppraisal.Outcome.MISMATCHED)) {
            violations.add(new PolicyViolation(REFERENCE_VALUES,
                    c.claim() + " does not match its reference value: " + c.detail()));
        }
        if (policy.requireReferenceValues()) {
            for (ClaimAppraisal c : appraisal.withOutcome(ClaimAppraisal.Outcome.NO_REFERENCE)) {
                violations.add(new PolicyViolation(REQUIRE_REFERENCE_VALUES,
                        c.claim() + " has no reference value (" + c.detail() + ") and the policy requires one"));
            }
        }
        List<byte[]> rims = policy.allowedInitialMeasurements();
        byte[] rim = token.realmClaims().initialMeasurement();
        if (!rims.isEmpty() && rims.stream().noneMatch(x -> Arrays.equals(x, rim))) {
            violations.add(new PolicyViolation(INITIAL_MEASUREMENTS,
                    "realm initial measurement " + HEX.formatHex(rim) + " is not one of the allowed measurements"));
        }
        NamedReferenceValues manifest = policy.referenceManifest();
        if (!manifest.isEmpty() && referenceEntry(token, policy).isEmpty()) {
            violations.add(new PolicyViolation(REFERENCE_MANIFEST, manifest.mismatch(Map.of("rim", rim))));
        }
        policy.expectedPersonalizationValue().ifPresent(rpv -> {
            byte[] actual = token.realmClaims().personalizationValue();
            if (!Arrays.equals(rpv, actual)) {
                violations.add(new PolicyViolation(PERSONALIZATION_VALUE, "realm personalization value "
                        + HEX.formatHex(actual) + " is not the expected " + HEX.formatHex(rpv)));
            }
        });
        return violations;
    }

    /** The reference-manifest entry whose RIM the realm carries; empty without a manifest or a match. */
    public static Optional<String> referenceEntry(CcaToken token, CcaPolicy policy) {
        return policy.referenceManifest().match(Map.of("rim", token.realmClaims().initialMeasurement()));
    }
}
