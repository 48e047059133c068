package io.tee4j.cca.validate;

import io.tee4j.cca.abi.CcaToken;
import io.tee4j.cca.abi.PlatformClaims;
import io.tee4j.cca.abi.RealmClaims;
import io.tee4j.cca.abi.SoftwareComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The comparison of a token's claims with {@link CcaReferenceValues}, claim by claim.
 *
 * <p>Platform: the entries with the token's implementation id are alternatives (e.g. firmware
 * releases that are all acceptable), and one applies only as a whole, as in rust-ccatoken's
 * {@code appraise_platform}: the config equals the entry's (where it gives one) and the token's
 * software-component list equals the entry's list — same length, element by element in order,
 * each component equal in measurement and signer id and, where the entry gives them, type and
 * version. Then every platform claim is MATCHED (the config NO_REFERENCE when the entry gives none).
 * Otherwise every platform claim is MISMATCHED, its detail naming the closest entry and how it
 * differs: a component that equals one in some entry proves nothing when the list around it is
 * left short, has a duplicate or mixes releases. No entry for the implementation id: every platform
 * claim is NO_REFERENCE.
 *
 * <p>Realm: the entries whose initial measurement equals the token's RIM apply, one that matches in
 * full preferred; its extensible measurements, personalization value and RAK hash algorithm (where
 * given) must equal the token's. A claim with no applicable reference is
 * {@link ClaimAppraisal.Outcome#NO_REFERENCE}. Unlike rust-ccatoken, the realm is compared even when
 * the platform is not recognised; {@link #measurementsAppraised()} needs both.
 *
 * @since 0.1
 */
public final class CcaAppraisal {
    private static final String CONFIG = "platform.config";
    private static final String RIM = "realm.rim";
    private static final String REM = "realm.rem";

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
        List<Integer> refs = new ArrayList<>();
        for (int i = 0; i < rv.platforms().size(); i++) {
            if (Arrays.equals(rv.platforms().get(i).implementationId, p.implementationId())) {
                refs.add(i);
            }
        }
        List<SoftwareComponent> comps = p.softwareComponents();
        if (refs.isEmpty()) {
            String why = "no reference values for implementation id " + hex(p.implementationId());
            out.add(new ClaimAppraisal(CONFIG, ClaimAppraisal.Outcome.NO_REFERENCE, why));
            for (int i = 0; i < comps.size(); i++) {
                out.add(new ClaimAppraisal(componentName(i, comps.get(i)), ClaimAppraisal.Outcome.NO_REFERENCE, why));
            }
            return;
        }
        int whole = wholeMatch(refs, rv, p);
        if (whole >= 0) {
            reportWholeMatch(whole, rv.platforms().get(whole), comps, out);
        } else {
            reportNoWholeMatch(closest(refs, rv, p), rv, p, out);
        }
    }

    /**
     * The entry that equals the platform as a whole — configuration (where the entry gives one) and
     * the complete component list, element by element in order, as rust-ccatoken's
     * {@code appraise_platform} compares them — preferring one that gives a configuration; -1 if none.
     */
    private static int wholeMatch(List<Integer> refs, CcaReferenceValues rv, PlatformClaims p) {
        int withoutConfig = -1;
        for (int i : refs) {
            CcaReferenceValues.Platform entry = rv.platforms().get(i);
            if (differences(entry, p).isEmpty()) {
                if (entry.config != null) {
                    return i;
                }
                if (withoutConfig < 0) {
                    withoutConfig = i;
                }
            }
        }
        return withoutConfig;
    }

    private static void reportWholeMatch(int index, CcaReferenceValues.Platform entry, List<SoftwareComponent> comps,
            List<ClaimAppraisal> out) {
        String name = "platform[" + index + "]";
        if (entry.config == null) {
            out.add(new ClaimAppraisal(CONFIG, ClaimAppraisal.Outcome.NO_REFERENCE,
                    "reference " + name + " gives no platform-configuration"));
        } else {
            out.add(new ClaimAppraisal(CONFIG, ClaimAppraisal.Outcome.MATCHED, "equals reference " + name));
        }
        for (int i = 0; i < comps.size(); i++) {
            out.add(new ClaimAppraisal(componentName(i, comps.get(i)), ClaimAppraisal.Outcome.MATCHED,
                    "equals component " + i + " of reference " + name));
        }
    }

    /**
     * No entry matches as a whole: every platform claim is MISMATCHED, because a claim that equals
     * its counterpart in some entry still belongs to firmware no entry describes (a component left
     * out, listed twice, or taken from another release). Each detail says how the claim relates to
     * the closest entry and why that entry does not match.
     */
    private static void reportNoWholeMatch(int index, CcaReferenceValues rv, PlatformClaims p,
            List<ClaimAppraisal> out) {
        CcaReferenceValues.Platform entry = rv.platforms().get(index);
        String name = "platform[" + index + "]";
        String whole = "no reference entry for this implementation id matches the platform as a whole (closest, "
                + name + ", differs in: " + String.join("; ", differences(entry, p)) + ")";
        String config;
        if (entry.config == null) {
            config = "reference " + name + " gives no configuration; " + whole;
        } else if (Arrays.equals(entry.config, p.config())) {
            config = "equals the configuration of reference " + name + ", but " + whole;
        } else {
            config = "config " + hex(p.config()) + " differs from " + hex(entry.config) + " of reference " + name
                    + "; " + whole;
        }
        out.add(new ClaimAppraisal(CONFIG, ClaimAppraisal.Outcome.MISMATCHED, config));
        List<SoftwareComponent> comps = p.softwareComponents();
        for (int i = 0; i < comps.size(); i++) {
            String detail;
            if (i >= entry.components.size()) {
                detail = "reference " + name + " lists only " + count(entry.components.size()) + "; " + whole;
            } else {
                String diff = componentDifference(entry.components.get(i), comps.get(i));
                detail = diff == null ? "equals component " + i + " of reference " + name + ", but " + whole
                        : diff + " (component " + i + " of reference " + name + "); " + whole;
            }
            out.add(new ClaimAppraisal(componentName(i, comps.get(i)), ClaimAppraisal.Outcome.MISMATCHED, detail));
        }
    }

    /** The entry with the most claims equal to the platform's, the first of those in file order. */
    private static int closest(List<Integer> refs, CcaReferenceValues rv, PlatformClaims p) {
        int best = refs.get(0);
        int bestScore = -1;
        for (int i : refs) {
            CcaReferenceValues.Platform entry = rv.platforms().get(i);
            int score = entry.config != null && Arrays.equals(entry.config, p.config()) ? 1 : 0;
            List<SoftwareComponent> comps = p.softwareComponents();
            for (int j = 0; j < Math.min(comps.size(), entry.components.size()); j++) {
                if (componentDifference(entry.components.get(j), comps.get(j)) == null) {
                    score++;
                }
            }
            if (score > bestScore) {
                best = i;
                bestScore = score;
            }
        }
        return best;
    }

    /** How the platform differs from one entry; empty when the entry matches as a whole. */
    private static List<String> differences(CcaReferenceValues.Platform entry, PlatformClaims p) {
        List<String> out = new ArrayList<>();
        if (entry.config != null && !Arrays.equals(entry.config, p.config())) {
            out.add("config");
        }
        List<SoftwareComponent> comps = p.softwareComponents();
        for (int j = 0; j < Math.min(comps.size(), entry.components.size()); j++) {
            if (componentDifference(entry.components.get(j), comps.get(j)) != null) {
                out.add("component " + j);
            }
        }
        if (comps.size() != entry.components.size()) {
            out.add("the token lists " + count(comps.size()) + ", the entry " + count(entry.components.size()));
        }
        return out;
    }

    /**
     * Why a token component is not the reference component, or null when it is: measurement and
     * signer id always compared, type and version where the reference gives them (rust-ccatoken's
     * component equality).
     */
    private static String componentDifference(CcaReferenceValues.Component ref, SoftwareComponent c) {
        if (!Arrays.equals(ref.measurement(), c.measurement())) {
            return "measurement " + hex(c.measurement()) + " differs from " + hex(ref.measurement());
        }
        if (!Arrays.equals(ref.signerId(), c.signerId())) {
            return "signer id " + hex(c.signerId()) + " differs from " + hex(ref.signerId());
        }
        if (ref.type() != null && !ref.type().equals(c.type().orElse(null))) {
            return "type " + c.type().orElse("(none)") + " is not " + ref.type();
        }
        if (ref.version() != null && !ref.version().equals(c.version().orElse(null))) {
            return "version " + c.version().orElse("(none)") + " is not " + ref.version();
        }
        return null;
    }

    private static void appraiseRealm(RealmClaims r, CcaReferenceValues rv, List<ClaimAppraisal> out) {
        // Among the entries with this RIM, prefer one that matches in full (several may be listed).
        CcaReferenceValues.Realm ref = null;
        for (CcaReferenceValues.Realm candidate : rv.realms()) {
            if (Arrays.equals(candidate.initialMeasurement, r.initialMeasurement())) {
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
            out.add(new ClaimAppraisal(RIM, any ? ClaimAppraisal.Outcome.MISMATCHED
                    : ClaimAppraisal.Outcome.NO_REFERENCE, any
                    ? "initial measurement " + hex(r.initialMeasurement()) + " is no known-good realm"
                    : "no realm reference values"));
            String why = any ? "no reference realm with this initial measurement" : "no realm reference values";
            for (int i = 0; i < 4; i++) {
                out.add(new ClaimAppraisal(REM + i, ClaimAppraisal.Outcome.NO_REFERENCE, why));
            }
            out.add(new ClaimAppraisal("realm.personalizationValue", ClaimAppraisal.Outcome.NO_REFERENCE, why));
            return;
        }
        out.add(new ClaimAppraisal(RIM, ClaimAppraisal.Outcome.MATCHED, "equals a reference realm"));
        List<byte[]> rems = r.extensibleMeasurements();
        for (int i = 0; i < 4; i++) {
            if (ref.extensibleMeasurements == null) {
                out.add(new ClaimAppraisal(REM + i, ClaimAppraisal.Outcome.NO_REFERENCE,
                        "the reference realm gives no extensible measurements"));
            } else {
                out.add(compare(REM + i, ref.extensibleMeasurements.get(i), rems.get(i)));
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
                if (!Arrays.equals(ref.extensibleMeasurements.get(i), rems.get(i))) {
                    return false;
                }
            }
        }
        return (ref.personalizationValue == null
                || Arrays.equals(ref.personalizationValue, r.personalizationValue()))
                && (ref.rakHashAlgorithm == null || ref.rakHashAlgorithm.equals(r.publicKeyHashAlgorithm()));
    }

    private static ClaimAppraisal compare(String name, byte[] expected, byte[] actual) {
        boolean eq = Arrays.equals(expected, actual);
        return new ClaimAppraisal(name, eq ? ClaimAppraisal.Outcome.MATCHED : ClaimAppraisal.Outcome.MISMATCHED,
                eq ? "equals the reference" : hex(actual) + " differs from the reference " + hex(expected));
    }

    private static String count(int components) {
        return components + (components == 1 ? " component" : " components");
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

    /**
     * Whether the platform and the realm's measurements were appraised and all matched: the platform
     * equals one reference entry as a whole (configuration included), and the realm's initial and
     * four extensible measurements equal a reference realm's — the case where rust-ccatoken sets
     * the realm's executables to APPROVED_RUNTIME. The result's top-level claim
     * {@code measurementsAppraised} carries it.
     */
    public boolean measurementsAppraised() {
        if (!platformFullyMatched()) {
            return false;
        }
        List<String> needed = new ArrayList<>(List.of(RIM));
        for (int i = 0; i < 4; i++) {
            needed.add(REM + i);
        }
        return needed.stream().allMatch(name -> claims.stream().anyMatch(
                c -> c.claim().equals(name) && c.outcome() == ClaimAppraisal.Outcome.MATCHED));
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
