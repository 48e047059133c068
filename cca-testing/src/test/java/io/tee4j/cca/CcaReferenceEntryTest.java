package io.tee4j.cca;

import static io.tee4j.cca.Vectors.load;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tee4j.cca.simulator.CcaSimulator;
import io.tee4j.cca.simulator.TokenSpec;
import io.tee4j.cca.validate.CcaAppraisal;
import io.tee4j.cca.validate.CcaPolicy;
import io.tee4j.cca.validate.CcaReferenceValues;
import io.tee4j.cca.validate.ClaimAppraisal;
import io.tee4j.cca.verify.CcaAttestationResult;
import io.tee4j.cca.verify.CcaTrustAnchors;
import io.tee4j.cca.verify.CcaVerifier;
import io.tee4j.core.Evidence;
import io.tee4j.core.PolicyViolationException;
import io.tee4j.core.TcbStatus;
import io.tee4j.core.TeeType;
import io.tee4j.core.VerificationFailedException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * Issue 28, items 1, 2, 6 and 8: a platform is appraised against one whole reference entry (its
 * configuration and its complete component list, in order), reference components name their
 * signer, the result says when every measurement was appraised, and a trust anchor for another
 * implementation id is not used.
 */
class CcaReferenceEntryTest {
    private static final CcaSimulator SIM = CcaSimulator.create();

    private static final byte[] CONFIG_A = Vectors.repeat(0xa0, 4);
    private static final byte[] CONFIG_B = Vectors.repeat(0xb0, 4);
    private static final byte[] BL_A = Vectors.repeat(0x11, 32);
    private static final byte[] RMM_A = Vectors.repeat(0x12, 32);
    private static final byte[] BL_B = Vectors.repeat(0x21, 32);
    private static final byte[] RMM_B = Vectors.repeat(0x22, 32);
    private static final byte[] SIGNER = Vectors.repeat(0x5e, 32);
    private static final byte[] RIM = Vectors.repeat(0x77, 32);

    /** Two firmware releases of the simulated platform, A and B, and the simulated realm. */
    private static final String RELEASES = "{\"platform\": ["
            + entry(CONFIG_A, component("BL", BL_A), component("RMM", RMM_A)) + ", "
            + entry(CONFIG_B, component("BL", BL_B), component("RMM", RMM_B)) + "],"
            + " \"realm\": [{\"initial-measurement\": \"" + Vectors.hex(RIM) + "\","
            + " \"personalization-value\": \"" + "00".repeat(64) + "\", \"extensible-measurements\": ["
            + String.join(", ", java.util.Collections.nCopies(4, "\"" + "00".repeat(32) + "\"")) + "]}]}";

    private static String entry(byte[] config, String... components) {
        return "{\"implementation-id\": \"" + Vectors.hex(CcaSimulator.IMPLEMENTATION_ID) + "\","
                + " \"platform-configuration\": \"" + Vectors.hex(config) + "\","
                + " \"sw-components\": [" + String.join(", ", components) + "]}";
    }

    private static String component(String type, byte[] measurement) {
        return "{\"component-type\": \"" + type + "\", \"measurement-value\": \"" + Vectors.hex(measurement) + "\","
                + " \"signer-id\": \"" + Vectors.hex(SIGNER) + "\", \"version\": \"1.0\"}";
    }

    private static CcaVerifier verifier(String rv) throws Exception {
        return CcaVerifier.builder(SIM.trustAnchors()).clock(CcaVerifierTest.CLOCK)
                .referenceValues(CcaReferenceValues.parse(rv.getBytes(StandardCharsets.UTF_8))).build();
    }

    private static Evidence token(byte[] config, UnaryOperator<TokenSpec.Builder> components) {
        return Evidence.of(TeeType.CCA, SIM.token(components.apply(TokenSpec.builder().config(config)
                .initialMeasurement(RIM)).build()));
    }

    /** The platform appraisal fails, even with the default policy, and says which entry came closest. */
    private static String refused(Evidence ev, String difference) throws Exception {
        PolicyViolationException e = assertThrows(PolicyViolationException.class,
                () -> verifier(RELEASES).verify(ev, CcaPolicy.defaults()));
        String all = String.join("\n", e.violations());
        assertTrue(all.contains("platform.config does not match its reference value"), all);
        assertTrue(all.contains("no reference entry for this implementation id matches the platform as a whole"), all);
        assertTrue(all.contains(difference), all);
        return all;
    }

