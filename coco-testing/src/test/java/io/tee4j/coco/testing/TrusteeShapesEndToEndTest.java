package io.tee4j.coco.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tee4j.cca.simulator.CcaSimulator;
import io.tee4j.cca.simulator.TokenSpec;
import io.tee4j.coco.jwe.TeeKeyAlgorithm;
import io.tee4j.coco.jwe.TeeKeyPair;
import io.tee4j.coco.kbs.AttestationMessage;
import io.tee4j.coco.kbs.Challenge;
import io.tee4j.coco.kbs.EvidenceJson;
import io.tee4j.coco.kbs.HashAlgorithm;
import io.tee4j.coco.kbs.InitData;
import io.tee4j.coco.kbs.KbsClient;
import io.tee4j.coco.kbs.KbsException;
import io.tee4j.coco.kbs.RuntimeData;
import io.tee4j.core.Attester;
import io.tee4j.core.Evidence;
import io.tee4j.core.FailureClass;
import io.tee4j.core.SecretAccess;
import io.tee4j.core.SecretBytes;
import io.tee4j.core.TeeType;
import io.tee4j.core.spi.VerifierConfiguration;
import io.tee4j.tdx.simulator.TdxSimulator;
import java.math.BigInteger;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fake KBS reads evidence as trustee does (the agent's JSON for the session's TEE, the SNP report as
 * the sev crate's serde structure), so these loopback exchanges prove the real shapes: a report changed
 * inside that structure fails its signature, and init-data binds as trustee checks it (SNP HOST_DATA, TDX
 * MRCONFIGID, CCA personalization value), each way.
 */
class TrusteeShapesEndToEndTest {
    private static final byte[] SECRET = "released after attestation".getBytes(StandardCharsets.UTF_8);
    private static final String TOML384 = "algorithm = \"sha384\"\nversion = \"0.1.0\"\n\n[data]\n\"aa.toml\" = '''\n"
            + "[token_configs]\n'''\n";
    private static final String TOML512 = TOML384.replace("sha384", "sha512");

    @TempDir
    Path dir;

    private static byte[] sha(String alg, String text) throws Exception {
        return java.security.MessageDigest.getInstance(alg).digest(text.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] attestBody(String nonce, TeeKeyPair key, Attester pod, UnaryOperator<Map<String, Object>> edit)
            throws Exception {
        RuntimeData runtime = new RuntimeData(nonce, key.publicJwk(), "");
        Evidence e = pod.attest(Arrays.copyOf(runtime.digest(HashAlgorithm.SHA384), 64));
        return new AttestationMessage(runtime, edit.apply(EvidenceJson.encode(e)), null).toJson();
    }

    /** One RCAR attestation by hand, the evidence JSON edited on its way; the KBS's status. */
    private static HttpResponse<String> attest(FakeKbs kbs, UnaryOperator<Map<String, Object>> edit) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<byte[]> auth = http.send(HttpRequest.newBuilder(kbs.uri().resolve("kbs/v0/auth"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"version\":\"0.4.0\",\"tee\":\"snp\",\"extra-params\":\"\"}"))
                .build(), HttpResponse.BodyHandlers.ofByteArray());
        String cookie = auth.headers().firstValue("set-cookie").orElseThrow().split(";")[0];
        byte[] body = attestBody(Challenge.parse(auth.body()).nonce(), TeeKeyPair.generate(
                TeeKeyAlgorithm.ECDH_ES_A256KW_P256), SnpPod.attester(), edit);
        assertTrue(new String(body, StandardCharsets.UTF_8).contains("\"primary_evidence\":{\"attestation_report\":{"
                + "\"version\":"));
        return http.send(HttpRequest.newBuilder(kbs.uri().resolve("kbs/v0/attest")).header("Cookie", cookie)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> report(Map<String, Object> evidence) {
        return (Map<String, Object>) evidence.get("attestation_report");
    }

    @Test
    void aReportChangedInsideTheSerdeStructureFailsItsSignature() throws Exception {
        try (FakeKbs kbs = FakeKbs.builder(SnpPod.appraiser()).resource("r/t/s", SECRET).start()) {
            assertEquals(200, attest(kbs, UnaryOperator.identity()).statusCode());
            HttpResponse<String> svn = attest(kbs, ev -> {
                report(ev).put("guest_svn", BigInteger.valueOf(77));
                return ev;
            });
            assertEquals(401, svn.statusCode());
            assertTrue(svn.body().contains("errors/AttestationError") && svn.body().contains("signature"), svn.body());
            HttpResponse<String> measurement = attest(kbs, ev -> {
                List<Object> m = new java.util.ArrayList<>((List<Object>) report(ev).get("measurement"));
                m.set(0, BigInteger.valueOf((((BigInteger) m.get(0)).intValue() + 1) & 0xff));
                report(ev).put("measurement", m);
                return ev;
            });
            assertEquals(401, measurement.statusCode(), measurement.body());
            HttpResponse<String> chainless = attest(kbs, ev -> {
                ev.put("cert_chain", null);
                return ev;
            });
            assertEquals(401, chainless.statusCode(), "no VCEK and the KBS is offline: " + chainless.body());
        }
    }

    @Test
    void snpInitDataMustBeTheHostData() throws Exception {
        byte[] hostData = Arrays.copyOf(sha("SHA-384", TOML384), 32);
        try (FakeKbs kbs = FakeKbs.builder(SnpPod.appraiser()).resource("r/t/s", SECRET).start()) {
            KbsClient bound = KbsClient.builder(kbs.uri(), SnpPod.withHostData(hostData))
                    .initData(InitData.toml(TOML384)).build();
            try (SecretBytes s = bound.getResource("r", "t", "s")) {
                assertArrayEquals(SECRET, s.toByteArray(SecretAccess.INSECURE));
            }
            KbsClient otherDocument = KbsClient.builder(kbs.uri(), SnpPod.withHostData(hostData))
                    .initData(InitData.toml(TOML384 + "# edited\n")).build();
            KbsException e = assertThrows(KbsException.class, otherDocument::attest);
            assertEquals(FailureClass.VERIFICATION_FAILED, e.failureClass());
            assertEquals("AttestationError", e.errorType().orElseThrow());
            assertTrue(e.getMessage().toLowerCase(java.util.Locale.ROOT).contains("host"), e.getMessage());
            // Without init-data trustee checks nothing, whatever HOST_DATA holds.
            KbsClient.builder(kbs.uri(), SnpPod.withHostData(hostData)).build().attest();
            for (InitData bad : List.of(new InitData("json", "{}"), InitData.toml("version = \"0.1.0\"\n[data]\n"),
                    InitData.toml("algorithm = \"sm3\"\nversion = \"0.1.0\"\n[data]\n"))) {
                KbsException refused = assertThrows(KbsException.class, () -> KbsClient.builder(kbs.uri(),
                        SnpPod.withHostData(hostData)).initData(bad).build().attest());
                assertEquals(FailureClass.VERIFICATION_FAILED, refused.failureClass(), bad.toString());
            }
        }
    }

    private static Attester tdx(TdxSimulator sim, byte[] mrConfigId) {
        return new Attester() {
            @Override
            public TeeType type() {
                return TeeType.TDX;
            }

            @Override
            public Evidence attest(byte[] rd) {
                return Evidence.of(TeeType.TDX, sim.quoteBuilder().reportData(rd).mrConfigId(mrConfigId).build());
            }
        };
    }

    private static Attester cca(CcaSimulator sim, byte[] rpv) {
        return new Attester() {
            @Override
            public TeeType type() {
                return TeeType.CCA;
            }

            @Override
            public Evidence attest(byte[] rd) {
                return Evidence.of(TeeType.CCA, sim.token(TokenSpec.builder().challenge(rd).personalizationValue(rpv)
                        .build()));
            }
        };
    }

    @Test
    void tdxMrConfigIdAndCcaPersonalizationValueBindInitData() throws Exception {
        TdxSimulator tdxSim = TdxSimulator.builder().build();
        CcaSimulator ccaSim = CcaSimulator.create();
        Path bundle = Files.write(dir.resolve("tdx-collateral.json"), tdxSim.collateralBundle());
        String cpak = "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder().encodeToString(
                ccaSim.cpakPublicKey().getEncoded()) + "\n-----END PUBLIC KEY-----\n";
        BackendAppraiser appraiser = new BackendAppraiser()
                .with(TeeType.TDX, VerifierConfiguration.builder().addTrustRoot(tdxSim.trustAnchors().roots().get(0)
                        .getEncoded()).addCollateral(bundle).offline(true).build())
                .with(TeeType.CCA, VerifierConfiguration.builder().addTrustRoot(cpak.getBytes(StandardCharsets.US_ASCII))
                        .offline(true).build());
        byte[] d384 = sha("SHA-384", TOML384);
        byte[] d512 = sha("SHA-512", TOML512);
        try (FakeKbs kbs = FakeKbs.builder(appraiser).resource("r/t/s", SECRET).start()) {
            for (Attester pod : List.of(tdx(tdxSim, d384), cca(ccaSim, d512))) {
                String toml = pod.type() == TeeType.TDX ? TOML384 : TOML512;
                try (SecretBytes s = KbsClient.builder(kbs.uri(), pod).initData(InitData.toml(toml)).build()
                        .getResource("r", "t", "s")) {
                    assertArrayEquals(SECRET, s.toByteArray(SecretAccess.INSECURE), pod.type().id());
                }
            }
            byte[] otherConfig = d384.clone();
            otherConfig[47] ^= 1;
            KbsException tdxWrong = assertThrows(KbsException.class, () -> KbsClient.builder(kbs.uri(),
                    tdx(tdxSim, otherConfig)).initData(InitData.toml(TOML384)).build().attest());
            assertEquals(FailureClass.VERIFICATION_FAILED, tdxWrong.failureClass());
            // CCA compares the digest as is: a SHA-384 digest never equals a 64-byte personalization value.
            KbsException ccaShort = assertThrows(KbsException.class, () -> KbsClient.builder(kbs.uri(),
                    cca(ccaSim, Arrays.copyOf(d384, 64))).initData(InitData.toml(TOML384)).build().attest());
            assertEquals(FailureClass.VERIFICATION_FAILED, ccaShort.failureClass());
            assertTrue(ccaShort.getMessage().contains("init data hash"), ccaShort.getMessage());
        }
    }
}
