package io.tee4j.coco.aa;

import java.util.List;
import java.util.Optional;

/**
 * What {@code GET /info} of the CoCo guest-components REST API says: its version, the pod's TEE
 * (when the attestation agent knows it), additional TEEs (e.g. a GPU) and the enabled feature
 * ({@code resource}, {@code attestation} or {@code all}). Read as reported; nothing is verified.
 *
 * @param version the API server's version
 * @param tee the TEE the attestation agent found, if reported (e.g. {@code snp}, {@code tdx})
 * @param additionalTees further attesters, e.g. {@code nvidia}
 * @param feature the enabled routes: {@code /aa/*} only with {@code attestation} or {@code all}
 */
public record AaInfo(String version, Optional<String> tee, List<String> additionalTees, String feature) {
    public AaInfo {
        additionalTees = List.copyOf(additionalTees);
    }

    /** Whether {@code /aa/evidence} and {@code /aa/token} are served. */
    public boolean attestationEnabled() {
        return "attestation".equals(feature) || "all".equals(feature);
    }

    /** Whether {@code /cdh/resource} is served. */
    public boolean resourceEnabled() {
        return "resource".equals(feature) || "all".equals(feature);
    }
}
