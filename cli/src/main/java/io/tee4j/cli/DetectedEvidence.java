package io.tee4j.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tee4j.core.AttestationException;
import io.tee4j.core.AttestationResult;
import io.tee4j.core.Claims;
import io.tee4j.core.Evidence;
import io.tee4j.core.MalformedEvidenceException;
import io.tee4j.core.TeeType;
import io.tee4j.core.spi.TeeBackend;
import io.tee4j.envelope.Detection;
import io.tee4j.envelope.Envelope;
import io.tee4j.envelope.EnvelopeBinding;
import io.tee4j.envelope.EvidenceSniffer;
import java.util.Map;
import java.util.Optional;

/**
 * The evidence of {@code show} and {@code verify}, read for the named TEE or, with {@code --tee auto},
 * for the TEE the library's sniffer finds; an envelope (CoCo/trustee, Veraison) is unwrapped either way,
 * and its bindings are checked after the backend verified the evidence inside. The sniffing itself lives
 * in {@code tee4j-envelope}: this class only chooses the backend and reports what was found.
 */
record DetectedEvidence(TeeBackend backend, Evidence evidence, Envelope envelope, Detection detection) {
    static final String AUTO = "auto";

    /** {@code --tee auto}: whatever the sniffer finds, provided its backend is part of this build. */
    static DetectedEvidence sniff(byte[] content) throws MalformedEvidenceException {
        Detection d = EvidenceSniffer.ofClassPath().sniff(content);
        TeeBackend backend = null;
        for (TeeBackend b : Backends.all().values()) {
            if (b.type().id().equals(d.teeId())) {
                backend = b;
            }
        }
        if (backend == null || d.evidence().isEmpty()) {
            throw new MalformedEvidenceException("found " + d.summary() + ", but the " + d.teeId()
                    + " backend is not part of this build");
        }
        return new DetectedEvidence(backend, d.evidence().get(), d.envelope().orElse(null), d);
    }

    /** {@code --tee T}: the backend's own formats, or an envelope carrying T's evidence. */
    static DetectedEvidence forTee(TeeBackend backend, byte[] content) throws MalformedEvidenceException {
        try {
            return new DetectedEvidence(backend, EvidenceFormats.read(backend, content), null, null);
        } catch (MalformedEvidenceException notRaw) {
            Optional<Envelope> envelope = Envelope.find(content);
            if (envelope.isEmpty()) {
                throw notRaw;
            }
            Envelope e = envelope.get();
            if (e.tee() != backend.type()) {
                throw new MalformedEvidenceException("this is a " + e.format().title() + " carrying "
                        + e.tee().id() + " evidence; use --tee " + e.tee().id() + " or --tee auto");
            }
            return new DetectedEvidence(backend, e.evidence(), e, null);
        }
    }

    TeeType type() {
        return backend.type();
    }

    /** The stderr line that says what {@code --tee auto} found; empty when the TEE was named. */
    Optional<String> foundLine() {
        return detection == null ? Optional.empty() : Optional.of("tee4j: found " + detection.summary());
    }

    /** Checks the envelope's bindings (nonce, event log) against the verified result. */
    void checkBindings(AttestationResult verified) throws AttestationException {
        if (envelope != null) {
            envelope.checkBindings(verified);
        }
    }

    /** The backend's claims, preceded by what was detected and the envelope's own fields. */
    Claims describe() throws MalformedEvidenceException {
        Claims inner = backend.describe(evidence);
        if (detection == null && envelope == null) {
            return inner;
        }
        Claims.Builder c = Claims.builder();
        if (detection != null) {
            c.put("detected", Claims.builder().put("format", detection.format()).put("tee", detection.teeId()));
        }
        if (envelope != null) {
            c.put("envelope", envelope.describe());
        }
        for (Map.Entry<String, Object> e : inner.asMap().entrySet()) {
            c.put(e.getKey(), e.getValue());
        }
        return c.build();
    }

    /** Adds {@code detected} and {@code envelope} to a verify result's JSON, when there are any. */
    void addTo(ObjectNode out) {
        if (detection != null) {
            out.putObject("detected").put("format", detection.format()).put("tee", detection.teeId());
        }
        if (envelope != null) {
            ObjectNode e = out.putObject("envelope").put("format", envelope.format().id());
            ArrayNode bound = e.putArray("bindingsChecked");
            for (EnvelopeBinding b : envelope.bindings()) {
                bound.add(b.description());
            }
        }
    }
}
