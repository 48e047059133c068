package io.tee4j.measure.manifest;

import io.tee4j.core.CollateralUnavailableException;
import io.tee4j.core.MalformedEvidenceException;
import io.tee4j.core.NamedReferenceValues;
import io.tee4j.core.PolicyDocument;
import io.tee4j.core.PolicyFormatException;
import io.tee4j.core.TeeType;
import io.tee4j.core.util.CollateralFiles;
import io.tee4j.json.Json;
import io.tee4j.measure.MeasurementInputException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A reference manifest: named entries (one per release, say), each naming the artifacts a guest is
 * launched from (firmware, kernel, initrd; as files beside the manifest or as digests) and its
 * launch parameters (command line, vCPUs and their model, VMM, guest features, TDX page-add order,
 * RAM, CCA realm parameters). {@link #derive(TeeType)} computes, per entry, what a guest launched
 * that way reports: SEV-SNP {@code MEASUREMENT}, TDX {@code MRTD} (+ RTMR1/RTMR2 of a direct boot),
 * CCA RIM. A policy then pins those values under the entry's name (policy key
 * {@code referenceManifest}, {@link #policyFragment(List)}) instead of hex pasted by hand.
 *
 * <pre>{@code
 * {"entries": [{"name": "release-7", "firmware": "OVMF.fd", "kernel": "bzImage", "append": "console=ttyS0",
 *               "vcpus": 4, "vcpuType": "EPYC-Milan", "vmmType": "qemu", "guestFeatures": "0x1"}]}
 * }</pre>
 *
 * <p>What is checked here: the manifest's shape (unknown keys, bad types and lengths are refused with
 * the JSON path, names must be unique), that every file name stays inside the manifest's folder
 * ({@link ManifestArtifacts}), and the artifacts themselves as the measure package parses them.
 * What is not: where the artifacts came from. Whoever may write the manifest's folder decides what
 * the verifier accepts, so protect it as a policy file.
 *
 * @since 0.1
 */
public final class ReferenceManifest {
    /** The most entries one manifest may hold (each derivation hashes a firmware image). */
    public static final int MAX_ENTRIES = 64;

    private final List<ManifestEntry> entries;
    private final ManifestArtifacts files;

    private ReferenceManifest(List<ManifestEntry> entries, Path folder) {
        this.entries = List.copyOf(entries);
        this.files = new ManifestArtifacts(folder);
    }

    /** Reads a manifest file (at most {@link CollateralFiles#MAX_FILE_BYTES}); file names in it are relative to its folder. */
    public static ReferenceManifest read(Path file) throws PolicyFormatException, CollateralUnavailableException {
        Path abs = file.toAbsolutePath().normalize();
        return parse(CollateralFiles.read(abs), abs.getParent());
    }

    /** Parses a manifest whose file names are relative to {@code folder}. */
    public static ReferenceManifest parse(byte[] json, Path folder) throws PolicyFormatException {
        Objects.requireNonNull(folder, "folder");
        Object tree;
        try {
            tree = Json.parse(json);
        } catch (Json.JsonException e) {
            throw new PolicyFormatException("$", "reference manifest: " + e.getMessage());
        }
        if (!(tree instanceof Map)) {
            throw new PolicyFormatException("$", "a reference manifest is a JSON object with \"entries\"");
        }
        @SuppressWarnings("unchecked")
        PolicyDocument root = PolicyDocument.of((Map<String, ?>) tree);
        List<PolicyDocument> docs = root.objects("entries");
        if (docs.isEmpty()) {
            throw root.invalid("entries", "a reference manifest needs at least one entry");
        }
        if (docs.size() > MAX_ENTRIES) {
            throw root.invalid("entries", "more than " + MAX_ENTRIES + " entries");
        }
        List<ManifestEntry> entries = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (PolicyDocument d : docs) {
            ManifestEntry e = ManifestEntry.read(d);
            if (!names.add(e.name)) {
                throw d.invalid("name", "'" + e.name + "' names two entries; a result could not say which matched");
            }
            entries.add(e);
        }
        root.finish();
        return new ReferenceManifest(entries, folder);
    }

    /** The entries' names, in manifest order. */
    public List<String> entryNames() {
        return entries.stream().map(e -> e.name).toList();
    }

    /**
     * The values every entry for {@code tee} derives, in manifest order. An entry is for a TEE when
     * its {@code tee} key names it or, without one, when it has the inputs (a firmware for SEV-SNP
     * and TDX, a {@code cca} object for CCA). Errors name the entry.
     *
     * @throws MeasurementInputException no entry is for {@code tee}, or an entry's inputs do not fit together
     * @throws MalformedEvidenceException an artifact is malformed (firmware metadata, kernel)
     * @throws CollateralUnavailableException an artifact cannot be read, is too large or lies outside the folder
     */
    public List<ReferenceValues> derive(TeeType tee)
            throws MeasurementInputException, MalformedEvidenceException, CollateralUnavailableException {
        Objects.requireNonNull(tee, "tee");
        List<ReferenceValues> out = new ArrayList<>();
        for (ManifestEntry e : entries) {
            if (e.isFor(tee)) {
                out.add(new ReferenceValues(e.name, tee, registers(e, tee)));
            }
        }
        if (out.isEmpty()) {
            throw new MeasurementInputException("the reference manifest has no entry for " + tee.id());
        }
        return out;
    }

    private Map<String, byte[]> registers(ManifestEntry e, TeeType tee)
            throws MeasurementInputException, MalformedEvidenceException, CollateralUnavailableException {
        String where = "reference manifest entry '" + e.name + "': ";
        try {
            switch (tee) {
                case SEV_SNP:
                    return Map.of("measurement", SnpReference.measurement(e, files));
                case TDX:
                    return TdxReference.registers(e, files);
                case CCA:
                    return Map.of("rim", CcaReference.rim(e, files));
                default:
                    throw new MeasurementInputException("a reference manifest derives no values for " + tee.id());
            }
        } catch (MeasurementInputException x) {
            throw new MeasurementInputException(where + x.getMessage(), x);
        } catch (MalformedEvidenceException x) {
            throw new MalformedEvidenceException(where + x.getMessage(), x);
        }
    }

    /** The values as a policy builder's {@code referenceManifest} takes them (e.g. {@code SnpPolicy.builder()}). */
    public static NamedReferenceValues namedValues(List<ReferenceValues> values) {
        return NamedReferenceValues.of(values.stream().map(ReferenceValues::toEntry).toList());
    }

    /** {@code {"referenceManifest": [entry, ...]}}: the fragment a policy of the values' TEE takes as is. */
    public static Map<String, Object> policyFragment(List<ReferenceValues> values) {
        List<Map<String, Object>> list = new ArrayList<>();
        values.forEach(v -> list.add(v.policyEntry()));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("referenceManifest", list);
        return out;
    }
}
