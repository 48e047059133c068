package io.tee4j.vtpm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tee4j.core.AttestationException;
import io.tee4j.core.AttestationResult;
import io.tee4j.core.Claims;
import io.tee4j.core.FailureClass;
import io.tee4j.core.PolicyDocument;
import io.tee4j.core.PolicyViolationException;
import io.tee4j.core.RevocationMode;
import io.tee4j.core.spi.PerCallInputs;
import io.tee4j.core.spi.PreparedVerifier;
import io.tee4j.core.spi.VerifierConfiguration;
import io.tee4j.snp.abi.ProductLine;
import io.tee4j.snp.simulator.AzureSnpVtpmSimulator;
import io.tee4j.snp.simulator.SimulatedAmdChain;
import io.tee4j.snp.simulator.SimulatedSnpSigner;
import io.tee4j.vtpm.internal.AzureSnpVtpmBackend;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Azure SEV-SNP vTPM end to end on simulated evidence (a simulated Milan chip, a fresh AK): the
 * policy keys on values the real vectors do not vary (Secure Boot off, chosen PCR values) and the
 * chip's own roots passed explicitly, so the result says its anchors were explicit.
 */
class AzureSnpVtpmSimulatedTest {
    private static final HexFormat HEX = HexFormat.of();
    private static final byte[] NONCE = HEX.parseHex("0123456789abcdef");
    private static final AzureSnpVtpmBackend BACKEND = new AzureSnpVtpmBackend();
    private static SimulatedAmdChain chain;
    private static PreparedVerifier verifier;

    @BeforeAll
    static void prepare() throws Exception {
        chain = SimulatedAmdChain.generate(ProductLine.MILAN);
        verifier = BACKEND.prepare(VerifierConfiguration.builder().offline(true)
                .revocationMode(RevocationMode.SKIP_INSECURE).addTrustRoot(chain.ark().getEncoded())
                .addTrustRoot(chain.ask().getEncoded()).build());
    }

    private static AttestationResult verify(byte[] evidence, Map<String, Object> policy) throws Exception {
        Clock clock = Clock.fixed(Instant.now(), ZoneOffset.UTC);
        return verifier.verify(BACKEND.readEvidence(evidence), PerCallInputs.builder().clock(clock)
                .policy(PolicyDocument.of(policy)).build());
    }

    @Test
    void simulatedEvidenceVerifiesWithExplicitAnchorsAndItsPcrs() throws Exception {
        byte[] kernel = HEX.parseHex("11".repeat(32));
        AzureSnpVtpmSimulator vm = new AzureSnpVtpmSimulator(SimulatedSnpSigner.vcek(chain)).extend(4, kernel);
        byte[] ev = vm.evidence(NONCE);
        AttestationResult r = verify(ev, Map.of("nonce", HEX.formatHex(NONCE)));
        assertTrue(r.explicitTrustAnchors());
        Claims pcrs = (Claims) ((Claims) ((Claims) r.claims().get("tpmQuote")).get("pcrs")).get("sha256");
        String pcr4 = (String) pcrs.get("4");
        verify(ev, Map.of("nonce", HEX.formatHex(NONCE), "pcrs", Map.of("sha256", Map.of("4", pcr4)),
                "secureBootRequired", true));
        PolicyViolationException e = assertThrows(PolicyViolationException.class, () -> verify(ev, Map.of(
                "nonce", HEX.formatHex(NONCE), "pcrs", Map.of("sha256", Map.of("4", "00".repeat(32))))));
        assertEquals(List.of("pcrs"), e.ruleIds());
    }

    @Test
    void secureBootOffFailsOnlyWhenRequired() throws Exception {
        byte[] ev = new AzureSnpVtpmSimulator(SimulatedSnpSigner.vcek(chain)).secureBoot(false).evidence(NONCE);
        verify(ev, Map.of("nonce", HEX.formatHex(NONCE)));
        PolicyViolationException e = assertThrows(PolicyViolationException.class, () -> verify(ev, Map.of(
                "nonce", HEX.formatHex(NONCE), "secureBootRequired", true)));
        assertEquals(List.of("secureBootRequired"), e.ruleIds());
        assertEquals(FailureClass.POLICY_VIOLATION, e.failureClass());
    }

    @Test
    void evidenceOfAnotherChipIsRefusedByTheInnerBackend() throws Exception {
        SimulatedAmdChain other = SimulatedAmdChain.generate(ProductLine.MILAN);
        byte[] ev = new AzureSnpVtpmSimulator(SimulatedSnpSigner.vcek(other)).evidence(NONCE);
        AttestationException e = assertThrows(AttestationException.class,
                () -> verify(ev, Map.of("nonce", HEX.formatHex(NONCE))));
        assertEquals(FailureClass.VERIFICATION_FAILED, e.failureClass(), e.getMessage());
    }
}
