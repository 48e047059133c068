package io.tee4j.atls;

import io.tee4j.atls.cert.EvidenceFormat;
import io.tee4j.core.PolicyDocument;
import io.tee4j.core.PolicyFormatException;
import io.tee4j.core.TeeType;
import io.tee4j.json.Json;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What an attested TLS client accepts: the one TEE it talks to, the backend policy its evidence
 * must pass (the TEE's own policy JSON, e.g. SEV-SNP measurements; the backend's default policy
 * when none is given), and the freshness and interop modes it allows. Immutable.
 *
 * <p>Defaults (secure): tee4j certificates only (Gramine, Contrast and Constellation are named
 * opt-ins), a per-handshake nonce required (time-window evidence refused), hostname verification
 * off (the attestation policy replaces it; turn it on to require the certificate to name the
 * host as well), the system UTC clock.
 *
 * <p>What it does not decide: the trust roots and collateral, which belong to the
 * {@link io.tee4j.core.spi.PreparedVerifier} the client is made with.
 */
public final class AtlsPolicy {
    private final TeeType tee;
    private final Map<String, Object> backendPolicy;
    private final Duration maxTimeWindow;
    private final Set<EvidenceFormat> formats;
    private final boolean verifyHostname;
    private final Clock clock;

    private AtlsPolicy(Builder b) {
        this.tee = b.tee;
        this.backendPolicy = b.backendPolicy;
        this.maxTimeWindow = b.maxTimeWindow;
        this.formats = Set.copyOf(b.formats);
        this.verifyHostname = b.verifyHostname;
        this.clock = b.clock;
    }

    /** A builder for a policy accepting evidence of {@code tee}. */
    public static Builder builder(TeeType tee) {
        return new Builder(tee);
    }

    /** The TEE the peer must run in. */
    public TeeType tee() {
        return tee;
    }

    /**
     * A fresh reader over the backend policy, one per verification (a {@link PolicyDocument}
     * records which keys were read, so it is not shared between threads).
     */
    public Optional<PolicyDocument> backendPolicy() {
        return Optional.ofNullable(backendPolicy).map(PolicyDocument::of);
    }

    /** The longest time window accepted for evidence bound without a nonce; empty: refused. */
    public Optional<Duration> maxTimeWindow() {
        return Optional.ofNullable(maxTimeWindow);
    }

    /** Whether certificates of this convention are read. */
    public boolean accepts(EvidenceFormat format) {
        return formats.contains(format);
    }

    public boolean verifyHostname() {
        return verifyHostname;
    }

    public Clock clock() {
        return clock;
    }

    /** Builds an {@link AtlsPolicy}. */
    public static final class Builder {
        private final TeeType tee;
        private Map<String, Object> backendPolicy;
        private Duration maxTimeWindow;
        private final Set<EvidenceFormat> formats = EnumSet.of(EvidenceFormat.TEE4J_CMW);
        private boolean verifyHostname;
        private Clock clock = Clock.systemUTC();

        private Builder(TeeType tee) {
            this.tee = Objects.requireNonNull(tee, "tee");
        }

        /**
         * The backend policy as JSON (the document {@code tee4j verify --policy} takes for this
         * TEE). Parsed strictly here; its keys are checked by the backend at each verification.
         */
        public Builder backendPolicyJson(byte[] json) throws PolicyFormatException {
            try {
                Object tree = Json.parse(json);
                this.backendPolicy = Json.object(tree, "$");
            } catch (Json.JsonException e) {
                throw new PolicyFormatException("$", e.getMessage());
            }
            return this;
        }

        /**
         * The backend policy as a JSON-shaped tree (maps, lists, strings, numbers, booleans), as a
         * caller's own strict JSON parser produced it. Copied.
         */
        public Builder backendPolicy(Map<String, ?> tree) {
            this.backendPolicy = Map.copyOf(tree);
            return this;
        }

        /**
         * Accepts evidence bound to the certificate key and its validity window instead of a nonce
         * (a client that cannot set SNI), when the window is at most {@code maxWindow} long and
         * contains the current time. Such evidence can be replayed within the window by whoever
         * holds the certificate's key: only the attested server does, unless its TEE is compromised.
         */
        public Builder acceptTimeWindowEvidence(Duration maxWindow) {
            if (maxWindow.isNegative() || maxWindow.isZero()) {
                throw new IllegalArgumentException("the window must be positive");
            }
            this.maxTimeWindow = maxWindow;
            return this;
        }

        /** Also reads certificates of another convention (read-only interop). */
        public Builder acceptFormat(EvidenceFormat format) {
            formats.add(Objects.requireNonNull(format, "format"));
            return this;
        }

        /** Also requires the certificate to name the host the client connected to (DNS SAN). */
        public Builder verifyHostname(boolean verify) {
            this.verifyHostname = verify;
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        public AtlsPolicy build() {
            return new AtlsPolicy(this);
        }
    }
}
