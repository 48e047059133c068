package io.tee4j.core.spi;

import io.tee4j.core.PolicyDocument;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What changes from one verification to the next with a {@link PreparedVerifier}: the
 * certificates given beside the evidence, the time the verification runs at, and the policy
 * document. Nothing here is kept by the prepared verifier after the call.
 *
 * @since 0.2
 */
public final class PerCallInputs {
    private static final PerCallInputs NONE = builder().build();

    private final List<byte[]> certificates;
    private final Clock clock;
    private final PolicyDocument policy;

    private PerCallInputs(Builder b) {
        this.certificates = List.copyOf(b.certificates);
        this.clock = b.clock;
        this.policy = b.policy;
    }

    /** No certificates, the system UTC clock, the backend's default policy. */
    public static PerCallInputs none() {
        return NONE;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Certificates given beside the evidence, one file's content per entry (DER or PEM, one
     * certificate or a chain): a VCEK, an ASK, a GPU device chain.
     */
    public List<byte[]> certificates() {
        return certificates;
    }

    /** The clock whose instant this verification runs at. */
    public Clock clock() {
        return clock;
    }

    /** The policy document, if one was given; the backend's default policy otherwise. */
    public Optional<PolicyDocument> policy() {
        return Optional.ofNullable(policy);
    }

    /** Builds {@link PerCallInputs}; defaults: no certificates, the system UTC clock, no policy. */
    public static final class Builder {
        private final List<byte[]> certificates = new ArrayList<>();
        private Clock clock = Clock.systemUTC();
        private PolicyDocument policy;

        private Builder() {
        }

        public Builder addCertificate(byte[] content) {
            certificates.add(Objects.requireNonNull(content, "content").clone());
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        public Builder policy(PolicyDocument policy) {
            this.policy = policy;
            return this;
        }

        public PerCallInputs build() {
            return new PerCallInputs(this);
        }
    }
}
