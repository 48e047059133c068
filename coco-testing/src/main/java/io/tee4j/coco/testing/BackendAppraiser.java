package io.tee4j.coco.testing;

import io.tee4j.core.AttestationException;
import io.tee4j.core.AttestationResult;
import io.tee4j.core.Evidence;
import io.tee4j.core.PolicyDocument;
import io.tee4j.core.PolicyFormatException;
import io.tee4j.core.TeeType;
import io.tee4j.core.VerificationFailedException;
import io.tee4j.core.spi.NonceBinding;
import io.tee4j.core.spi.PerCallInputs;
import io.tee4j.core.spi.PreparedVerifier;
import io.tee4j.core.spi.TeeBackend;
import io.tee4j.core.spi.VerifierConfiguration;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
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
        return appraise(evidence, expectedReportData, null);
    }

    /**
     * Also requires, when {@code initDataDigest} is given, the field trustee's verifier compares with it
     * (deps/verifier/src/{snp,tdx,cca}): SEV-SNP HOST_DATA (policy key {@code hostData}) and TDX MRCONFIGID
     * ({@code mrConfigId}) hold the digest truncated or zero-padded to 32 and 48 bytes; the CCA realm
     * personalization value ({@code expectedPersonalizationValue}) must equal it as is, so a digest that is
     * not 64 bytes never matches. The Azure vTPMs (deps/verifier/src/az_snp_vtpm {@code verify_init_data})
     * require PCR 8 = SHA-256(32 zero bytes ‖ digest), the attester having extended PCR 8 with it once; a
     * digest that is not 32 bytes (sha384 or sha512 init-data) cannot be bound there. A mismatch is the
     * backend's policy violation.
     */
    @Override
    public AttestationResult appraise(Evidence evidence, byte[] expectedReportData, byte[] initDataDigest)
            throws AttestationException, PolicyFormatException {
        PreparedVerifier v = verifiers.get(evidence.type());
        if (v == null) {
            throw new io.tee4j.core.MalformedEvidenceException("this KBS does not accept " + evidence.type().id() + " evidence");
        }
        NonceBinding nb = bindings.get(evidence.type());
        byte[] expected = nb.expectedValue(Arrays.copyOf(expectedReportData,
                Math.min(expectedReportData.length, nb.maxBytes())));
        Map<String, Object> rules = new HashMap<>();
        rules.put(nb.policyKey(), HexFormat.of().formatHex(expected));
        if (initDataDigest != null) {
            initDataRule(evidence.type(), initDataDigest, rules);
        }
        PolicyDocument policy = PolicyDocument.of(rules);
        return v.verify(evidence, PerCallInputs.builder().policy(policy).build());
    }

    private static void initDataRule(TeeType tee, byte[] digest, Map<String, Object> rules)
            throws VerificationFailedException {
        HexFormat hex = HexFormat.of();
        switch (tee) {
            case SEV_SNP -> rules.put("hostData", hex.formatHex(Arrays.copyOf(digest, 32)));
            case TDX -> rules.put("mrConfigId", hex.formatHex(Arrays.copyOf(digest, 48)));
            case CCA -> {
                if (digest.length != 64) {
                    throw new VerificationFailedException(VerificationFailedException.Reason.BINDING, "init data hash is "
                            + "different from that in CCA token: a " + digest.length + "-byte digest cannot equal the "
                            + "64-byte personalization value");
                }
                rules.put("expectedPersonalizationValue", hex.formatHex(digest));
            }
            case AZURE_SNP_VTPM, AZURE_TDX_VTPM -> rules.put("pcrs", Map.of("sha256", Map.of("8",
                    hex.formatHex(initDataPcr(digest)))));
            default -> throw new VerificationFailedException(VerificationFailedException.Reason.BINDING,
                    tee.id() + " has no init-data binding here");
        }
    }

    /** PCR 8 after one extend with the init-data digest from its reset value (zeros), as trustee recomputes it. */
    private static byte[] initDataPcr(byte[] digest) throws VerificationFailedException {
        if (digest.length != 32) {
            throw new VerificationFailedException(VerificationFailedException.Reason.BINDING, "init data hash of "
                    + digest.length + " bytes cannot be the SHA-256 extend of PCR 8 (trustee takes 32)");
        }
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            sha256.update(new byte[32]);
            return sha256.digest(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is in every JDK", e);
        }
    }
}
