package io.tee4j.atls.cert;

import io.tee4j.core.TeeType;
import java.util.Map;
import java.util.Optional;

/**
 * The media types of the records in a tee4j aTLS wrapper: one per TEE for the evidence, plus the
 * endorsement certificate and the two freshness records. The evidence bytes are those
 * {@link io.tee4j.core.Evidence#raw()} holds, so any tee4j backend reads them.
 */
public final class MediaTypes {
    /** A DER X.509 certificate that travels with the evidence (RFC 8555 registers the type). */
    public static final String PKIX_CERT = "application/pkix-cert";
    /** The auxiliary blob of the evidence (the SNP extended-report certificate table). */
    public static final String AUX_BLOB = "application/vnd.tee4j.evidence-aux";
    /** Freshness record: the client's nonce, as the server read it from SNI. */
    public static final String NONCE = "application/vnd.tee4j.atls.nonce";
    /** Freshness record: the time-window nonce (no client nonce was sent). */
    public static final String TIME_WINDOW = "application/vnd.tee4j.atls.time-window";

    private static final Map<TeeType, String> EVIDENCE = Map.of(
            TeeType.SEV_SNP, "application/vnd.tee4j.sev-snp.report",
            TeeType.TDX, "application/vnd.tee4j.tdx.quote",
            TeeType.CCA, "application/vnd.tee4j.cca.token",
            TeeType.NVIDIA_GPU, "application/vnd.tee4j.nvidia-gpu.report");

    private MediaTypes() {
    }

    /** The media type of a TEE's evidence. */
    public static String evidence(TeeType tee) {
        return EVIDENCE.getOrDefault(tee, "application/vnd.tee4j." + tee.id() + ".evidence");
    }

    /** The TEE whose evidence has this media type, if tee4j knows it. */
    public static Optional<TeeType> teeOf(String mediaType) {
        for (TeeType t : TeeType.values()) {
            if (evidence(t).equals(mediaType)) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }
}
