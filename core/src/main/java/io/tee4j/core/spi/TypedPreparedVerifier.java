package io.tee4j.core.spi;

import io.tee4j.core.AttestationException;
import io.tee4j.core.AttestationResult;
import io.tee4j.core.Evidence;
import io.tee4j.core.PolicyDocument;
import io.tee4j.core.PolicyFormatException;
import io.tee4j.core.TeeType;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The part of a {@link PreparedVerifier} every backend shares, written once: the default policy
 * made once, each call's policy document read with the backend's reader, and the backend's typed
 * verification run at the call's instant with the call's certificates. A backend supplies only
 * what differs: its policy reader and its typed verification (which decides what the certificates
 * given beside the evidence mean, or refuses them).
 *
 * <p>It checks nothing itself beyond non-null inputs; thread safety is the typed verification's.
 *
 * @param <P> the backend's policy type: a core {@link io.tee4j.core.Policy}, or a policy value of
 *     its own that is not one (the vTPM backends' {@code VtpmPolicy}, which carries the inner TEE's
 *     keys for another backend)
 * @since 0.2
 */
public final class TypedPreparedVerifier<P> implements PreparedVerifier {
    private final TeeType type;
    private final P defaultPolicy;
    private final PolicyReader<P> policyReader;
    private final TypedVerification<P> verification;

    private TypedPreparedVerifier(TeeType type, P defaultPolicy, PolicyReader<P> policyReader,
            TypedVerification<P> verification) {
        this.type = Objects.requireNonNull(type, "type");
        this.defaultPolicy = Objects.requireNonNull(defaultPolicy, "defaultPolicy");
        this.policyReader = Objects.requireNonNull(policyReader, "policyReader");
        this.verification = Objects.requireNonNull(verification, "verification");
    }

    /**
     * A prepared verifier for {@code type} that reads each call's policy with {@code policyReader}
     * (or uses {@code defaultPolicy}) and verifies with {@code verification}.
     */
    public static <P> TypedPreparedVerifier<P> of(TeeType type, P defaultPolicy,
            PolicyReader<P> policyReader, TypedVerification<P> verification) {
        return new TypedPreparedVerifier<>(type, defaultPolicy, policyReader, verification);
    }

    @Override
    public TeeType type() {
        return type;
    }

    @Override
    public AttestationResult verify(Evidence evidence, PerCallInputs inputs)
            throws AttestationException, PolicyFormatException {
        Objects.requireNonNull(evidence, "evidence");
        Objects.requireNonNull(inputs, "inputs");
        P policy = inputs.policy().isPresent() ? policyReader.read(inputs.policy().get()) : defaultPolicy;
        return verification.verify(evidence, inputs.certificates(), policy, inputs.clock().instant());
    }

    /** A backend's policy reader ({@code fromDocument}). */
    @FunctionalInterface
    public interface PolicyReader<P> {
        /** Reads a policy, refusing unknown keys and bad values. */
        P read(PolicyDocument document) throws PolicyFormatException;
    }

    /** A backend's typed verification of one call. */
    @FunctionalInterface
    public interface TypedVerification<P> {
        /**
         * Verifies {@code evidence} with the certificates given beside it (one file's content per
         * entry), appraised against {@code policy}, as of {@code at}.
         */
        AttestationResult verify(Evidence evidence, List<byte[]> certificates, P policy, Instant at)
                throws AttestationException, PolicyFormatException;
    }
}
