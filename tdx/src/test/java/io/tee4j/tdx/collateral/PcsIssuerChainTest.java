package io.tee4j.tdx.collateral;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tee4j.core.AttestationResult;
import io.tee4j.core.Evidence;
import io.tee4j.core.FailureClass;
import io.tee4j.core.MalformedEvidenceException;
import io.tee4j.core.PolicyDocument;
import io.tee4j.core.TcbStatus;
import io.tee4j.core.TeeType;
import io.tee4j.core.spi.VerificationRequest;
import io.tee4j.tdx.Collaterals;
import io.tee4j.tdx.Vectors;
import io.tee4j.tdx.internal.TdxBackend;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Intel PCS issuer-chain headers stored verbatim (percent-encoded PEM) are collateral like the PEM
 * they encode (issue 16; vectors ../shared/vectors/wrapped/intel-pcs). Before, such a file was
 * "unrecognised collateral" (exit 3); a malformed one is malformed input (exit 6), not missing collateral.
 */
class PcsIssuerChainTest {
    private static final String TCB_HEADER = "intel-pcs/go-tdx-guest-TCB-Info-Issuer-Chain.urlencoded.txt";
    private static final String CRL_HEADER = "intel-pcs/go-tdx-guest-SGX-PCK-CRL-Issuer-Chain.urlencoded.txt";

    @TempDir
    Path dir;

    @Test
    void headerValuesDecodeToThePemTheyCarry() throws Exception {
        assertTrue(PcsIssuerChain.isPercentEncoded(Vectors.bytes(TCB_HEADER)));
        assertArrayEquals(Vectors.bytes("go-tdx-guest/tcb_signing_issuer_chain_2018-2025.pem"),
                PcsIssuerChain.decode(Vectors.bytes(TCB_HEADER), "t"));
        assertArrayEquals(Vectors.bytes("go-tdx-guest/pck_platform_crl_issuer_chain.pem"),
                PcsIssuerChain.decode(Vectors.bytes(CRL_HEADER), "t"));
        assertFalse(PcsIssuerChain.isPercentEncoded(Vectors.bytes("go-tdx-guest/pck_platform_crl_issuer_chain.pem")));
    }

    @Test
    void aQuoteVerifiesWithTheHeaderFormInsteadOfThePem() throws Exception {
        Files.write(dir.resolve("tcb.json"), Vectors.bytes("go-tdx-guest/sample_tcbInfo_response"));
        Files.write(dir.resolve("qe.json"), Vectors.bytes("go-tdx-guest/sample_qeIdentity_response"));
        Files.write(dir.resolve("tcb-chain.txt"), Vectors.bytes(TCB_HEADER));
        Files.write(dir.resolve("crl-chain.txt"), Vectors.bytes(CRL_HEADER));
        Files.write(dir.resolve("pckcrl"), Vectors.bytes("go-tdx-guest/pckcrl"));
        Files.write(dir.resolve("rootcrl.der"), Vectors.bytes("go-tdx-guest/rootcrl.der"));
        AttestationResult res = new TdxBackend().verify(Evidence.of(TeeType.TDX, Vectors.quote(Vectors.TRUSTEE_4)),
                VerificationRequest.builder().clock(Collaterals.at(Collaterals.GTG_AT)).addCollateral(dir)
                        .offline(true).policy(PolicyDocument.of(Map.of("allowDebug", true))).build());
        assertEquals(TcbStatus.UP_TO_DATE, res.commonClaims().tcbStatus());
    }

    @Test
    void aMalformedHeaderValueIsMalformedNotUnavailable() throws Exception {
        String good = new String(Vectors.bytes(TCB_HEADER), StandardCharsets.US_ASCII);
        for (String bad : new String[] {good.replaceFirst("%0A", "%0G"), good.substring(0, good.length() - 1) + "%",
            good.replace("%2B", "+").replace("MII", "M I"), good.replace("END%20CERTIFICATE", "END%20CERTIFICATX")}) {
            Path f = Files.writeString(dir.resolve("chain.txt"), bad);
            MalformedEvidenceException e = assertThrows(MalformedEvidenceException.class,
                    () -> TdxCollateralFiles.read(java.util.List.of(f)), bad.substring(0, 60));
            assertEquals(FailureClass.MALFORMED_EVIDENCE, e.failureClass());
            assertTrue(e.getMessage().contains("chain.txt"), e.getMessage());
        }
    }
}
