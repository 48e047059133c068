package io.tee4j.coco.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tee4j.coco.aa.AaApiClient;
import io.tee4j.coco.kbs.KbsClient;
import io.tee4j.coco.token.VeraisonKeys;
import io.tee4j.core.Attester;
import io.tee4j.core.Evidence;
import io.tee4j.core.TeeType;
import java.net.InetAddress;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Plain http only to loopback by the URL's text, and the connection pinned to that literal: a name that
 * resolves to loopback now (this machine's host name, from its hosts file) is refused by every client,
 * since the same name may resolve elsewhere when the request is made (DNS rebinding).
 */
class LoopbackHostsTest {
    private static final Attester SNP = new Attester() {
        @Override
        public TeeType type() {
            return TeeType.SEV_SNP;
        }

        @Override
        public Evidence attest(byte[] reportData) {
            throw new UnsupportedOperationException();
        }
    };

    @Test
    void loopbackIsDecidedByTextAlone() {
        assertEquals(Optional.of("127.0.0.1"), LoopbackHosts.literal("LocalHost"));
        assertEquals(Optional.of("127.1.2.254"), LoopbackHosts.literal("127.1.2.254"));
        assertEquals(Optional.of("[::1]"), LoopbackHosts.literal("[::1]"));
        for (String h : new String[] {"127.0.0.256", "127.0.0", "127.0.0.1.", "128.0.0.1", "0x7f.0.0.1", "127.1",
            "localhost.", "[::ffff:127.0.0.1]", "", "kbs.example"}) {
            assertFalse(LoopbackHosts.isLoopback(h), h);
        }
        assertFalse(LoopbackHosts.isLoopback(null));
        assertEquals(URI.create("http://127.0.0.1:8006/cdh/x?y=1"),
                LoopbackHosts.pinned(URI.create("http://localhost:8006/cdh/x?y=1")));
        assertEquals(URI.create("http://[::1]:80"), LoopbackHosts.pinned(URI.create("http://[::1]:80")));
    }

    @Test
    void aNameThatResolvesToLoopbackIsNotLoopback() throws Exception {
        String name = InetAddress.getLocalHost().getHostName();
        Assumptions.assumeTrue(!name.equalsIgnoreCase("localhost") && InetAddress.getByName(name).isLoopbackAddress(),
                "needs a host name (not localhost) that resolves to loopback");
        URI byName = URI.create("http://" + name + ":8006");
        assertThrows(IllegalArgumentException.class, () -> AaApiClient.at(byName, Duration.ofSeconds(1)));
        assertThrows(IllegalArgumentException.class, () -> VeraisonKeys.fetch(byName.resolve("/.well-known/x"),
                Duration.ofSeconds(1)));
        assertThrows(IllegalArgumentException.class, () -> KbsClient.builder(byName, SNP));
        assertTrue(LoopbackHosts.isLoopback("localhost"));
    }
}