    @Test
    void aWholeReleaseMatchesAndEveryMeasurementIsAppraised() throws Exception {
        for (byte[][] release : new byte[][][] {{CONFIG_A, BL_A, RMM_A}, {CONFIG_B, BL_B, RMM_B}}) {
            CcaAttestationResult r = verifier(RELEASES).verify(token(release[0], b -> b
                    .component("BL", release[1], "1.0", SIGNER).component("RMM", release[2], "1.0", SIGNER)),
                    CcaPolicy.builder().requireReferenceValues(true).build());
            CcaAppraisal a = r.appraisal();
            assertEquals(a.claims().size(), a.withOutcome(ClaimAppraisal.Outcome.MATCHED).size(), a.toString());
            assertTrue(a.platformFullyMatched());
            assertEquals(TcbStatus.UP_TO_DATE, r.commonClaims().tcbStatus());
            assertTrue(a.measurementsAppraised());
            assertEquals(Boolean.TRUE, r.claims().get("measurementsAppraised"));
        }
    }

    @Test
    void aTokenLeavingOutAComponentMatchesNoEntry() throws Exception {
        refused(token(CONFIG_A, b -> b.component("BL", BL_A, "1.0", SIGNER)),
                "the token lists 1 component, the entry 2");
        // Leaving out the first: the remaining one sits at the wrong position.
        refused(token(CONFIG_A, b -> b.component("RMM", RMM_A, "1.0", SIGNER)), "component 0");
    }

    @Test
    void aTokenListingAComponentTwiceMatchesNoEntry() throws Exception {
        refused(token(CONFIG_A, b -> b.component("BL", BL_A, "1.0", SIGNER).component("BL", BL_A, "1.0", SIGNER)),
                "differs in: component 1");
        refused(token(CONFIG_A, b -> b.component("BL", BL_A, "1.0", SIGNER).component("RMM", RMM_A, "1.0", SIGNER)
                .component("RMM", RMM_A, "1.0", SIGNER)), "reference platform[0] lists only 2 components");
    }

    @Test
    void aTokenMixingTwoReleasesMatchesNoEntry() throws Exception {
        // Config of B, BL of A, RMM of B: each claim equals one in some entry, the platform equals none.
        String all = refused(token(CONFIG_B, b -> b.component("BL", BL_A, "1.0", SIGNER)
                .component("RMM", RMM_B, "1.0", SIGNER)), "closest, platform[1], differs in: component 0");
        assertTrue(all.contains("equals the configuration of reference platform[1], but"), all);
        assertTrue(all.contains("measurement " + Vectors.hex(BL_A) + " differs from " + Vectors.hex(BL_B)), all);
        // Config of A with B's firmware.
        refused(token(CONFIG_A, b -> b.component("BL", BL_B, "1.0", SIGNER).component("RMM", RMM_B, "1.0", SIGNER)),
                "closest, platform[1], differs in: config");
    }

    @Test
    void orderMatters() throws Exception {
        refused(token(CONFIG_A, b -> b.component("RMM", RMM_A, "1.0", SIGNER).component("BL", BL_A, "1.0", SIGNER)),
                "differs in: component 0; component 1");
    }

    @Test
    void anotherSignerOrVersionIsAnotherComponent() throws Exception {
        refused(token(CONFIG_A, b -> b.component("BL", BL_A, "1.0", Vectors.repeat(0x5f, 32))
                .component("RMM", RMM_A, "1.0", SIGNER)), "signer id");
        refused(token(CONFIG_A, b -> b.component("BL", BL_A, "0.9", SIGNER).component("RMM", RMM_A, "1.0", SIGNER)),
                "version 0.9 is not 1.0");
    }

    @Test
    void aReferenceComponentWithoutSignerIdIsRefusedNamingTheEntry() {
        String noSigner = RELEASES.replaceFirst(", \"signer-id\": \"[0-9a-f]+\"", "");
        CcaConfigurationException e = assertThrows(CcaConfigurationException.class,
                () -> CcaReferenceValues.parse(noSigner.getBytes(StandardCharsets.UTF_8)));
        assertTrue(e.getMessage().contains("$.platform[0].sw-components[0].signer-id: missing"), e.getMessage());
    }

    @Test
    void emptyListsInAReferenceFileAreRefused() {
        for (String json : List.of("{\"platform\": []}", "{\"realm\": []}",
                RELEASES.replaceFirst("\"sw-components\": \\[[^]]*]", "\"sw-components\": []"),
                RELEASES.replaceFirst(", \"sw-components\": \\[[^]]*]", ""))) {
            CcaConfigurationException e = assertThrows(CcaConfigurationException.class,
                    () -> CcaReferenceValues.parse(json.getBytes(StandardCharsets.UTF_8)), json);
            assertTrue(e.getMessage().contains("empty list") || e.getMessage().contains("sw-components: missing"),
                    e.getMessage());
        }
    }

