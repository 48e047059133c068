package io.tee4j.tdx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tee4j.core.AttestationResult;
import io.tee4j.core.Claims;
import io.tee4j.core.CollateralUnavailableException;
import io.tee4j.core.Evidence;
import io.tee4j.core.MalformedEvidenceException;
import io.tee4j.core.PolicyDocument;
import io.tee4j.core.PolicyFormatException;
import io.tee4j.core.PolicyViolationException;
import io.tee4j.core.RevocationMode;
import io.tee4j.core.TcbStatus;
import io.tee4j.core.TeeType;
import io.tee4j.core.spi.TeeBackend;
import io.tee4j.core.spi.VerificationRequest;
import io.tee4j.tdx.internal.TdxBackend;
import io.tee4j.tdx.validate.TdxPolicy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TdxBackendTest {
    @TempDir
    Path dir;

    private Path file(String vector) throws Exception {
        Path p = dir.resolve(vector.replace('/', '_'));
        Files.write(p, Vectors.bytes(vector));
        return p;
    }

    @Test
    void registeredThroughServiceLoader() {
        boolean found = false;
        for (TeeBackend b : ServiceLoader.load(TeeBackend.class)) {
            found |= b.type() == TeeType.TDX && b instanceof TdxBackend;
        }
        assertTrue(found);
    }

    @Test
    void readAndDescribe() throws Exception {
        TdxBackend b = new TdxBackend();
        Evidence e = b.readEvidence(Vectors.quote(Vectors.V5_SAMPLE));
        Claims c = b.describe(e);
        Claims q = (Claims) c.get("quote");
        assertEquals(5, q.get("version"));
        assertEquals(3, q.get("bodyType"));
        assertTrue(q.get("pckUnverified") instanceof Claims);
        assertThrows(MalformedEvidenceException.class, () -> b.readEvidence(new byte[10]));
    }

    @Test
    void verifyWithBundleFile() throws Exception {
        VerificationRequest r = VerificationRequest.builder().clock(Collaterals.at(Collaterals.PHALA_AT))
                .addCollateral(file("phala-dcap-qvl/tdx_quote_collateral.json")).offline(true).build();
        AttestationResult res = new TdxBackend().verify(Evidence.of(TeeType.TDX, Vectors.quote(Vectors.PHALA)), r);
        assertEquals(TcbStatus.UP_TO_DATE, res.commonClaims().tcbStatus());
    }

    @Test
    void verifyWithSeparateFilesAndPolicyDocument() throws Exception {
        VerificationRequest.Builder r = VerificationRequest.builder().clock(Collaterals.at(Collaterals.TRUSTEE_AT))
                .addCollateral(file("trustee/tcbInfo.json")).addCollateral(file("trustee/enclaveIdentity.json"))
                .addCollateral(file("phala-dcap-qvl/tcb_signing_issuer_chain_2025-2032.pem"))
                .revocationMode(RevocationMode.SKIP_INSECURE).offline(true);
        Evidence ev = Evidence.of(TeeType.TDX, Vectors.quote(Vectors.TRUSTEE_6));
        assertThrows(PolicyViolationException.class, () -> new TdxBackend().verify(ev, r.build()));
        r.policy(PolicyDocument.of(Map.of("acceptedTcbStatuses", List.of("UpToDate", "OutOfDate"))));
        AttestationResult res = new TdxBackend().verify(ev, r.build());
        assertEquals(TcbStatus.OUT_OF_DATE, res.commonClaims().tcbStatus());
        assertEquals(1, res.warnings().size());
    }

    @Test
    void verifyWithCollateralDirectory() throws Exception {
        // The whole go-tdx-guest vector folder: two TCB infos, two PEM chains, quotes beside them.
        Path d = Files.createDirectory(dir.resolve("gtg"));
        for (String f : new String[] {"sample_tcbInfo_response", "sample_tcbinfo_response_v5",
            "sample_qeIdentity_response", "pck_platform_crl_issuer_chain.pem", "tcb_signing_issuer_chain_2018-2025.pem",
            "pckcrl", "rootcrl.der", "quote_v5_sample.dat", "tdx_prod_quote_SPR_E4.dat"}) {
            Files.write(d.resolve(f), Vectors.bytes("go-tdx-guest/" + f));
        }
        VerificationRequest r = VerificationRequest.builder().clock(Collaterals.at(Collaterals.GTG_AT))
                .addCollateral(d).offline(true).build();
        AttestationResult res = new TdxBackend().verify(Evidence.of(TeeType.TDX, Vectors.quote(Vectors.TRUSTEE_4)),
                VerificationRequest.builder().clock(Collaterals.at(Collaterals.GTG_AT)).addCollateral(d).offline(true)
                        .policy(PolicyDocument.of(Map.of("allowDebug", true))).build());
        assertEquals(TcbStatus.UP_TO_DATE, res.commonClaims().tcbStatus());
        assertTrue(res.warnings().isEmpty());
        assertThrows(PolicyViolationException.class, () -> new TdxBackend().verify(
                Evidence.of(TeeType.TDX, Vectors.quote(Vectors.TRUSTEE_4)), r));
    }

    @Test
    void offlineWithoutCollateralIsUnavailable() {
        VerificationRequest r = VerificationRequest.builder().clock(Collaterals.at(Collaterals.PHALA_AT)).offline(true)
                .build();
        assertThrows(CollateralUnavailableException.class,
                () -> new TdxBackend().verify(Evidence.of(TeeType.TDX, Vectors.quote(Vectors.PHALA)), r));
    }

    @Test
    void policyDocumentReadsEveryOption() throws Exception {
        String h48 = "00".repeat(48);
        Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("acceptedTcbStatuses", List.of("UpToDate", "SWHardeningNeeded", "TDRelaunchAdvised"));
        m.put("allowDebug", false);
        m.put("mrtd", List.of(h48));
        m.put("mrseam", List.of(h48));
        m.put("rtmr0", h48);
        m.put("rtmr1", h48);
        m.put("rtmr2", h48);
        m.put("rtmr3", h48);
        m.put("mrConfigId", h48);
        m.put("mrOwner", h48);
        m.put("mrOwnerConfig", h48);
        m.put("xfam", Map.of("value", "0x602e7", "mask", "0xffffffff"));
        m.put("tdAttributes", Map.of("value", 0, "mask", "0x1"));
        m.put("minimumTeeTcbSvn", "00".repeat(16));
        m.put("minimumQeSvn", 4);
        m.put("minimumPceSvn", 11);
        m.put("reportData", "00".repeat(64));
        m.put("qeVendorId", "939a7233f79c4ca9940a0db3957f0607");
        m.put("minimumTcbEvaluationDataNumber", 17);
        m.put("rejectedAdvisoryIds", List.of("INTEL-SA-00837"));
        TdxPolicy p = TdxPolicy.fromDocument(PolicyDocument.of(m));
        assertEquals(3, p.acceptedTcbStatuses().size());
        m.put("mrtdd", List.of(h48));
        assertThrows(PolicyFormatException.class, () -> TdxPolicy.fromDocument(PolicyDocument.of(m)));
        assertThrows(PolicyFormatException.class, () -> TdxPolicy.fromDocument(PolicyDocument.of(
                Map.of("acceptedTcbStatuses", List.of("Revoked")))));
        assertThrows(PolicyFormatException.class, () -> TdxPolicy.fromDocument(PolicyDocument.of(
                Map.of("acceptedTcbStatuses", List.of("uptodate")))));
        assertThrows(PolicyFormatException.class, () -> TdxPolicy.fromDocument(PolicyDocument.of(
                Map.of("xfam", Map.of("value", 1, "extra", 2)))));
    }
}
