package io.tee4j.envelope;

import io.tee4j.core.Evidence;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@link EvidenceSniffer} found: the format's name, the TEE id a verifier needs (also for TEEs
 * whose backend is not on the class path, e.g. {@code azure-snp-vtpm}), the evidence as that backend
 * reads it (absent without the backend), and the envelope when the format was one.
 *
 * <p>A detection is a guess from structure; nothing has been verified.
 *
 * @since 0.1
 */
public final class Detection {
    private final String format;
    private final String teeId;
    private final Evidence evidence;
    private final Envelope envelope;

    Detection(String format, String teeId, Evidence evidence, Envelope envelope) {
        this.format = Objects.requireNonNull(format, "format");
        this.teeId = Objects.requireNonNull(teeId, "teeId");
        this.evidence = evidence;
        this.envelope = envelope;
    }

    /** The format found, e.g. "Veraison configfs-tsm report (JSON)" or "TDX quote". */
    public String format() {
        return format;
    }

    /** The TEE id to verify with ({@code --tee}), e.g. {@code sev-snp} or {@code azure-tdx-vtpm}. */
    public String teeId() {
        return teeId;
    }

    /** The evidence as the TEE's backend reads it; empty when that backend is not on the class path. */
    public Optional<Evidence> evidence() {
        return Optional.ofNullable(evidence);
    }

    /** The envelope, when the content was one; its bindings must be checked after verification. */
    public Optional<Envelope> envelope() {
        return Optional.ofNullable(envelope);
    }

    /** "Veraison configfs-tsm report (JSON) carrying sev-snp evidence" and the like. */
    public String summary() {
        return format + (envelope == null ? "" : " carrying " + teeId + " evidence") + " (--tee " + teeId + ")";
    }

    @Override
    public String toString() {
        return "Detection[" + summary() + "]";
    }
}
