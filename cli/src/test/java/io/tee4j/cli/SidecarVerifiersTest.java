package io.tee4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tee4j.core.RevocationMode;
import io.tee4j.core.TeeType;
import io.tee4j.core.spi.PreparedVerifier;
import io.tee4j.core.spi.TeeBackend;
import io.tee4j.snp.verify.SnpTrustAnchors;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sidecar keeps one prepared verifier per configuration for the life of the process: repeated
 * requests are served by the same warm verifier, and client-supplied root sets are kept in an LRU
 * that stays bounded however many distinct sets clients send.
 */
class SidecarVerifiersTest {
    @TempDir
    Path dir;
    private Sidecar sidecar;
    private String snpRequest;
    private String tdxRequest;

    @BeforeEach
    void start() throws Exception {
        Path tdxCollateral = Files.write(dir.resolve("collateral.json"), DemoSamples.resource("tdx/collateral.json"));
        Sidecar.Config config = new Sidecar.Config(InetAddress.getLoopbackAddress(), 0, 1 << 20, 2, 4, null,
                true, false, List.of(), Map.of(TeeType.TDX, List.of(tdxCollateral)), Clock.systemUTC(),
                type -> null, null, dir.resolve("cache"));
        sidecar = new Sidecar(config);
        snpRequest = SidecarLoadTest.genoaSnpRequest();
        tdxRequest = "{\"tee\":\"tdx\",\"evidence\":\"" + SidecarLoadTest.b64(DemoSamples.resource("tdx/quote.dat"))
                + "\",\"at\":\"2025-07-04T10:24:00Z\"}";
    }

    @AfterEach
    void stop() {
        sidecar.close();
    }

    private boolean verified(String body) throws Exception {
        Sidecar.Reply r = sidecar.verifyReply(body.getBytes(StandardCharsets.UTF_8));
        assertEquals(200, r.status(), r.body().toString());
        return r.body().path("verified").asBoolean();
    }

    @Test
    void repeatedRequestsAreServedByTheSameWarmVerifier() throws Exception {
        for (int i = 0; i < 5; i++) {
            assertTrue(verified(snpRequest));
            assertTrue(verified(tdxRequest));
        }
        // One preparation per configuration (SNP without revocation, TDX with), not one per request.
        assertEquals(2, sidecar.verifiers().preparations());
        TeeBackend snp = Backends.all().get(TeeType.SEV_SNP);
        PreparedVerifier first = sidecar.verifiers().forRequest(snp, RevocationMode.SKIP_INSECURE, List.of(), List.of());
        assertSame(first, sidecar.verifiers().forRequest(snp, RevocationMode.SKIP_INSECURE, List.of(), List.of()));
        assertEquals(2, sidecar.verifiers().preparations());
    }

    @Test
    void clientRootSetsAreKeptInABoundedLru() throws Exception {
        String roots = pem("roots/genoa_ark.pem") + pem("roots/genoa_ask.pem");
        int sets = 40;
        for (int i = 0; i < sets; i++) {
            assertTrue(verified(withRoots(roots + "client root set " + i + "\n")), "set " + i);
        }
        assertEquals(sets, sidecar.verifiers().preparations());
        assertEquals(SidecarVerifiers.MAX_CLIENT_ROOT_SETS, sidecar.verifiers().clientRootSets());
        // The most recent set is still warm; the first was evicted and is prepared again.
        assertTrue(verified(withRoots(roots + "client root set " + (sets - 1) + "\n")));
        assertEquals(sets, sidecar.verifiers().preparations());
        assertTrue(verified(withRoots(roots + "client root set 0\n")));
        assertEquals(sets + 1, sidecar.verifiers().preparations());
        assertEquals(SidecarVerifiers.MAX_CLIENT_ROOT_SETS, sidecar.verifiers().clientRootSets());
    }

    private String withRoots(String pem) throws Exception {
        ObjectNode req = (ObjectNode) Json.MAPPER.readTree(snpRequest);
        req.putArray("trustRoots").add(SidecarLoadTest.b64(pem.getBytes(StandardCharsets.US_ASCII)));
        return Json.MAPPER.writeValueAsString(req);
    }

    private static String pem(String resource) throws Exception {
        try (InputStream in = SnpTrustAnchors.class.getResourceAsStream(resource)) {
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        }
    }
}
