package io.tee4j.coco.testing;

import io.tee4j.core.AttestationException;
import io.tee4j.core.AttestationResult;
import io.tee4j.core.Evidence;
import io.tee4j.core.PolicyDocument;
import io.tee4j.core.PolicyFormatException;
import io.tee4j.core.TeeType;
import io.tee4j.core.spi.NonceBinding;
import io.tee4j.core.spi.PerCallInputs;
import io.tee4j.core.spi.PreparedVerifier;
import io.tee4j.core.spi.TeeBackend;
import io.tee4j.core.spi.VerifierConfiguration;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.ServiceLoader;

/**
 * An {@link EvidenceAppraiser} over tee4j's backends (found with {@link ServiceLoader}): one warm
 * {@link PreparedVerifier} per TEE from a {@link VerifierConfiguration} (for the simulators: their
 * roots and collateral), and the expected report data put under the policy key the backend
 * declares in its {@link NonceBinding}, so a wrong binding is the backend's own policy violation.
 */
public final class BackendAppraiser implements EvidenceAppraiser {
    private final Map<TeeType, PreparedVerifier> verifiers = new EnumMap<>(TeeType.class);
    private final Map<TeeType, NonceBinding> bindings = new EnumMap<>(TeeType.class);

    /** Adds {@code tee}, prepared with {@code configuration}. */
    public BackendAppraiser with(TeeType tee, VerifierConfiguration configuration) throws AttestationException,
            PolicyFormatException {
        for (TeeBackend b : ServiceLoader.load(TeeBackend.class, BackendAppraiser.class.getClassLoader())) {
            if (b.type() == tee) {
                NonceBinding nb = b.nonceBinding().orElseThrow(() -> new IllegalArgumentException(
                        tee.id() + " declares no nonce binding"));
                verifiers.put(tee, b.prepare(configuration));
                bindings.put(tee, nb);
                return this;
            }
        }
        throw new IllegalArgumentException("no " + tee.id() + " backend on the class path");
    }

    @Override
    public AttestationResult appraise(Evidence evidence, byte[] expectedReportData) throws AttestationException,
            PolicyFormatException {
        PreparedVerifier v = verifiers.get(evidence.type());
        if (v == null) {
            throw new io.tee4j.core.MalformedEvidenceException("this KBS does not accept " + evidence.type().id() + " evidence");
        }
        NonceBinding nb = bindings.get(evidence.type());
        byte[] expected = nb.expectedValue(java.util.Arrays.copyOf(expectedReportData,
                Math.min(expectedReportData.length, nb.maxBytes())));
        PolicyDocument policy = PolicyDocument.of(Map.of(nb.policyKey(), HexFormat.of().formatHex(expected)));
        return v.verify(evidence, PerCallInputs.builder().policy(policy).build());
    }
}
