package io.tee4j.envelope;

import io.tee4j.core.AttestationException;
import io.tee4j.core.AttestationResult;
import io.tee4j.core.Claims;
import io.tee4j.core.Evidence;
import io.tee4j.core.MalformedEvidenceException;
import io.tee4j.core.TeeType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Evidence taken out of its envelope: the raw evidence and side material a backend verifies
 * ({@link #evidence()}), and what the envelope binds to it ({@link #bindings()}).
 *
 * <p>Unwrapping checks structure only. To verify: verify {@link #evidence()} with the backend of
 * {@link #tee()}, then call {@link #checkBindings(AttestationResult)} with its result. Skipping the
 * second step leaves the envelope's nonce or event log unchecked.
 *
 * @since 0.1
 */
public final class Envelope {
    private final EnvelopeFormat format;
    private final Evidence evidence;
    private final List<EnvelopeBinding> bindings;
    private final Map<String, Object> details;

    Envelope(EnvelopeFormat format, Evidence evidence, List<EnvelopeBinding> bindings, Map<String, Object> details) {
        this.format = Objects.requireNonNull(format, "format");
        this.evidence = Objects.requireNonNull(evidence, "evidence");
        this.bindings = List.copyOf(bindings);
        this.details = Map.copyOf(details);
    }

    /**
     * Unwraps {@code content} when it is one of the {@link EnvelopeFormat}s.
     *
     * @throws MalformedEvidenceException it is an envelope with a bad field, or no envelope at all
     */
    public static Envelope read(byte[] content) throws MalformedEvidenceException {
        return EnvelopeReaders.read(content).orElseThrow(() -> new MalformedEvidenceException(
                "not a trustee, tsm-report or ratsd evidence envelope"));
    }

    /**
     * Unwraps {@code content} when it has the shape of one of the {@link EnvelopeFormat}s.
     *
     * @return empty when the content has no envelope shape (a raw report, say)
     * @throws MalformedEvidenceException it has an envelope's shape but a bad field
     */
    public static Optional<Envelope> find(byte[] content) throws MalformedEvidenceException {
        return EnvelopeReaders.read(Objects.requireNonNull(content, "content"));
    }

    public EnvelopeFormat format() {
        return format;
    }

    /** The TEE of the evidence inside. */
    public TeeType tee() {
        return evidence.type();
    }

    /** The evidence to verify with the backend of {@link #tee()}. */
    public Evidence evidence() {
        return evidence;
    }

    /** What the envelope binds to the evidence; empty when it binds nothing. */
    public List<EnvelopeBinding> bindings() {
        return bindings;
    }

    /**
     * Checks every binding against the result the backend verified from {@link #evidence()}, in order.
     *
     * @throws AttestationException the first binding that does not hold
     */
    public void checkBindings(AttestationResult verified) throws AttestationException {
        Objects.requireNonNull(verified, "verified");
        for (EnvelopeBinding b : bindings) {
            b.check(verified);
        }
    }

    /** The envelope's own fields and bindings, as claims (nothing verified). */
    public Claims describe() {
        Claims.Builder c = Claims.builder().put("format", format.id()).put("title", format.title())
                .put("tee", tee().id());
        details.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> c.put(e.getKey(), e.getValue()));
        List<String> bound = new ArrayList<>();
        for (EnvelopeBinding b : bindings) {
            bound.add(b.description());
        }
        return c.put("bindings", bound).build();
    }

    @Override
    public String toString() {
        return "Envelope[" + format.id() + ", " + evidence + ", " + bindings.size() + " bindings]";
    }
}
