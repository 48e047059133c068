package io.tee4j.coco.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tee4j.coco.kbs.InitData;
import io.tee4j.coco.kbs.KbsClient;
import io.tee4j.coco.kbs.KbsException;
import io.tee4j.core.Attester;
import io.tee4j.core.Evidence;
import io.tee4j.core.FailureClass;
import io.tee4j.core.RevocationMode;
import io.tee4j.core.SecretAccess;
import io.tee4j.core.SecretBytes;
import io.tee4j.core.TeeType;
import io.tee4j.core.spi.VerifierConfiguration;
import io.tee4j.snp.abi.ProductLine;
import io.tee4j.snp.simulator.AzureSnpVtpmSimulator;
import io.tee4j.snp.simulator.SimulatedAmdChain;
import io.tee4j.snp.simulator.SimulatedSnpSigner;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * An Azure SEV-SNP vTPM pod (simulated chip, fresh AK) against the fake KBS with tee4j's
 * azure-snp-vtpm backend: the request names {@code az-snp-vtpm}, the evidence is trustee's JSON, and
 * the runtime-data digest is the TPM quote's extraData unpadded, as trustee's verifier compares it.
 */
class AzureVtpmEndToEndTest {
    private static final byte[] SECRET = "azure vtpm pod".getBytes(StandardCharsets.UTF_8);
    private static SimulatedAmdChain chain;

    @BeforeAll
    static void chip() {
        chain = SimulatedAmdChain.generate(ProductLine.MILAN);
    }

    private static BackendAppraiser appraiser() throws Exception {
        return new BackendAppraiser().with(TeeType.AZURE_SNP_VTPM, VerifierConfiguration.builder().offline(true)
                .revocationMode(RevocationMode.SKIP_INSECURE).addTrustRoot(chain.ark().getEncoded())
                .addTrustRoot(chain.ask().getEncoded()).build());
    }

    private static Attester pod(List<byte[]> asked, UnaryOperator<byte[]> quoted) {
        return pod(new AzureSnpVtpmSimulator(SimulatedSnpSigner.vcek(chain)), asked, quoted);
    }

    private static Attester pod(AzureSnpVtpmSimulator vm, List<byte[]> asked, UnaryOperator<byte[]> quoted) {
        return new Attester() {
            @Override
            public TeeType type() {
                return TeeType.AZURE_SNP_VTPM;
            }

            @Override
            public Evidence attest(byte[] reportData) {
                asked.add(reportData);
                return Evidence.of(TeeType.AZURE_SNP_VTPM, vm.evidence(quoted.apply(reportData)));
            }
        };
    }

    @Test
    void anAzureSnpVtpmPodGetsItsSecretWithTheSha384DigestAsExtraData() throws Exception {
        List<byte[]> asked = new ArrayList<>();
        try (FakeKbs kbs = FakeKbs.builder(appraiser()).resource("r/t/s", SECRET).start();
                SecretBytes s = KbsClient.builder(kbs.uri(), pod(asked, UnaryOperator.identity())).build()
                        .getResource("r", "t", "s")) {
            assertArrayEquals(SECRET, s.toByteArray(SecretAccess.INSECURE));
        }
        assertEquals(1, asked.size());
        assertEquals(48, asked.get(0).length, "the SHA-384 digest itself, not zero-padded to 64");
    }

    @Test
    void aQuoteOverTheZeroPaddedDigestIsRefused() throws Exception {
        // What a client that padded the digest as for SNP reports would bind: trustee compares extraData exactly.
        try (FakeKbs kbs = FakeKbs.builder(appraiser()).resource("r/t/s", SECRET).start()) {
            KbsException e = assertThrows(KbsException.class, () -> KbsClient.builder(kbs.uri(),
                    pod(new ArrayList<>(), rd -> Arrays.copyOf(rd, 64))).build().getResource("r", "t", "s"));
            assertTrue(e.getMessage().contains("extraData"), e.getMessage());
            assertEquals(FailureClass.VERIFICATION_FAILED, e.failureClass());
        }
    }

