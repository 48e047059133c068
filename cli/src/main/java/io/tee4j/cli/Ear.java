package io.tee4j.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tee4j.core.AttestationException;
import io.tee4j.core.AttestationResult;
import io.tee4j.core.Claims;
import io.tee4j.core.CommonClaims;
import io.tee4j.core.FailureClass;
import io.tee4j.core.PolicyViolationException;
import io.tee4j.core.TcbStatus;
import io.tee4j.core.TeeType;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Attestation results in the EAT Attestation Result format (draft-fv-rats-ear, the dotted JSON
 * labels that Veraison and trustee emit): one submodule per piece of evidence, each with an
 * {@code ear.status} tier and an AR4SI trustworthiness vector, plus the verifier id and the raw
 * claims under {@code ear.veraison.annotated-evidence}.
 *
 * <p>How tee4j fills the trust vector: a verified result is genuine hardware of a recognised
 * instance whose memory is encrypted; configuration follows the TCB status (up to date: approved;
 * anything accepted by name: known vulnerabilities, a warning); executables are "approved" (2)
 * only when the result's top-level claim {@code measurementsAppraised} is {@code true} (the
 * backend compared the measurements with reference values the policy or collateral gave),
 * otherwise "unrecognised" (33, a warning). A failed verification is contraindicated, with the
 * AR4SI code for the failed class (99 for a cryptographic failure).
 *
 * <p>Hardware is "genuine" (2) only as far as the trust anchors vouch for it:
 * <ul>
 *   <li>the bundled vendor roots; for SEV-SNP, TDX and NVIDIA also roots passed explicitly that
 *       are the vendor's own ({@link VendorRoots}); for CCA, which has no vendor root, the
 *       caller's CPAK unless the token is the tee4j simulator's: 2, or 32 when the TCB status
 *       carries known vulnerabilities;
 *   <li>any other explicit root (a tee4j simulator's, a test CA), or a token carrying the CCA
 *       simulator's implementation id ({@link SimulatedEvidence}): 97, AR4SI's "unrecognized
 *       hardware" ("a Verifier does not recognize an Attester's hardware or firmware, but it
 *       should be recognized"). The signatures verified, but against a root anyone can make, so
 *       the hardware is not vouched for; 97 is contraindicated, so {@code ear.status} can never
 *       read "affirming" for simulated evidence. (32, "known vulnerabilities", would claim the
 *       hardware genuine; 0, "no claim", would let the status stay affirming.) When the roots
 *       are not at hand (the three-argument forms), explicit anchors of SEV-SNP, TDX and NVIDIA
 *       count as not the vendor's.
 *   <li>a TCB status of {@link TcbStatus#NOT_SUPPORTED} (no TCB level of the vendor's collateral
 *       matches the platform), in a result or in a policy violation that reports it: 97 too; the
 *       evidence is authentic, the platform is simply unknown to the vendor's data. {@link
 *       TcbStatus#REVOKED}: 96, recognised but contraindicated.
 * </ul>
 */
final class Ear {
    static final String PROFILE = "tag:github.com,2023:veraison/ear";
    static final String DEVELOPER = "https://tee4j.io";

    private static final int AFFIRMING = 2;
    private static final int WARNING = 32;
    private static final int CONTRAINDICATED = 96;

    /** AR4SI hardware values. */
    static final int GENUINE_HARDWARE = 2;
    static final int VULNERABLE_HARDWARE = 32;
    static final int CONTRAINDICATED_HARDWARE = 96;
    static final int UNRECOGNIZED_HARDWARE = 97;

    /** The claim a backend sets to {@code true} when it compared the measurements with reference values. */
    static final String MEASUREMENTS_APPRAISED = "measurementsAppraised";

    private Ear() {
    }

    /**
     * An EAR for a verified result whose trust roots are not at hand: explicit SEV-SNP, TDX and
     * NVIDIA anchors then count as not the vendor's (hardware 97).
     */
    static ObjectNode fromResult(AttestationResult result, byte[] rawEvidence, Instant issuedAt) {
        return fromResult(result, rawEvidence, issuedAt, List.of());
    }

    /**
     * An EAR for a verified result.
     *
     * @param trustRoots the trust-root contents the verification was given (empty for the bundled
     *     roots), to tell the vendor's roots from any other
     */
    static ObjectNode fromResult(AttestationResult result, byte[] rawEvidence, Instant issuedAt,
            List<byte[]> trustRoots) {
        // Each asked for once: a result may build its claims anew on every call (SEV-SNP's do).
        CommonClaims common = result.commonClaims();
        Claims claims = result.claims();
        TcbStatus tcb = common.tcbStatus();
        boolean vouched = !result.explicitTrustAnchors() || anchorsVouch(result.tee(), rawEvidence, trustRoots);
        Map<String, Integer> vector = new LinkedHashMap<>();
        vector.put("instance-identity", 2);
        vector.put("hardware", vouched ? hardwareClaim(tcb) : UNRECOGNIZED_HARDWARE);
        vector.put("configuration", configurationClaim(tcb));
        vector.put("executables", measurementsAppraised(claims) ? 2 : 33);
        vector.put("runtime-opaque", common.debug() ? 96 : 2);
        ObjectNode submod = Json.MAPPER.createObjectNode();
        submod.put("ear.status", tierName(worstTier(vector)));
        ObjectNode tv = submod.putObject("ear.trustworthiness-vector");
        vector.forEach(tv::put);
        submod.put("ear.appraisal-policy-id", "tee4j/" + result.tee().id() + "/policy");
        submod.set("ear.veraison.annotated-evidence", Json.toNode(claims));
        return envelope(result.tee(), submod, rawEvidence, issuedAt);
    }

    /**
     * An EAR for a failed verification whose trust roots are not at hand: for SEV-SNP, TDX and
     * NVIDIA the bundled vendor roots are assumed (CCA tokens are still recognised as simulated).
     */
    static ObjectNode fromFailure(TeeType tee, AttestationException failure, byte[] rawEvidence, Instant issuedAt) {
        return fromFailure(tee, failure, rawEvidence, issuedAt, List.of());
    }

    /** An EAR for a failed verification; {@code trustRoots} as for {@link #fromResult}. */
    static ObjectNode fromFailure(TeeType tee, AttestationException failure, byte[] rawEvidence, Instant issuedAt,
            List<byte[]> trustRoots) {
        Map<String, Integer> vector = new LinkedHashMap<>();
        FailureClass fc = failure.failureClass();
        switch (fc) {
            case VERIFICATION_FAILED:
                vector.put("instance-identity", 99);
                vector.put("hardware", 99);
                break;
            case MALFORMED_EVIDENCE:
                vector.put("instance-identity", 1);
                break;
            case POLICY_VIOLATION:
                vector.put("instance-identity", 2);
                boolean vouched = trustRoots.isEmpty() && tee != TeeType.CCA
                        || anchorsVouch(tee, rawEvidence, trustRoots);
                Optional<TcbStatus> tcb = failure instanceof PolicyViolationException
                        ? ((PolicyViolationException) failure).tcbStatus() : Optional.empty();
                if (tcb.isPresent()) {
                    // The appraisal failed on the platform's TCB status, not on the caller's rules:
                    // say what is known about the hardware and claim nothing about the rest.
                    vector.put("hardware", vouched ? hardwareClaim(tcb.get()) : UNRECOGNIZED_HARDWARE);
                    break;
                }
                vector.put("hardware", vouched ? GENUINE_HARDWARE : UNRECOGNIZED_HARDWARE);
                vector.put("configuration", 96);
                vector.put("executables", 96);
                break;
            default:
                // Collateral or revocation could not be had: the verifier cannot vouch either way.
                vector.put("instance-identity", -1);
                break;
        }
        ObjectNode submod = Json.MAPPER.createObjectNode();
        int tier = worstTier(vector);
        submod.put("ear.status", tierName(tier == 0 ? CONTRAINDICATED : Math.max(tier, CONTRAINDICATED)));
        ObjectNode tv = submod.putObject("ear.trustworthiness-vector");
        vector.forEach(tv::put);
        submod.put("ear.appraisal-policy-id", "tee4j/" + tee.id() + "/policy");
        ObjectNode annotated = submod.putObject("ear.veraison.annotated-evidence");
        annotated.put("failureClass", fc.name());
        annotated.put("error", failure.getMessage());
        return envelope(tee, submod, rawEvidence, issuedAt);
    }

    private static ObjectNode envelope(TeeType tee, ObjectNode submod, byte[] rawEvidence, Instant issuedAt) {
        ObjectNode ear = Json.MAPPER.createObjectNode();
        ear.put("eat_profile", PROFILE);
        ear.put("iat", issuedAt.getEpochSecond());
        ObjectNode verifier = ear.putObject("ear.verifier-id");
        verifier.put("developer", DEVELOPER);
        verifier.put("build", "tee4j " + VersionProvider.version());
        if (rawEvidence != null) {
            ear.put("ear.raw-evidence", Base64.getUrlEncoder().withoutPadding().encodeToString(rawEvidence));
        }
        ear.putObject("submods").set(submodName(tee), submod);
        return ear;
    }

    /** trustee's naming: the CPU TEE is {@code cpu0}, GPUs {@code gpu0}. */
    static String submodName(TeeType tee) {
        return tee == TeeType.NVIDIA_GPU ? "gpu0" : "cpu0";
    }

    /**
     * Whether explicit anchors vouch for genuine hardware: the vendor's own roots (SEV-SNP, TDX,
     * NVIDIA), or for CCA a caller's CPAK that did not sign a simulator's token.
     */
    private static boolean anchorsVouch(TeeType tee, byte[] rawEvidence, List<byte[]> trustRoots) {
        if (tee == TeeType.CCA) {
            return !SimulatedEvidence.hasSimulatorImplementationId(rawEvidence);
        }
        return VendorRoots.all(tee, trustRoots);
    }

    /** The AR4SI hardware value a TCB status stands for, for hardware vouched for by a vendor root. */
    static int hardwareClaim(TcbStatus status) {
        switch (status) {
            case UP_TO_DATE:
            case MEETS_POLICY_MINIMUM:
            case NOT_EVALUATED:
                return GENUINE_HARDWARE;
            case NOT_SUPPORTED:
                return UNRECOGNIZED_HARDWARE;
            case REVOKED:
                return CONTRAINDICATED_HARDWARE;
            default:
                return VULNERABLE_HARDWARE;
        }
    }

    private static int configurationClaim(TcbStatus status) {
        switch (status) {
            case UP_TO_DATE:
            // The relying party's own minimum versions were met (SEV-SNP has no vendor TCB status):
            // an approved configuration, by that policy.
            case MEETS_POLICY_MINIMUM:
                return 2;
            case NOT_EVALUATED:
                return 36;
            case REVOKED:
            case NOT_SUPPORTED:
                return 96;
            default:
                return 32;
        }
    }

    private static boolean measurementsAppraised(Claims claims) {
        Object appraised = claims.get(MEASUREMENTS_APPRAISED);
        return Boolean.TRUE.equals(appraised);
    }

    /** The tier of one AR4SI value (the rule veraison/ear and rust-ear share). */
    static int tierOf(int value) {
        if (value >= -1 && value <= 1) {
            return 0;
        }
        int magnitude = Math.abs(value);
        if (value < 0) {
            magnitude = magnitude - 1;
        }
        if (magnitude <= 31) {
            return AFFIRMING;
        }
        if (magnitude <= 95) {
            return WARNING;
        }
        return CONTRAINDICATED;
    }

    static int worstTier(Map<String, Integer> vector) {
        int worst = 0;
        for (int v : vector.values()) {
            worst = Math.max(worst, tierOf(v));
        }
        return worst;
    }

    static String tierName(int tier) {
        switch (tier) {
            case AFFIRMING:
                return "affirming";
            case WARNING:
                return "warning";
            case CONTRAINDICATED:
                return "contraindicated";
            default:
                return "none";
        }
    }
}