    @Test
    void aReferenceRakHashAlgorithmOutsideTheAllowListIsRefused() {
        String json = "{\"realm\": [{\"initial-measurement\": \"" + "00".repeat(32)
                + "\", \"rak-hash-algorithm\": \"sha-384\"}]}";
        CcaConfigurationException e = assertThrows(CcaConfigurationException.class,
                () -> CcaReferenceValues.parse(json.getBytes(StandardCharsets.UTF_8)));
        assertTrue(e.getMessage().contains("rak-hash-algorithm"), e.getMessage());
    }

    @Test
    void aReferenceFileOverOneMebibyteIsRefused() throws Exception {
        // Valid JSON, padded past the cap with whitespace: refused for its size alone.
        byte[] big = (RELEASES + " ".repeat(CcaReferenceValues.MAX_BYTES)).getBytes(StandardCharsets.UTF_8);
        CcaConfigurationException e = assertThrows(CcaConfigurationException.class, () -> CcaReferenceValues.parse(big));
        assertTrue(e.getMessage().contains("1 MiB"), e.getMessage());
        byte[] atCap = (RELEASES + " ".repeat(CcaReferenceValues.MAX_BYTES - RELEASES.length()))
                .getBytes(StandardCharsets.UTF_8);
        assertEquals(CcaReferenceValues.MAX_BYTES, atCap.length);
        assertEquals(2, CcaReferenceValues.parse(atCap).platforms().size());
    }

    @Test
    void measurementsAppraisedNeedsPlatformAndRealm() throws Exception {
        // The real TF-RMM FVP token and rust-ccatoken's matching rv.json: every measurement matched.
        CcaVerifier withRv = CcaVerifier.builder(CcaTrustAnchors.parse(load("rust-ccatoken-ta-tfa.json")))
                .referenceValues(CcaReferenceValues.parse(load("rust-ccatoken-rv.json")))
                .clock(CcaVerifierTest.CLOCK).build();
        CcaAttestationResult r = withRv.verify(Evidence.of(TeeType.CCA, load(Vectors.TFRMM_399)), CcaPolicy.defaults());
        assertEquals(Boolean.TRUE, r.claims().get("measurementsAppraised"));
        // No reference values: nothing appraised.
        CcaAttestationResult none = CcaVerifierTest.verifier("rust-ccatoken-ta-tfa.json")
                .verify(Evidence.of(TeeType.CCA, load(Vectors.TFRMM_399)), CcaPolicy.defaults());
        assertEquals(Boolean.FALSE, none.claims().get("measurementsAppraised"));
        // The platform's entry only: the realm went unappraised.
        String platformOnly = new String(load("rust-ccatoken-rv.json"), StandardCharsets.UTF_8)
                .replaceFirst(",\\s*\"realm\": \\[[\\s\\S]*]\\s*}\\s*$", "}");
        CcaAttestationResult half = CcaVerifier.builder(CcaTrustAnchors.parse(load("rust-ccatoken-ta-tfa.json")))
                .referenceValues(CcaReferenceValues.parse(platformOnly.getBytes(StandardCharsets.UTF_8)))
                .clock(CcaVerifierTest.CLOCK).build()
                .verify(Evidence.of(TeeType.CCA, load(Vectors.TFRMM_399)), CcaPolicy.defaults());
        assertTrue(half.appraisal().platformFullyMatched());
        assertFalse(half.appraisal().measurementsAppraised());
        assertEquals(Boolean.FALSE, half.claims().get("measurementsAppraised"));
        // The realm's entry without extensible measurements: its REMs went unappraised.
        CcaAttestationResult rimOnly = verifier(RELEASES.replaceFirst(", \"extensible-measurements\": \\[[^]]*]", ""))
                .verify(token(CONFIG_A, b -> b.component("BL", BL_A, "1.0", SIGNER)
                        .component("RMM", RMM_A, "1.0", SIGNER)), CcaPolicy.defaults());
        assertTrue(rimOnly.appraisal().platformFullyMatched());
        assertEquals(Boolean.FALSE, rimOnly.claims().get("measurementsAppraised"));
    }

    @Test
    void anAnchorForTheInstanceUnderAnotherImplementationIdIsNotUsed() throws Exception {
        byte[] otherImpl = Vectors.repeat(0x42, 32);
        CcaVerifier v = CcaVerifier.builder(CcaTrustAnchors.builder().add(otherImpl, SIM.instanceId(),
                SIM.cpakPublicKey()).build()).build();
        VerificationFailedException e = assertThrows(VerificationFailedException.class,
                () -> v.verify(Evidence.of(TeeType.CCA, SIM.token(new byte[] {1})), CcaPolicy.defaults()));
        assertEquals(VerificationFailedException.Reason.CERTIFICATE_CHAIN, e.reason());
        assertTrue(e.getMessage().contains("bind this instance id to implementation id " + Vectors.hex(otherImpl)),
                e.getMessage());
    }
}
