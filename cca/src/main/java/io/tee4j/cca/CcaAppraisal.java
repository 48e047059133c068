package io.tee4j.cca;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The comparison of a token's claims with {@link CcaReferenceValues}, claim by claim.
 *
 * <p>Platform: the entries with the token's implementation id apply (several may be listed, e.g.
 * for firmware versions that are all acceptable); the config claim must equal one of their
 * configurations (where given); each software component of the token must equal one of their
 * components in measurement and, where the reference gives them, signer id, type and version.
 * Realm: the entries whose initial measurement equals the token's RIM apply, one that matches in
 * full preferred; its extensible measurements, personalization value and RAK hash algorithm (where
 * given) must equal the token's. A claim with no applicable reference is {@link ClaimAppraisal.Outcome#NO_REFERENCE}.
 *
 * @since 0.1
 */
public final class CcaAppraisal {
    private final List<ClaimAppraisal> claims;

    private CcaAppraisal(List<ClaimAppraisal> claims) {
        this.claims = List.copyOf(claims);
    }

    /** Appraises the token against the reference values. */
    public static CcaAppraisal appraise(CcaToken token, CcaReferenceValues rv) {
        List<ClaimAppraisal> out = new ArrayList<>();
        appraisePlatform(token.platformClaims(), rv, out);
        appraiseRealm(token.realmClaims(), rv, out);
        return new CcaAppraisal(out);
    }

    private static void appraisePlatform(PlatformClaims p, CcaReferenceValues rv, List<ClaimAppraisal> out) {
        List<CcaReferenceValues.Platform> refs = new ArrayList<>();
        for (CcaReferenceValues.Platform candidate : rv.platforms()) {
            if (java.util.Arrays.equals(candidate.implementationId, p.implementationId())) {
                refs.add(candidate);
            }
        }
        List<SoftwareComponent> comps = p.softwareComponents();
        if (refs.isEmpty()) {
            String why = "no reference values for implementation id " + hex(p.implementationId());
            out.add(new ClaimAppraisal("platform.config", ClaimAppraisal.Outcome.NO_REFERENCE, why));
            for (int i = 0; i < comps.size(); i++) {
                out.add(new ClaimAppraisal(componentName(i, comps.get(i)), ClaimAppraisal.Outcome.NO_REFERENCE, why));
            }
            return;
        }
        List<byte[]> configs = new ArrayList<>();
        refs.stream().filter(r -> r.config != null).forEach(r -> configs.add(r.config));
        if (configs.isEmpty()) {
            out.add(new ClaimAppraisal("platform.config", ClaimAppraisal.Outcome.NO_REFERENCE,
                    "the reference entries give no platform-configuration"));
        } else {
            boolean eq = configs.stream().anyMatch(c -> java.util.Arrays.equals(c, p.config()));
            out.add(new ClaimAppraisal("platform.config", eq ? ClaimAppraisal.Outcome.MATCHED
                    : ClaimAppraisal.Outcome.MISMATCHED, eq ? "equals a reference configuration"
                    : "config " + hex(p.config()) + " differs from every reference configuration"));
        }
        for (int i = 0; i < comps.size(); i++) {
            SoftwareComponent c = comps.get(i);
            boolean found = false;
            for (CcaReferenceValues.Platform ref : refs) {
                for (CcaReferenceValues.Component r : ref.components) {
                    if (java.util.Arrays.equals(r.measurement, c.measurement())
                            && (r.signerId == null || java.util.Arrays.equals(r.signerId, c.signerId()))
                            && (r.type == null || r.type.equals(c.type().orElse(null)))
                            && (r.version == null || r.version.equals(c.version().orElse(null)))) {
                        found = true;
                        break;
                    }
                }
            }
            out.add(new ClaimAppraisal(componentName(i, c), found ? ClaimAppraisal.Outcome.MATCHED
                    : ClaimAppraisal.Outcome.MISMATCHED, found ? "equals a reference component"
                    : "measurement " + hex(c.measurement()) + " is not a known-good component"));
        }
    }

