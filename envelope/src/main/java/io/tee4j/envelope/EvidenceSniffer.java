package io.tee4j.envelope;

import io.tee4j.core.Evidence;
import io.tee4j.core.MalformedEvidenceException;
import io.tee4j.core.TeeType;
import io.tee4j.core.spi.TeeBackend;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * Names the format of an evidence file ({@code --tee auto}): first the envelopes
 * ({@link EnvelopeFormat}), then the shapes other backends own (NVIDIA evidence lists, trustee's vTPM
 * JSON, the go-tpm-tools attestation: their TEE id is named even when no backend for it is on the
 * class path, and that backend reads them when it is), then every raw format the
 * backends on the class path read (SEV-SNP report, Azure HCL blob, TDX quote, CCA token, NVIDIA
 * evidence): each backend's reader and describer is tried, and exactly one must accept.
 *
 * <p>Nothing is verified. A content that no reader accepts, or that more than one raw reader accepts,
 * is malformed, with a message naming what was tried or the candidates.
 *
 * @since 0.1
 */
public final class EvidenceSniffer {
    private static final Map<TeeType, String> RAW_NAMES = new EnumMap<>(Map.of(TeeType.SEV_SNP,
            "SEV-SNP attestation report", TeeType.TDX, "TDX quote", TeeType.CCA, "Arm CCA attestation token",
            TeeType.NVIDIA_GPU, "NVIDIA GPU evidence"));

    private final List<TeeBackend> backends;

    private EvidenceSniffer(List<TeeBackend> backends) {
        this.backends = List.copyOf(backends);
    }

    /** A sniffer over the backends found by {@link ServiceLoader} with this class's loader. */
    public static EvidenceSniffer ofClassPath() {
        List<TeeBackend> found = new ArrayList<>();
        ServiceLoader.load(TeeBackend.class, EvidenceSniffer.class.getClassLoader()).forEach(found::add);
        return new EvidenceSniffer(found);
    }

    /** A sniffer over the given backends. */
    public static EvidenceSniffer of(List<TeeBackend> backends) {
        return new EvidenceSniffer(Objects.requireNonNull(backends, "backends"));
    }

    /**
     * What {@code content} is (already decoded from PEM, hex or base64 text where it was text).
     *
     * @throws MalformedEvidenceException a malformed envelope, an ambiguous or an unknown format
     */
    public Detection sniff(byte[] content) throws MalformedEvidenceException {
        Objects.requireNonNull(content, "content");
        Optional<Envelope> envelope = EnvelopeReaders.read(content);
        if (envelope.isPresent()) {
            Envelope e = envelope.get();
            return new Detection(e.format().title(), e.tee().id(), e.evidence(), e);
        }
        Optional<ForeignShapes.Shape> foreign = ForeignShapes.recognise(content);
        if (foreign.isPresent()) {
            ForeignShapes.Shape f = foreign.get();
            try {
                return new Detection(f.format(), f.teeId(), readWith(f.teeId(), content), null);
            } catch (MalformedEvidenceException e) {
                throw new MalformedEvidenceException("found " + f.format() + " (--tee " + f.teeId() + "), but the "
                        + f.teeId() + " backend does not read it: " + e.getMessage(), e);
            }
        }
        return raw(content);
    }

    private Evidence readWith(String teeId, byte[] content) throws MalformedEvidenceException {
        for (TeeBackend b : backends) {
            if (b.type().id().equals(teeId)) {
                return b.readEvidence(content);
            }
        }
        return null;
    }

    private Detection raw(byte[] content) throws MalformedEvidenceException {
        List<Detection> found = new ArrayList<>();
        List<String> tried = new ArrayList<>();
        for (TeeBackend b : backends) {
            tried.add(rawName(b.type(), null));
            try {
                Evidence ev = b.readEvidence(content);
                b.describe(ev);
                found.add(new Detection(rawName(b.type(), content), b.type().id(), ev, null));
            } catch (MalformedEvidenceException notThisOne) {
                // not this backend's format
            }
        }
        if (found.size() == 1) {
            return found.get(0);
        }
        if (found.size() > 1) {
            List<String> names = new ArrayList<>();
            found.forEach(d -> names.add(d.summary()));
            throw new MalformedEvidenceException("ambiguous evidence: it reads as " + String.join(" and as ", names)
                    + "; name the TEE with --tee");
        }
        throw new MalformedEvidenceException("unknown evidence format; tried the envelopes ("
                + EnvelopeFormatNames.all() + "), " + ForeignShapes.names() + ", and " + String.join(", ", tried));
    }

    private static String rawName(TeeType tee, byte[] content) {
        if (tee == TeeType.SEV_SNP && content != null && content.length >= 4
                && new String(content, 0, 4, StandardCharsets.US_ASCII).equals("HCLA")) {
            return "Azure HCL report with an SEV-SNP report";
        }
        return RAW_NAMES.getOrDefault(tee, tee.id() + " evidence");
    }

    /** The envelope titles, for messages. */
    private static final class EnvelopeFormatNames {
        static String all() {
            List<String> out = new ArrayList<>();
            for (EnvelopeFormat f : EnvelopeFormat.values()) {
                // The Azure vTPM and SE JSON are unwrapped only for a KBS session; sniffing names it among the foreign shapes.
                if (f != EnvelopeFormat.TRUSTEE_AZ_SNP_VTPM && f != EnvelopeFormat.TRUSTEE_AZ_TDX_VTPM
                        && f != EnvelopeFormat.TRUSTEE_SE) {
                    out.add(f.id());
                }
            }
            return String.join(", ", out);
        }
    }
}
