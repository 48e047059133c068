package io.tee4j.cli;

import io.tee4j.core.Evidence;
import io.tee4j.core.MalformedEvidenceException;
import io.tee4j.core.TeeType;
import io.tee4j.core.spi.TeeBackend;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Reads an evidence file for the TEE the user named and, when it is not that TEE's evidence, tries
 * every other backend's reader on the same bytes: a SEV-SNP report handed to {@code --tee tdx} then
 * says "this looks like SEV-SNP evidence; use --tee sev-snp" instead of whatever the TDX reader
 * made of an SNP report. A guess is only a hint in the message: the exit code stays 6 (malformed).
 */
final class EvidenceFormats {
    private static final Map<TeeType, String> NAMES = new EnumMap<>(Map.of(TeeType.SEV_SNP, "SEV-SNP",
            TeeType.TDX, "TDX", TeeType.CCA, "Arm CCA", TeeType.NVIDIA_GPU, "NVIDIA GPU"));

    static {
        NAMES.put(TeeType.AZURE_SNP_VTPM, "Azure SEV-SNP vTPM");
        NAMES.put(TeeType.AZURE_TDX_VTPM, "Azure TDX vTPM");
        NAMES.put(TeeType.GCP_VTPM, "GCP vTPM");
    }

    private EvidenceFormats() {
    }

    /** The human name of a TEE, e.g. "SEV-SNP". */
    static String name(TeeType tee) {
        return NAMES.get(tee);
    }

    /**
     * The evidence in {@code content} as {@code backend} reads it.
     *
     * @throws MalformedEvidenceException it is not; when another TEE's reader accepts it the
     *     message says which {@code --tee} to use
     */
    static Evidence read(TeeBackend backend, byte[] content) throws MalformedEvidenceException {
        try {
            return backend.readEvidence(content);
        } catch (MalformedEvidenceException e) {
            List<TeeType> others = readableAs(content, backend.type());
            if (others.isEmpty()) {
                throw e;
            }
            throw new MalformedEvidenceException("this is not " + name(backend.type()) + " evidence: "
                    + lookingLike(others), e);
        }
    }

    /** "this looks like SEV-SNP evidence; use --tee sev-snp" (or names each candidate). */
    static String lookingLike(List<TeeType> candidates) {
        if (candidates.size() == 1) {
            TeeType t = candidates.get(0);
            return "this looks like " + name(t) + " evidence; use --tee " + t.id();
        }
        List<String> names = new ArrayList<>();
        for (TeeType t : candidates) {
            names.add(name(t) + " (--tee " + t.id() + ")");
        }
        return "this looks like evidence of " + String.join(" or ", names);
    }

    /** The other TEEs whose readers parse {@code content} completely (read and describe). */
    static List<TeeType> readableAs(byte[] content, TeeType except) {
        List<TeeType> out = new ArrayList<>();
        for (Map.Entry<TeeType, TeeBackend> e : Backends.all().entrySet()) {
            if (e.getKey() == except) {
                continue;
            }
            try {
                TeeBackend other = e.getValue();
                other.describe(other.readEvidence(content));
                out.add(e.getKey());
            } catch (MalformedEvidenceException notThisOne) {
                // not this TEE's format either
            }
        }
        return out;
    }
}