    private static void appraiseRealm(RealmClaims r, CcaReferenceValues rv, List<ClaimAppraisal> out) {
        // Among the entries with this RIM, prefer one that matches in full (several may be listed).
        CcaReferenceValues.Realm ref = null;
        for (CcaReferenceValues.Realm candidate : rv.realms()) {
            if (java.util.Arrays.equals(candidate.initialMeasurement, r.initialMeasurement())) {
                if (ref == null || fullyMatches(candidate, r)) {
                    ref = candidate;
                }
                if (fullyMatches(candidate, r)) {
                    break;
                }
            }
        }
        if (ref == null) {
            boolean any = !rv.realms().isEmpty();
            out.add(new ClaimAppraisal("realm.rim", any ? ClaimAppraisal.Outcome.MISMATCHED
                    : ClaimAppraisal.Outcome.NO_REFERENCE, any
                    ? "initial measurement " + hex(r.initialMeasurement()) + " is no known-good realm"
                    : "no realm reference values"));
            String why = any ? "no reference realm with this initial measurement" : "no realm reference values";
            for (int i = 0; i < 4; i++) {
                out.add(new ClaimAppraisal("realm.rem" + i, ClaimAppraisal.Outcome.NO_REFERENCE, why));
            }
            out.add(new ClaimAppraisal("realm.personalizationValue", ClaimAppraisal.Outcome.NO_REFERENCE, why));
            return;
        }
        out.add(new ClaimAppraisal("realm.rim", ClaimAppraisal.Outcome.MATCHED, "equals a reference realm"));
        List<byte[]> rems = r.extensibleMeasurements();
        for (int i = 0; i < 4; i++) {
            if (ref.extensibleMeasurements == null) {
                out.add(new ClaimAppraisal("realm.rem" + i, ClaimAppraisal.Outcome.NO_REFERENCE,
                        "the reference realm gives no extensible measurements"));
            } else {
                out.add(compare("realm.rem" + i, ref.extensibleMeasurements.get(i), rems.get(i)));
            }
        }
        if (ref.personalizationValue == null) {
            out.add(new ClaimAppraisal("realm.personalizationValue", ClaimAppraisal.Outcome.NO_REFERENCE,
                    "the reference realm gives no personalization value"));
        } else {
            out.add(compare("realm.personalizationValue", ref.personalizationValue, r.personalizationValue()));
        }
        if (ref.rakHashAlgorithm != null) {
            boolean eq = ref.rakHashAlgorithm.equals(r.publicKeyHashAlgorithm());
            out.add(new ClaimAppraisal("realm.publicKeyHashAlgorithm", eq ? ClaimAppraisal.Outcome.MATCHED
                    : ClaimAppraisal.Outcome.MISMATCHED, eq ? "equals the reference"
                    : r.publicKeyHashAlgorithm() + " differs from the reference " + ref.rakHashAlgorithm));
        }
    }

    private static boolean fullyMatches(CcaReferenceValues.Realm ref, RealmClaims r) {
        if (ref.extensibleMeasurements != null) {
            List<byte[]> rems = r.extensibleMeasurements();
            for (int i = 0; i < 4; i++) {
                if (!java.util.Arrays.equals(ref.extensibleMeasurements.get(i), rems.get(i))) {
                    return false;
                }
            }
        }
        return (ref.personalizationValue == null
                || java.util.Arrays.equals(ref.personalizationValue, r.personalizationValue()))
                && (ref.rakHashAlgorithm == null || ref.rakHashAlgorithm.equals(r.publicKeyHashAlgorithm()));
    }

    private static ClaimAppraisal compare(String name, byte[] expected, byte[] actual) {
        boolean eq = java.util.Arrays.equals(expected, actual);
        return new ClaimAppraisal(name, eq ? ClaimAppraisal.Outcome.MATCHED : ClaimAppraisal.Outcome.MISMATCHED,
                eq ? "equals the reference" : hex(actual) + " differs from the reference " + hex(expected));
    }

    private static String componentName(int i, SoftwareComponent c) {
        return "platform.softwareComponents[" + i + "]" + c.type().map(t -> " (" + t + ")").orElse("");
    }

    private static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }

    /** Every appraised claim, platform first, in token order. */
    public List<ClaimAppraisal> claims() {
        return claims;
    }

    /** The claims with the given outcome. */
    public List<ClaimAppraisal> withOutcome(ClaimAppraisal.Outcome outcome) {
        return claims.stream().filter(c -> c.outcome() == outcome).collect(Collectors.toList());
    }

    /** Whether every platform claim (config and components) matched a reference. */
    public boolean platformFullyMatched() {
        return claims.stream().filter(c -> c.claim().startsWith("platform."))
                .allMatch(c -> c.outcome() == ClaimAppraisal.Outcome.MATCHED);
    }

    @Override
    public String toString() {
        return "CcaAppraisal[" + withOutcome(ClaimAppraisal.Outcome.MATCHED).size() + " matched, "
                + withOutcome(ClaimAppraisal.Outcome.MISMATCHED).size() + " mismatched, "
                + withOutcome(ClaimAppraisal.Outcome.NO_REFERENCE).size() + " without reference]";
    }
}
