package io.tee4j.tdx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.tee4j.core.CollateralUnavailableException;
import io.tee4j.core.collateral.CollateralKind;
import io.tee4j.core.collateral.CollateralRequest;
import io.tee4j.core.collateral.CollateralSource;
import io.tee4j.core.collateral.FetchedCollateral;
import io.tee4j.tdx.abi.IntelTcbStatus;
import io.tee4j.tdx.collateral.IntelPcs;
import io.tee4j.tdx.simulator.FakePcs;
import io.tee4j.tdx.simulator.TdxSimulator;
import io.tee4j.tdx.validate.TdxPolicy;
import io.tee4j.tdx.verify.TdxAttestationResult;
import io.tee4j.tdx.verify.TdxVerifier;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

class IntelPcsTest {
    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

    /** A minimal HTTP source for this test (core's bounded HTTP source lives on another branch). */
    static final class HttpSource implements CollateralSource {
        final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        final List<CollateralRequest> seen = new ArrayList<>();

        @Override
        public FetchedCollateral fetch(CollateralRequest request) throws CollateralUnavailableException {
            seen.add(request);
            try {
                HttpResponse<byte[]> r = client.send(HttpRequest.newBuilder(request.uri()).timeout(Duration.ofSeconds(5))
                        .build(), HttpResponse.BodyHandlers.ofByteArray());
                if (r.statusCode() != 200) {
                    throw new CollateralUnavailableException("HTTP " + r.statusCode(), request.uri().toString(),
                            false);
                }
                Map<String, List<String>> headers = new HashMap<>();
                r.headers().map().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), v));
                Instant next = request.freshness().isPresent()
                        ? request.freshness().get().nextUpdate(r.body(), headers).orElse(null) : null;
                return new FetchedCollateral(r.body(), headers, request.uri().toString(), NOW, next, false);
            } catch (java.io.IOException | InterruptedException e) {
                throw new CollateralUnavailableException(e.toString(), request.uri().toString(), true, e);
            }
        }
    }

    @Test
    void urlsOfIntelPcs() {
        IntelPcs pcs = IntelPcs.intel(CollateralSource.none());
        assertEquals("https://api.trustedservices.intel.com/tdx/certification/v4/tcb?fmspc=B0C06F000000",
                pcs.tcbInfoUri(HexFormat.of().parseHex("b0c06f000000")).toString());
        assertEquals("https://api.trustedservices.intel.com/tdx/certification/v4/qe/identity",
                pcs.qeIdentityUri().toString());
        assertEquals("https://api.trustedservices.intel.com/sgx/certification/v4/pckcrl?ca=processor&encoding=der",
                pcs.pckCrlUri("processor").toString());
        assertEquals("https://certificates.trustedservices.intel.com/IntelSGXRootCA.der", pcs.rootCaCrlUri().toString());
        IntelPcs pccs = IntelPcs.at(URI.create("https://pccs.example:8081/"), IntelPcs.INTEL_ROOT_CA_CRL,
                CollateralSource.none()).withUpdate("early");
        assertEquals("https://pccs.example:8081/tdx/certification/v4/tcb?fmspc=00906ED50000&update=early",
                pccs.tcbInfoUri(HexFormat.of().parseHex("00906ed50000")).toString());
    }

    @Test
    void verifiesWithCollateralFetchedFromFakePcs() throws Exception {
        TdxSimulator sim = TdxSimulator.builder().clock(Collaterals.at(NOW)).build();
        byte[] fmspc = HexFormat.of().parseHex("00906ed50000");
        try (FakePcs pcs = FakePcs.start(sim, fmspc)) {
            HttpSource source = new HttpSource();
            TdxVerifier v = TdxVerifier.builder().trustAnchors(sim.trustAnchors())
                    .pcs(IntelPcs.at(pcs.baseUri(), pcs.rootCaCrlUri(), source)).clock(Collaterals.at(NOW)).build();
            TdxAttestationResult r = v.verify(sim.quote(new byte[64]), TdxPolicy.defaults());
            assertEquals(IntelTcbStatus.UP_TO_DATE, r.tcbEvaluation().status());
            assertEquals(4, pcs.requests());
            assertEquals(CollateralKind.TCB_INFO, source.seen.get(0).kind());
            assertEquals(CollateralKind.CRL, source.seen.get(2).kind());
            v.verify(sim.quote(new byte[64]), TdxPolicy.defaults());
            assertEquals(8, pcs.requests());
        }
    }

    @Test
    void freshnessReadersReadNextUpdate() throws Exception {
        assertEquals(Instant.parse("2025-11-26T13:07:17Z"), IntelPcs.JSON_FRESHNESS.nextUpdate(
                Vectors.bytes("trustee/tcbInfo.json"), Map.of()).orElseThrow());
        assertEquals(Instant.parse("2025-11-27T06:45:09Z"), IntelPcs.JSON_FRESHNESS.nextUpdate(
                Vectors.bytes("trustee/enclaveIdentity.json"), Map.of()).orElseThrow());
        assertEquals(Instant.parse("2023-07-08T07:27:52Z"), IntelPcs.CRL_FRESHNESS.nextUpdate(
                Vectors.bytes("go-tdx-guest/pckcrl"), Map.of()).orElseThrow());
        assertThrows(CollateralUnavailableException.class,
                () -> IntelPcs.JSON_FRESHNESS.nextUpdate(new byte[] {'{', '}'}, Map.of()));
    }

    @Test
    void missingIssuerChainHeaderIsUnavailable() throws Exception {
        TdxSimulator sim = TdxSimulator.builder().clock(Collaterals.at(NOW)).build();
        CollateralSource noHeaders = req -> new FetchedCollateral(
                req.kind() == CollateralKind.TCB_INFO ? (req.uri().getPath().endsWith("tcb") ? sim.tcbInfoResponse()
                        : sim.qeIdentityResponse()) : sim.pckCrl(), Map.of(), req.uri().toString(), NOW, null, false);
        TdxVerifier v = TdxVerifier.builder().trustAnchors(sim.trustAnchors())
                .pcs(IntelPcs.intel(noHeaders)).clock(Collaterals.at(NOW)).build();
        assertThrows(CollateralUnavailableException.class, () -> v.verify(sim.quote(new byte[64]),
                TdxPolicy.defaults()));
    }
}
