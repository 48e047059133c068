package io.tee4j.tdx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.tee4j.core.CollateralUnavailableException;
import io.tee4j.core.RevocationUnavailableException;
import io.tee4j.core.VerificationFailedException;
import io.tee4j.core.collateral.CollateralSource;
import io.tee4j.core.collateral.FetchedCollateral;
import io.tee4j.core.crypto.Certificates;
import io.tee4j.json.Json;
import io.tee4j.tdx.abi.IntelTcbStatus;
import io.tee4j.tdx.collateral.IntelPcs;
import io.tee4j.tdx.collateral.QeIdentity;
import io.tee4j.tdx.collateral.TcbInfo;
import io.tee4j.tdx.collateral.TdxCollateral;
import io.tee4j.tdx.simulator.TdxSimulator;
import io.tee4j.tdx.validate.TdxPolicy;
import io.tee4j.tdx.verify.TdxVerifier;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * Issue 23, item 3: collateral verified once is shared by platforms seen for the first time, and
 * that sharing never lets through what a fresh verifier would refuse. Every input the warm shared
 * verdict lets a new platform skip (each collateral document's signed bytes and signature, each
 * certificate of both signing chains and of the quote's PCK CA and root, both CRLs) is flipped by
 * one bit, after the verdict is warm, and must still be refused by the same verifier instance.
 */
class FleetCollateralCacheTest {
    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    private static final TdxSimulator SIM = TdxSimulator.builder().clock(Collaterals.at(NOW)).build();
    private static final TdxSimulator SECOND = SIM.anotherPlatform(100);
    private static final TdxSimulator THIRD = SIM.anotherPlatform(101);
    private static final TdxPolicy POLICY = TdxPolicy.defaults();

    /** The parts of one collateral bundle, each as exact bytes, so a test can change one bit of one. */
    private static final class Parts {
        final Map<String, byte[]> bytes = new LinkedHashMap<>();

        Parts(byte[] bundle) throws Json.JsonException {
            Map<String, Object> m = Json.object(Json.parse(bundle), "$");
            HexFormat h = HexFormat.of();
            bytes.put("tcb_info", Json.string(m, "tcb_info", "$").getBytes(StandardCharsets.UTF_8));
            bytes.put("tcb_info_signature", h.parseHex(Json.string(m, "tcb_info_signature", "$")));
            bytes.put("tcb_info_issuer_chain", Json.string(m, "tcb_info_issuer_chain", "$")
                    .getBytes(StandardCharsets.US_ASCII));
            bytes.put("qe_identity", Json.string(m, "qe_identity", "$").getBytes(StandardCharsets.UTF_8));
            bytes.put("qe_identity_signature", h.parseHex(Json.string(m, "qe_identity_signature", "$")));
            bytes.put("qe_identity_issuer_chain", Json.string(m, "qe_identity_issuer_chain", "$")
                    .getBytes(StandardCharsets.US_ASCII));
            bytes.put("pck_crl", h.parseHex(Json.string(m, "pck_crl", "$")));
            bytes.put("root_ca_crl", h.parseHex(Json.string(m, "root_ca_crl", "$")));
        }

        /** These parts with one of them changed, served as Intel PCS would serve them. */
        Parts with(String part, UnaryOperator<byte[]> change) {
            Parts p = new Parts();
            p.bytes.putAll(bytes);
            p.bytes.put(part, change.apply(bytes.get(part).clone()));
            return p;
        }

        private Parts() {
        }

        TdxCollateral collateral() throws Exception {
            return TdxCollateral.builder()
                    .tcbInfo(TcbInfo.of(bytes.get("tcb_info"), bytes.get("tcb_info_signature")),
                            bytes.get("tcb_info_issuer_chain"))
                    .qeIdentity(QeIdentity.of(bytes.get("qe_identity"), bytes.get("qe_identity_signature")),
                            bytes.get("qe_identity_issuer_chain"))
                    .pckCrl(bytes.get("pck_crl")).rootCaCrl(bytes.get("root_ca_crl")).build();
        }

        FetchedCollateral serve(URI uri) throws CollateralUnavailableException {
            String u = uri.toString();
            if (u.contains("/tdx/certification/v4/tcb")) {
                return signedResponse("tcbInfo", "tcb_info", "TCB-Info-Issuer-Chain", uri);
            }
            if (u.contains("/qe/identity")) {
                return signedResponse("enclaveIdentity", "qe_identity", "SGX-Enclave-Identity-Issuer-Chain", uri);
            }
            if (u.contains("/pckcrl")) {
                return fetched(bytes.get("pck_crl"), Map.of(), uri);
            }
            if (u.equals(ROOT_CRL.toString())) {
                return fetched(bytes.get("root_ca_crl"), Map.of(), uri);
            }
            throw new CollateralUnavailableException("not served: " + uri, u, false);
        }

        private FetchedCollateral signedResponse(String member, String part, String header, URI uri) {
            byte[] text = bytes.get(part);
            byte[] sig = HexFormat.of().formatHex(bytes.get(part + "_signature")).getBytes(StandardCharsets.US_ASCII);
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            body.writeBytes(("{\"" + member + "\":").getBytes(StandardCharsets.US_ASCII));
            body.writeBytes(text);
            body.writeBytes(",\"signature\":\"".getBytes(StandardCharsets.US_ASCII));
            body.writeBytes(sig);
            body.writeBytes("\"}".getBytes(StandardCharsets.US_ASCII));
            String chain = URLEncoder.encode(new String(bytes.get(part + "_issuer_chain"), StandardCharsets.US_ASCII),
                    StandardCharsets.UTF_8);
            return fetched(body.toByteArray(), Map.of(header.toLowerCase(Locale.ROOT), List.of(chain)), uri);
        }

        private static FetchedCollateral fetched(byte[] body, Map<String, List<String>> headers, URI uri) {
            return new FetchedCollateral(body, headers, uri.toString(), NOW, null, false);
        }
    }

    private static final URI PCS = URI.create("https://pcs.test");
    private static final URI ROOT_CRL = URI.create("https://pcs.test/IntelSGXRootCA.der");

    /** A verifier fetching through a source that serves whatever {@code served} holds at the time. */
    private static TdxVerifier pcsVerifier(AtomicReference<Parts> served) {
        CollateralSource source = request -> served.get().serve(request.uri());
        return TdxVerifier.builder().trustAnchors(SIM.trustAnchors()).pcs(IntelPcs.at(PCS, ROOT_CRL, source))
                .clock(Collaterals.at(NOW.plusSeconds(60))).cacheSize(1).build();
    }

    private static TdxVerifier fleetVerifier(TdxSimulator anchorsOf, TdxCollateral collateral) {
        // One platform's own state only: every other platform is seen for the first time.
        return TdxVerifier.builder().trustAnchors(anchorsOf.trustAnchors()).collateral(collateral)
                .clock(Collaterals.at(NOW.plusSeconds(60))).cacheSize(1).build();
    }

    private static byte[] quote(TdxSimulator platform) {
        return platform.quote(new byte[64]);
    }

    /** Flips the lowest bit of the last byte: inside the signature value of a DER certificate or CRL. */
    private static byte[] flipLast(byte[] b) {
        b[b.length - 1] ^= 1;
        return b;
    }

    /** Flips one bit of the value of {@code "tcbEvaluationDataNumber":1x}: still JSON, no longer what was signed. */
    private static byte[] flipSignedText(byte[] json) {
        String s = new String(json, StandardCharsets.UTF_8);
        int i = s.indexOf("\"tcbEvaluationDataNumber\":") + "\"tcbEvaluationDataNumber\":".length();
        json[i] ^= 2; // '1' (0x31) becomes '3': a leading '0' would no longer be JSON
        return json;
    }

    /** The PEM chain with one bit of certificate {@code index}'s signature flipped. */
    private static UnaryOperator<byte[]> flipChainCertificate(int index) {
        return pem -> {
            try {
                List<X509Certificate> certs = Certificates.parseAll(pem);
                StringBuilder out = new StringBuilder();
                for (int i = 0; i < certs.size(); i++) {
                    X509Certificate c = certs.get(i);
                    out.append(Certificates.toPem(i == index ? Certificates.parseOne(flipLast(c.getEncoded())) : c));
                }
                return out.toString().getBytes(StandardCharsets.US_ASCII);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        };
    }

    @Test
    void aNewPlatformUnderVerifiedCollateralVerifiesAsAFreshVerifierWould() throws Exception {
        TdxCollateral collateral = new Parts(SIM.collateralBundle()).collateral();
        TdxVerifier v = fleetVerifier(SIM, collateral);
        for (TdxSimulator platform : List.of(SIM, SECOND, THIRD, SIM, SECOND)) {
            assertEquals(IntelTcbStatus.UP_TO_DATE, v.verify(quote(platform), POLICY).tcbEvaluation().status());
            assertEquals(IntelTcbStatus.UP_TO_DATE, fleetVerifier(SIM, collateral).verify(quote(platform), POLICY)
                    .tcbEvaluation().status());
        }
    }

    @Test
    void aOneBitFlipOfEverySharedCollateralInputIsRefusedWhileTheVerdictIsWarm() throws Exception {
        Parts genuine = new Parts(SIM.collateralBundle());
        Map<String, UnaryOperator<byte[]>> flips = new LinkedHashMap<>();
        flips.put("tcb_info", FleetCollateralCacheTest::flipSignedText);
        flips.put("tcb_info_signature", FleetCollateralCacheTest::flipLast);
        flips.put("qe_identity", FleetCollateralCacheTest::flipSignedText);
        flips.put("qe_identity_signature", FleetCollateralCacheTest::flipLast);
        flips.put("pck_crl", FleetCollateralCacheTest::flipLast);
        flips.put("root_ca_crl", FleetCollateralCacheTest::flipLast);
        for (int i = 0; i < 2; i++) {
            flips.put("tcb_info_issuer_chain#" + i, flipChainCertificate(i));
            flips.put("qe_identity_issuer_chain#" + i, flipChainCertificate(i));
        }
        AtomicReference<Parts> served = new AtomicReference<>(genuine);
        TdxVerifier v = pcsVerifier(served);
        List<String> refused = new ArrayList<>();
        for (Map.Entry<String, UnaryOperator<byte[]>> f : flips.entrySet()) {
            // The shared verdict on the genuine collateral is warm (another platform just used it) ...
            served.set(genuine);
            assertEquals(IntelTcbStatus.UP_TO_DATE, v.verify(quote(SIM), POLICY).tcbEvaluation().status());
            // ... and a new platform whose collateral differs from it in one bit is refused by the same instance.
            served.set(genuine.with(f.getKey().replaceAll("#.*", ""), f.getValue()));
            VerificationFailedException e = assertThrows(VerificationFailedException.class,
                    () -> v.verify(quote(SECOND), POLICY), f.getKey());
            refused.add(f.getKey() + " " + e.reason());
        }
        assertEquals(flips.size(), refused.size(), refused.toString());
    }

    @Test
    void aOneBitFlipOfThePckCaOrRootInTheQuoteIsRefusedWhileTheVerdictIsWarm() throws Exception {
        TdxVerifier v = fleetVerifier(SIM, SIM.collateral());
        v.verify(quote(SIM), POLICY);
        byte[] q = quote(SECOND);
        String text = new String(q, StandardCharsets.ISO_8859_1);
        for (int i = 1; i < 3; i++) {
            X509Certificate c = SECOND.pckChain().get(i);
            String pem = Certificates.toPem(c);
            String flipped = Certificates.toPem(Certificates.parseOne(flipLast(c.getEncoded())));
            assertEquals(pem.length(), flipped.length());
            int at = text.indexOf(pem);
            byte[] changed = q.clone();
            System.arraycopy(flipped.getBytes(StandardCharsets.US_ASCII), 0, changed, at, pem.length());
            VerificationFailedException e = assertThrows(VerificationFailedException.class,
                    () -> v.verify(changed, POLICY), "certificate " + i);
            assertEquals(VerificationFailedException.Reason.CERTIFICATE_CHAIN, e.reason());
            assertEquals(IntelTcbStatus.UP_TO_DATE, v.verify(quote(THIRD), POLICY).tcbEvaluation().status());
        }
    }

    @Test
    void aCachedDocumentOutsideItsWindowIsRefused() throws Exception {
        TdxVerifier v = fleetVerifier(SIM, SIM.collateral());
        v.verify(quote(SIM), POLICY);
        byte[] q = quote(SECOND);
        // TCB info and QE identity are issued at NOW for 30 days; the certificates last 180 days.
        assertThrows(CollateralUnavailableException.class,
                () -> v.verify(io.tee4j.tdx.abi.TdxQuote.parse(q), POLICY, NOW.plus(Duration.ofDays(30))));
        assertThrows(CollateralUnavailableException.class,
                () -> v.verify(io.tee4j.tdx.abi.TdxQuote.parse(q), POLICY, NOW.minusSeconds(1)));
        assertEquals(IntelTcbStatus.UP_TO_DATE, v.verify(q, POLICY).tcbEvaluation().status());
    }

    @Test
    void aCachedPckCrlPastItsNextUpdateIsRevocationUnavailableForANewPlatform() throws Exception {
        byte[] shortPckCrl = SIM.pckCrl(NOW.minus(Duration.ofHours(1)), NOW.plus(Duration.ofDays(1)));
        TdxCollateral c = TdxCollateral.fromBundle(SIM.collateralBundle(shortPckCrl, SIM.rootCaCrl()));
        TdxVerifier v = fleetVerifier(SIM, c);
        v.verify(quote(SIM), POLICY);
        assertThrows(RevocationUnavailableException.class, () -> v.verify(
                io.tee4j.tdx.abi.TdxQuote.parse(quote(SECOND)), POLICY, NOW.plus(Duration.ofDays(2))));
    }

    @Test
    void aNewPlatformListedInTheSharedPckCrlIsRevoked() throws Exception {
        BigInteger second = SECOND.pckChain().get(0).getSerialNumber();
        byte[] pckCrl = SIM.pckCrl(NOW.minus(Duration.ofHours(1)), NOW.plus(Duration.ofDays(30)), second);
        TdxCollateral c = TdxCollateral.fromBundle(SIM.collateralBundle(pckCrl, SIM.rootCaCrl()));
        TdxVerifier v = fleetVerifier(SIM, c);
        v.verify(quote(SIM), POLICY);
        VerificationFailedException e = assertThrows(VerificationFailedException.class,
                () -> v.verify(quote(SECOND), POLICY));
        assertEquals(VerificationFailedException.Reason.REVOKED, e.reason());
        assertEquals(IntelTcbStatus.UP_TO_DATE, v.verify(quote(THIRD), POLICY).tcbEvaluation().status());
    }

    @Test
    void verifiersWithDifferentTrustAnchorsShareNoVerdict() throws Exception {
        TdxSimulator other = TdxSimulator.builder().clock(Collaterals.at(NOW)).build();
        TdxCollateral c = SIM.collateral();
        TdxVerifier trusting = fleetVerifier(SIM, c);
        trusting.verify(quote(SIM), POLICY);
        TdxVerifier elsewhere = fleetVerifier(other, c);
        VerificationFailedException e = assertThrows(VerificationFailedException.class,
                () -> elsewhere.verify(quote(SECOND), POLICY));
        assertEquals(VerificationFailedException.Reason.CERTIFICATE_CHAIN, e.reason());
        assertEquals(IntelTcbStatus.UP_TO_DATE, trusting.verify(quote(SECOND), POLICY).tcbEvaluation().status());
    }
}