    @Test
    void aKbsWithoutAnAzureVerifierRefusesTheSession() throws Exception {
        try (FakeKbs kbs = FakeKbs.builder(SnpPod.appraiser()).resource("r/t/s", SECRET).start()) {
            KbsException e = assertThrows(KbsException.class, () -> KbsClient.builder(kbs.uri(),
                    pod(new ArrayList<>(), UnaryOperator.identity())).build().getResource("r", "t", "s"));
            // trustee answers every attestation failure with 401 AttestationError, which reads as a failed verification.
            assertEquals(FailureClass.VERIFICATION_FAILED, e.failureClass(), e.getMessage());
            assertTrue(e.getMessage().contains("does not accept azure-snp-vtpm"), e.getMessage());
        }
    }
    @Test
    void initDataIsBoundThroughPcr8() throws Exception {
        InitData init = InitData.toml("algorithm = \"sha256\"\nversion = \"0.1.0\"\n\n[data]\n\"aa.toml\" = '''\n"
                + "[token_configs]\n'''\n");
        byte[] digest = init.digest();
        assertEquals(32, digest.length);
        try (FakeKbs kbs = FakeKbs.builder(appraiser()).resource("r/t/s", SECRET).start()) {
            AzureSnpVtpmSimulator bound = new AzureSnpVtpmSimulator(SimulatedSnpSigner.vcek(chain)).extend(8, digest);
            KbsClient.builder(kbs.uri(), pod(bound, new ArrayList<>(), UnaryOperator.identity())).initData(init).build()
                    .attest();
            KbsException unbound = assertThrows(KbsException.class, () -> KbsClient.builder(kbs.uri(),
                    pod(new ArrayList<>(), UnaryOperator.identity())).initData(init).build().attest());
            assertTrue(unbound.getMessage().contains("PCR 8 is"), unbound.getMessage());
            InitData sha384 = InitData.toml("algorithm = \"sha384\"\nversion = \"0.1.0\"\n\n[data]\n");
            KbsException wide = assertThrows(KbsException.class, () -> KbsClient.builder(kbs.uri(),
                    pod(new ArrayList<>(), UnaryOperator.identity())).initData(sha384).build().attest());
            assertTrue(wide.getMessage().contains("trustee takes 32"), wide.getMessage());
        }
    }
    @Test
    void anAzureTdxVtpmPodGetsItsSecretAndAQuoteOfAnotherTdIsRefused(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        io.tee4j.tdx.simulator.TdxSimulator tdx = io.tee4j.tdx.simulator.TdxSimulator.builder().build();
        java.nio.file.Path bundle = java.nio.file.Files.write(dir.resolve("tdx-collateral.json"), tdx.collateralBundle());
        BackendAppraiser a = new BackendAppraiser().with(TeeType.AZURE_TDX_VTPM, VerifierConfiguration.builder()
                .addTrustRoot(tdx.trustAnchors().roots().get(0).getEncoded()).addCollateral(bundle).offline(true).build());
        try (FakeKbs kbs = FakeKbs.builder(a).resource("r/t/s", SECRET).start();
                SecretBytes s = KbsClient.builder(kbs.uri(), new AzureTdxVtpmPod(tdx).attester()).build()
                        .getResource("r", "t", "s")) {
            assertArrayEquals(SECRET, s.toByteArray(SecretAccess.INSECURE));
        }
        try (FakeKbs kbs = FakeKbs.builder(a).resource("r/t/s", SECRET).start()) {
            KbsException e = assertThrows(KbsException.class, () -> KbsClient.builder(kbs.uri(),
                    new AzureTdxVtpmPod(tdx, new byte[48]).attester()).build().getResource("r", "t", "s"));
            assertTrue(e.getMessage().contains("MRTD"), e.getMessage());
        }
    }
}
