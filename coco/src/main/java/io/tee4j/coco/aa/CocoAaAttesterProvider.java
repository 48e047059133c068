package io.tee4j.coco.aa;

import io.tee4j.core.AttestationException;
import io.tee4j.core.AttesterProvider;
import io.tee4j.core.TeeType;
import io.tee4j.core.TeeUnavailableException;
import java.net.URI;
import java.time.Duration;
import java.util.List;

/**
 * Finds the CoCo attestation agent: {@code GET /info} on 127.0.0.1:8006 (or the loopback URI in
 * the environment variable {@code TEE4J_COCO_AA_URL}, for tests), with a short timeout. Available
 * only when the API serves {@code /aa/*} (feature {@code attestation} or {@code all}); a pod with
 * the default {@code resource} feature is reported with the kernel parameter that enables it.
 */
public final class CocoAaAttesterProvider implements AttesterProvider {
    static final String URL_ENV = "TEE4J_COCO_AA_URL";
    private static final Duration PROBE_TIMEOUT = Duration.ofMillis(500);

    @Override
    public TeeType type() {
        return TeeType.COCO_AA;
    }

    @Override
    public Probe probe() {
        AaApiClient client;
        try {
            client = client(PROBE_TIMEOUT);
        } catch (IllegalArgumentException e) {
            return new Probe(false, List.of(URL_ENV + ": " + e.getMessage()), "");
        }
        try {
            AaInfo info = client.info();
            String found = "attestation agent API: version " + info.version() + ", feature " + info.feature()
                    + info.tee().map(t -> ", tee " + t).orElse("");
            if (!info.attestationEnabled()) {
                return new Probe(false, List.of(found), AaApiClient.FEATURE_HINT);
            }
            return new Probe(true, List.of(found), "");
        } catch (AttestationException e) {
            return new Probe(false, List.of(e.getMessage()), "");
        }
    }

    @Override
    public CocoAaAttester create() throws TeeUnavailableException {
        try {
            return new CocoAaAttester(client(Duration.ofSeconds(60)));
        } catch (IllegalArgumentException e) {
            throw new TeeUnavailableException(URL_ENV + ": " + e.getMessage());
        }
    }

    static AaApiClient client(Duration timeout) {
        String url = System.getenv(URL_ENV);
        return url == null || url.isEmpty() ? AaApiClient.at(AaApiClient.DEFAULT_BASE, timeout)
                : AaApiClient.at(URI.create(url), timeout);
    }
}
