package io.tee4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.tee4j.core.AttestationException;
import io.tee4j.core.CollateralUnavailableException;
import io.tee4j.core.FailureClass;
import io.tee4j.core.RevocationUnavailableException;
import java.io.IOException;
import java.net.ConnectException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What {@link SafeMessages} lets a sidecar client read. */
class SafeMessagesTest {
    private final Path dir = Path.of("/srv/tee4j/collateral");
    private final SafeMessages messages = new SafeMessages(List.of(dir, Path.of("/srv/tee4j/collateral/tdx.json"),
            Path.of("rel/pccs.json"), Path.of("a")));

    @Test
    void serverPathsAreReplacedInMessageFieldsOnly() throws IOException {
        JsonNode reply = Json.MAPPER.readTree("{\"error\":\"cannot read /srv/tee4j/collateral/tdx.json: no\","
                + "\"warnings\":[\"stale CRL in /srv/tee4j/collateral/x.crl\",\"from rel/pccs.json\"],"
                + "\"submods\":{\"x\":{\"ear.veraison.annotated-evidence\":{\"error\":\"bad rel/pccs.json\"}}},"
                + "\"evidence\":\"/srv/tee4j/collateral\",\"tee\":\"a\"}");
        messages.scrub(reply);
        assertEquals("cannot read [server path]: no", reply.path("error").asText());
        assertEquals("stale CRL in [server path]/x.crl", reply.path("warnings").get(0).asText());
        assertEquals("from [server path]", reply.path("warnings").get(1).asText());
        assertEquals("bad [server path]", reply.at("/submods/x/ear.veraison.annotated-evidence/error").asText());
        assertEquals("/srv/tee4j/collateral", reply.path("evidence").asText(), "not a message field");
        assertEquals("a", reply.path("tee").asText(), "a one-letter path is not replaced in words");
    }

    @Test
    void aFailureThatInvolvedAFetchIsToldAsItsClassOnly() {
        CollateralUnavailableException refused = new CollateralUnavailableException(
                "GET https://kdsintf.amd.com/vcek failed: ConnectException", "https://kdsintf.amd.com/vcek", true,
                new ConnectException("Connection refused"));
        AttestationException told = messages.forClient(refused, false, false);
        assertEquals(FailureClass.COLLATERAL_UNAVAILABLE, told.failureClass());
        assertEquals("collateral this evidence needs is not available: the vendor service did not provide it; "
                + "retry later (the sidecar logs the cause)", told.getMessage());
        AttestationException wrapped = messages.forClient(new RevocationUnavailableException(
                "no OCSP answer from http://10.0.0.1:22/: timed out", refused), true, false);
        assertEquals(FailureClass.REVOCATION_UNAVAILABLE, wrapped.failureClass());
        assertTrue(wrapped.getMessage().contains("noRevocationCheck"), wrapped.getMessage());
        assertTrue(!wrapped.getMessage().contains("10.0.0.1") && !wrapped.getMessage().contains("timed out"));
    }

    @Test
    void aFailureFromFactsAloneKeepsItsAdvice() {
        CollateralUnavailableException advice = new CollateralUnavailableException(
                "no VCEK certificate came with the evidence: pass the VCEK", null, false);
        assertSame(advice, messages.forClient(advice, false, true));
    }
}
