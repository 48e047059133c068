package io.tee4j.coco.token;

import io.tee4j.core.MalformedEvidenceException;
import io.tee4j.core.PolicyViolation;
import io.tee4j.core.PolicyViolationException;
import io.tee4j.core.VerificationFailedException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Verifies attestation tokens a relying party receives: trustee Attestation Service EAR tokens
 * (ES256, key in the header {@code jwk} with an {@code x5c} chain), Veraison EAR tokens (key
 * configured, e.g. from {@code /.well-known/veraison/verification}), and any JWS signed by a key
 * in a configured JWK Set (legacy trustee tokens, Intel Trust Authority by {@code kid}).
 *
 * <p>The pipeline: {@link CompactJws} parse (three parts, strict JSON) → algorithm allow-list
 * ({@code none} never) → key from configuration only ({@link SigningKeySelection}, header keys
 * through {@link HeaderKeyEndorsement}) → signature → claims ({@code exp}/{@code nbf}/{@code iat}
 * with 60 s leeway, maximum age from {@code iat} when there is no {@code exp}; {@code iss};
 * {@code eat_profile}; {@code eat_nonce} when the caller has a nonce; every EAR submodule's
 * {@code ear.status}).
 *
 * <p>Failures: unreadable token {@link MalformedEvidenceException} (class 6); algorithm, key
 * trust or signature {@link VerificationFailedException} (class 2); claims
 * {@link PolicyViolationException} (class 5) with the claim name as rule id.
 *
 * <p>Not verified: the evidence the token's issuer appraised (the token vouches for it), x5c
 * revocation, and the trust-vector values beyond {@code ear.status}. Thread-safe.
 */
public final class TokenVerifier {
    /** trustee's default EAR profile. */
    public static final String TRUSTEE_PROFILE = "tag:github.com,2024:confidential-containers/Trustee";
    /** Veraison's EAR profile. */
    public static final String VERAISON_PROFILE = "tag:github.com,2023:veraison/ear";

    final TokenKeys keys;
    final Clock clock;
    final Duration leeway;
    final Duration maxAgeWithoutExp;
    final String issuer;
    final Set<String> profiles;
    final boolean acceptWarning;
    final Set<String> algorithms;

    private TokenVerifier(Builder b) {
        this.keys = Objects.requireNonNull(b.keys, "keys");
        this.clock = b.clock;
        this.leeway = b.leeway;
        this.maxAgeWithoutExp = b.maxAgeWithoutExp;
        this.issuer = b.issuer;
        this.profiles = Set.copyOf(b.profiles);
        this.acceptWarning = b.acceptWarning;
        this.algorithms = Set.copyOf(b.algorithms);
    }

    /** A builder over {@code keys} with the defaults named on each setter. */
    public static Builder builder(TokenKeys keys) {
        Builder b = new Builder();
        b.keys = keys;
        return b;
    }

    /** Verifies a token without a caller nonce. */
    public VerifiedToken verify(String token)
            throws MalformedEvidenceException, VerificationFailedException, PolicyViolationException {
        return verify(token, null);
    }

    /**
     * Verifies a token.
     *
     * @param nonce the nonce the caller sent, to equal {@code eat_nonce}; null for none
     */
    public VerifiedToken verify(String token, byte[] nonce)
            throws MalformedEvidenceException, VerificationFailedException, PolicyViolationException {
        CompactJws jws = CompactJws.parse(token.strip());
        SignatureCheck.checkAlgorithm(jws, algorithms);
        Instant now = clock.instant();
        List<SigningKeySelection.Candidate> candidates = SigningKeySelection.candidates(jws, keys, now);
        SigningKeySelection.Candidate signer = SignatureCheck.verify(jws, candidates);
        List<PolicyViolation> violations = ClaimChecks.check(jws.claims, this, now, nonce);
        if (!violations.isEmpty()) {
            throw new PolicyViolationException(violations);
        }
        return new VerifiedToken(jws.alg, signer.source(), jws.claims, sha256(jws.signingInput));
    }

    private static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is in every JDK", e);
        }
    }

    /** Settings of a {@link TokenVerifier}. */
    public static final class Builder {
        private TokenKeys keys;
        private Clock clock = Clock.systemUTC();
        private Duration leeway = Duration.ofSeconds(60);
        private Duration maxAgeWithoutExp = Duration.ofMinutes(5);
        private String issuer;
        private Set<String> profiles = Set.of(TRUSTEE_PROFILE, VERAISON_PROFILE);
        private boolean acceptWarning;
        private Set<String> algorithms = SignatureCheck.DEFAULT_ALGORITHMS;

        private Builder() {
        }

        /** The verification time source (default: the system clock). */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock);
            return this;
        }

        /** Clock skew allowed on exp, nbf and iat (default 60 s, jsonwebtoken's and Nimbus's). */
        public Builder leeway(Duration leeway) {
            this.leeway = requireNonNegative(leeway);
            return this;
        }

        /** Oldest accepted age, from iat, of a token without exp (default 5 minutes). */
        public Builder maxAgeWithoutExp(Duration maxAge) {
            this.maxAgeWithoutExp = requireNonNegative(maxAge);
            return this;
        }

        /** The required iss (default: not checked). */
        public Builder issuer(String issuer) {
            this.issuer = issuer;
            return this;
        }

        /** Accepted eat_profile values (default trustee's and Veraison's); empty accepts any or none. */
        public Builder profiles(Set<String> profiles) {
            this.profiles = Set.copyOf(profiles);
            return this;
        }

        /** Accept submodules whose ear.status is "warning" too (default: "affirming" only). */
        public Builder acceptWarning(boolean acceptWarning) {
            this.acceptWarning = acceptWarning;
            return this;
        }

        /** Accepted JWS algorithms (default ES256, ES384, PS384, RS256, RS384; "none" is always refused). */
        public Builder algorithms(Set<String> algorithms) {
            this.algorithms = Set.copyOf(algorithms);
            return this;
        }

        public TokenVerifier build() {
            return new TokenVerifier(this);
        }

        private static Duration requireNonNegative(Duration d) {
            if (d.isNegative()) {
                throw new IllegalArgumentException("duration must not be negative: " + d);
            }
            return d;
        }
    }
}
