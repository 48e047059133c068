package io.tee4j.cca.verify;

import io.tee4j.cca.abi.CcaToken;
import io.tee4j.cca.abi.HashAlgorithms;
import io.tee4j.cca.abi.PlatformClaims;
import io.tee4j.cca.abi.RealmClaims;
import io.tee4j.cca.abi.RealmPublicKey;
import io.tee4j.cca.validate.CcaAppraisal;
import io.tee4j.cca.validate.CcaPolicy;
import io.tee4j.cca.validate.CcaPolicyRules;
import io.tee4j.cca.validate.CcaReferenceValues;
import io.tee4j.cca.validate.ClaimAppraisal;
import io.tee4j.core.AttestationException;
import io.tee4j.core.Claims;
import io.tee4j.core.CommonClaims;
import io.tee4j.core.Evidence;
import io.tee4j.core.MalformedEvidenceException;
import io.tee4j.core.PolicyViolation;
import io.tee4j.core.PolicyViolationException;
import io.tee4j.core.TcbStatus;
import io.tee4j.core.TeeType;
import io.tee4j.core.TrustAnchors;
import io.tee4j.core.VerificationInfo;
import io.tee4j.core.VerificationFailedException.Reason;
import io.tee4j.core.VerificationFailedException;
import io.tee4j.core.AbstractVerifier;
import io.tee4j.core.crypto.EcdsaVerifier;
import io.tee4j.core.crypto.InvalidKeyException;
import io.tee4j.core.util.BoundedCache;
import io.tee4j.core.util.BytesKey;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Verifies Arm CCA attestation tokens and appraises them.
 *
 * <p>Steps, in order (the first failure ends verification):
 * <ol>
 *   <li>decode strictly ({@link CcaToken#decode}) — {@code MalformedEvidenceException};
 *   <li>platform signature: the CPAK is looked up by the platform's implementation id and instance
 *       id in the {@link CcaTrustAnchors}; none found is a {@code CERTIFICATE_CHAIN} failure, a bad
 *       signature (or an unusable anchor key, or an algorithm that does not fit the key's curve) a
 *       {@code SIGNATURE} failure;
 *   <li>realm signature with the RAK the realm token carries — {@code SIGNATURE};
 *   <li>binding: the platform challenge must equal the hash (named by the realm's RAK hash
 *       algorithm claim: sha-256 or sha-512; decoding refuses any other name as malformed) of the
 *       RAK claim's bytes exactly as carried — {@code BINDING};
 *   <li>freshness: when the policy expects a challenge, the realm challenge must equal it (64 bytes,
 *       shorter nonces zero-padded) — {@code BINDING};
 *   <li>appraisal against the {@link CcaReferenceValues} and the {@link CcaPolicy} —
 *       {@code PolicyViolationException} listing every failed check.
 * </ol>
 *
 * <p>Not verified: revocation — CCA defines no revocation mechanism for CPAKs (no CRL, no OCSP);
 * withdraw a CPAK by removing it from the trust anchors. No check is claimed, whatever the
 * caller's {@code RevocationMode}. The platform config and lifecycle low byte are implementation
 * defined and only compared with references, never interpreted. No certificate validity time
 * applies, so the clock only stamps the result.
 *
 * <p>Thread-safe; configuration immutable. The CPAK verifiers are kept across tokens, and the
 * verifiers of recently seen RAKs in a bounded cache ({@link Builder#rakCacheSize(int)}).
 *
 * @since 0.1
 */
public final class CcaVerifier extends AbstractVerifier<CcaPolicy, CcaAttestationResult> {
    private static final Logger LOG = LoggerFactory.getLogger(CcaVerifier.class);

    private final CcaTrustAnchors trustAnchors;
    private final CcaReferenceValues referenceValues;
    /** Verifiers of recently seen RAKs by exact point (null when the cache size is 0). */
    private final BoundedCache<BytesKey, EcdsaVerifier> rakVerifiers;

    private CcaVerifier(Builder b) {
        super(TeeType.CCA, b.clock);
        this.trustAnchors = b.trustAnchors;
        this.referenceValues = b.referenceValues;
        this.rakVerifiers = b.rakCacheSize == 0 ? null : new BoundedCache<>(b.rakCacheSize);
    }

    /** A builder; the trust anchors are mandatory (tee4j ships no CPAK). */
    public static Builder builder(CcaTrustAnchors trustAnchors) {
        return new Builder(trustAnchors);
    }

    @Override
    public CcaAttestationResult verify(Evidence evidence, CcaPolicy policy, Instant at) throws AttestationException {
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(evidence, "evidence").requireType(TeeType.CCA);
        return verify(CcaToken.decode(evidence.raw()), policy, at);
    }

    /** Verifies an already decoded token. */
    public CcaAttestationResult verify(CcaToken token, CcaPolicy policy) throws AttestationException {
        return verify(token, policy, clock().instant());
    }

    /** {@link #verify(CcaToken, CcaPolicy)} stamped with {@code at} instead of the builder's clock. */
    public CcaAttestationResult verify(CcaToken token, CcaPolicy policy, Instant at) throws AttestationException {
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(policy, "policy");
        List<String> warnings = new ArrayList<>();
        CcaTrustAnchors.Anchor anchor = verifyPlatformSignature(token);
        if (anchor.implementationId == null) {
            warnings.add("the CPAK was trusted for any platform identity (given without implementation and"
                    + " instance id); use a trust-anchor store to pin platform identities");
        }
        verifyRealmSignature(token);
        verifyBinding(token);
        boolean challengeChecked = verifyChallenge(token, policy);
        if (!challengeChecked) {
            warnings.add("no expected challenge was given: the token's freshness was not checked");
        }
        CcaAppraisal appraisal = CcaAppraisal.appraise(token, referenceValues);
        List<PolicyViolation> violations = CcaPolicyRules.check(token, policy, appraisal);
        if (!violations.isEmpty()) {
            throw new PolicyViolationException(violations);
        }
        List<ClaimAppraisal> missing = appraisal.withOutcome(ClaimAppraisal.Outcome.NO_REFERENCE);
        if (!missing.isEmpty()) {
            warnings.add(missing.size() + " claims had no reference value and were not appraised: "
                    + missing.stream().map(ClaimAppraisal::claim).collect(Collectors.joining(", ")));
        }
        PlatformClaims p = token.platformClaims();
        RealmClaims r = token.realmClaims();
        CommonClaims.Builder common = CommonClaims.builder(TeeType.CCA)
                .reportData(r.challenge())
                .measurement("rim", r.initialMeasurement())
                .debug(p.lifecycle().isDebug())
                .tcbStatus(appraisal.platformFullyMatched() ? TcbStatus.UP_TO_DATE : TcbStatus.NOT_EVALUATED)
                .platformId(HexFormat.of().formatHex(p.instanceId()));
        List<byte[]> rems = r.extensibleMeasurements();
        for (int i = 0; i < rems.size(); i++) {
            common.measurement("rem" + i, rems.get(i));
        }
        String anchorLabel = anchor.label;
        String entry = CcaPolicyRules.referenceEntry(token, policy).orElse(null);
        Supplier<Claims> claims = () -> claimsOf(token, anchorLabel, challengeChecked, appraisal, entry);
        LOG.debug("CCA token verified: {} claims appraised, {} warnings", appraisal.claims().size(), warnings.size());
        CommonClaims commonClaims = common.build();
        // CCA has no CPAK revocation and tee4j bundles no CPAK: never checked, always explicit.
        VerificationInfo info = new VerificationInfo(at, TrustAnchors.Origin.EXPLICIT, false,
                commonClaims.tcbStatus(), warnings);
        return new CcaAttestationResult(token, appraisal, commonClaims, claims, info);
    }

    private static Claims claimsOf(CcaToken token, String anchorLabel, boolean challengeChecked,
            CcaAppraisal appraisal, String referenceManifestEntry) {
        PlatformClaims p = token.platformClaims();
        RealmClaims r = token.realmClaims();
        Claims.Builder verification = Claims.builder()
                .put("platformSignature", "verified (" + token.platformAlgorithm() + ", CPAK " + anchorLabel + ")")
                .put("realmSignature", "verified (" + token.realmAlgorithm() + ", RAK from the realm token)")
                .put("binding", "platform challenge equals " + r.publicKeyHashAlgorithm() + "(RAK)")
                .put("challenge", challengeChecked ? "matched the expected challenge" : "not checked")
                .put("revocation", "not applicable: CCA defines no revocation mechanism for CPAKs")
                .put("lifecycle", p.lifecycle().toString() + " allowed");
        List<Object> appraised = new ArrayList<>();
        for (ClaimAppraisal c : appraisal.claims()) {
            appraised.add(Claims.builder().put("claim", c.claim()).put("outcome", c.outcome().name())
                    .put("detail", c.detail()).build());
        }
        verification.put("appraisal", appraised);
        return Claims.builder()
                .put("measurementsAppraised", appraisal.measurementsAppraised())
                .put("referenceManifestEntry", referenceManifestEntry)
                .put("token", token.toClaims())
                .put("verification", verification)
                .build();
    }

    private CcaTrustAnchors.Anchor verifyPlatformSignature(CcaToken token) throws VerificationFailedException {
        PlatformClaims p = token.platformClaims();
        List<CcaTrustAnchors.Anchor> candidates = trustAnchors.lookup(p.implementationId(), p.instanceId());
        if (candidates.isEmpty()) {
            // An entry for this instance id under another implementation id is not used (rust-ccatoken keys on the
            // instance id alone): the implementation id names the firmware the reference values are chosen by, and
            // a CPAK endorsed for one implementation must not vouch for a token that claims another.
            List<CcaTrustAnchors.Anchor> sameInstance = trustAnchors.boundToInstance(p.instanceId());
            throw new VerificationFailedException(Reason.CERTIFICATE_CHAIN, "no trusted CPAK for the platform with"
                    + " implementation id " + hex(p.implementationId()) + " and instance id " + hex(p.instanceId())
                    + (sameInstance.isEmpty() ? "" : "; the trust anchors bind this instance id to implementation id "
                    + hex(sameInstance.get(0).implementationId) + " only"));
        }
        byte[] tbs = token.platformMessage().toBeSigned();
        byte[] sig = token.platformMessage().signatureUnsafe();
        String problem = null;
        for (CcaTrustAnchors.Anchor a : candidates) {
            if (a.verifier == null) {
                problem = "the trusted CPAK for this platform is not a valid key (" + a.invalidReason + ")";
                continue;
            }
            if (a.verifier.curve() != token.platformAlgorithm().curve()) {
                problem = "platform token is signed with " + token.platformAlgorithm() + " but the trusted CPAK is on "
                        + a.verifier.curve().curveName();
                continue;
            }
            if (a.verifier.verifyP1363(tbs, sig)) {
                return a;
            }
            problem = "platform token signature does not verify with the trusted CPAK";
        }
        throw new VerificationFailedException(Reason.SIGNATURE, problem);
    }

    private void verifyRealmSignature(CcaToken token) throws VerificationFailedException {
        RealmPublicKey rak = token.realmClaims().publicKey();
        BytesKey key = rakVerifiers == null ? null : BytesKey.of(rak.pointUnsafe());
        EcdsaVerifier v = key == null ? null : rakVerifiers.get(key);
        if (v == null || v.curve() != rak.curve()) {
            try {
                v = EcdsaVerifier.fromUncompressedPoint(rak.curve(), rak.pointUnsafe());
            } catch (InvalidKeyException e) {
                throw new VerificationFailedException(Reason.SIGNATURE, "the realm public key (RAK) is not a valid "
                        + rak.curve().curveName() + " point: " + e.getMessage());
            }
            if (key != null) {
                rakVerifiers.put(key, v);
            }
        }
        if (!v.verifyP1363(token.realmMessage().toBeSigned(), token.realmMessage().signatureUnsafe())) {
            throw new VerificationFailedException(Reason.SIGNATURE,
                    "realm token signature does not verify with the RAK it carries");
        }
    }

    private static void verifyBinding(CcaToken token) throws AttestationException {
        RealmClaims r = token.realmClaims();
        String alg = r.publicKeyHashAlgorithm();
        // Decoding admits only the allowed names, so an unknown one here is malformed input, never a failed binding.
        String jca = HashAlgorithms.jcaName(alg).orElseThrow(() -> new MalformedEvidenceException(
                "realm public key hash algorithm (44240) must be " + HashAlgorithms.allowed() + ", found \"" + alg
                        + "\""));
        byte[] expected;
        try {
            expected = MessageDigest.getInstance(jca).digest(r.publicKey().encodedUnsafe());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(jca + " is required of every Java platform", e);
        }
        if (!MessageDigest.isEqual(expected, token.platformClaims().challengeUnsafe())) {
            throw new VerificationFailedException(Reason.BINDING,
                    "binding failed: the platform challenge is not the " + alg + " hash of the realm's RAK");
        }
    }

    private static boolean verifyChallenge(CcaToken token, CcaPolicy policy) throws VerificationFailedException {
        byte[] expected = policy.expectedChallengeUnsafe();
        if (expected == null) {
            return false;
        }
        if (!MessageDigest.isEqual(expected, token.realmClaims().challengeUnsafe())) {
            throw new VerificationFailedException(Reason.BINDING,
                    "the realm challenge does not equal the expected challenge (zero-padded to 64 bytes)");
        }
        return true;
    }

    private static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }

    @Override
    public String toString() {
        return "CcaVerifier[" + trustAnchors + ", " + referenceValues + "]";
    }

    /** Builds a {@link CcaVerifier}; defaults: no reference values, the system UTC clock. */
    public static final class Builder {
        private final CcaTrustAnchors trustAnchors;
        private CcaReferenceValues referenceValues = CcaReferenceValues.none();
        private Clock clock = Clock.systemUTC();
        private int rakCacheSize = 256;

        private Builder(CcaTrustAnchors trustAnchors) {
            this.trustAnchors = Objects.requireNonNull(trustAnchors, "trustAnchors");
        }

        /** The reference values to appraise against (default: none, so every claim is "no reference"). */
        public Builder referenceValues(CcaReferenceValues rv) {
            this.referenceValues = Objects.requireNonNull(rv, "rv");
            return this;
        }

        /** The clock that stamps results. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * How many realm keys (RAKs) to keep as ready verifiers, least recently used evicted (default
         * 256; 0 keeps none). A realm signs all its tokens with one RAK, so a verifier that sees the
         * same realm again verifies its realm signature about twice as fast. Keyed by the exact
         * point; holds public keys only.
         */
        public Builder rakCacheSize(int size) {
            if (size < 0 || size > 1 << 16) {
                throw new IllegalArgumentException("RAK cache size must be 0..65536, got " + size);
            }
            this.rakCacheSize = size;
            return this;
        }

        public CcaVerifier build() {
            return new CcaVerifier(this);
        }
    }
}
