package io.tee4j.coco.aa;

import io.tee4j.core.AttestationException;
import io.tee4j.core.Attester;
import io.tee4j.core.Evidence;
import io.tee4j.core.TeeType;
import java.util.Objects;

/**
 * Evidence from inside a Confidential Containers pod through the attestation agent
 * ({@code GET /aa/evidence}): the pod's TEE evidence as trustee's JSON (TDX {@code {"quote",
 * "cc_eventlog"}}, SNP {@code {"attestation_report", "cert_chain"}}, CCA {@code {"token"}}), with
 * the report data bound as given (1 to 64 bytes; the agent zero-pads, it does not hash). The
 * evidence's type is {@link TeeType#COCO_AA}; verify it with {@code --tee auto}, which unwraps
 * trustee's envelopes. Nothing is verified here.
 */
public final class CocoAaAttester implements Attester {
    private final AaApiClient client;

    public CocoAaAttester(AaApiClient client) {
        this.client = Objects.requireNonNull(client, "client");
    }

    @Override
    public TeeType type() {
        return TeeType.COCO_AA;
    }

    @Override
    public Evidence attest(byte[] reportData) throws AttestationException {
        return Evidence.of(TeeType.COCO_AA, client.evidence(reportData));
    }
}
