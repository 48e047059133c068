package io.tee4j.sealing;

import io.tee4j.core.keys.KeyBinding;
import io.tee4j.core.keys.KeyVersions;
import io.tee4j.sealing.format.Header;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Set;

/**
 * The header of a sealed blob, stream or file: which key source, bindings and versions it was
 * sealed under. Parsed strictly and with bounded lengths, but <strong>not authenticated</strong>
 * (authentication needs the key): use it to pick a key source or to decide on re-sealing, never
 * as a statement about the data.
 *
 * @since 0.1
 */
public final class SealedDataInfo {
    private final Header header;

    private SealedDataInfo(Header header) {
        this.header = header;
    }

    /** Parses the header at the start of a sealed blob or stream. */
    public static SealedDataInfo parse(byte[] sealed) throws MalformedSealedDataException {
        return new SealedDataInfo(HeaderReader.parse(Objects.requireNonNull(sealed, "sealed")));
    }

    /** Reads the header from the start of {@code in}, consuming exactly the header's bytes. */
    public static SealedDataInfo read(InputStream in) throws MalformedSealedDataException, IOException {
        return new SealedDataInfo(HeaderReader.read(Objects.requireNonNull(in, "in")));
    }

    /** Reads the header of a sealed file. */
    public static SealedDataInfo read(Path file) throws MalformedSealedDataException, IOException {
        try (InputStream in = Files.newInputStream(Objects.requireNonNull(file, "file"))) {
            return read(in);
        }
    }

    /** The key source id recorded. */
    public String keySourceId() {
        return header.keySourceId();
    }

    /** The bindings recorded. */
    public Set<KeyBinding> bindings() {
        return header.bindings();
    }

    /** The versions the key was derived at. */
    public KeyVersions versions() {
        return header.versions();
    }

    /** True for a sealed stream or file, false for a single blob. */
    public boolean isStream() {
        return header.kind() == Header.KIND_STREAM;
    }

    /** Plaintext bytes per segment of a stream; 0 for a blob. */
    public int segmentSize() {
        return header.segmentSize();
    }

    /** The length of the associated data it was sealed with (the data itself is not stored). */
    public int associatedDataLength() {
        return header.aadLength();
    }

    /**
     * Refuses this header unless it names the key source {@code expectedKeySourceId}: for a caller
     * that picks the key source from the header yet knows which one its data must use, so that a
     * header naming another source (swapped, or sealed elsewhere) is refused before any key is
     * asked for. A {@link Sealer} checks the same itself.
     *
     * @throws SealingPolicyException naming both ids
     */
    public void requireKeySource(String expectedKeySourceId) throws SealingPolicyException {
        Objects.requireNonNull(expectedKeySourceId, "expectedKeySourceId");
        if (!expectedKeySourceId.equals(keySourceId())) {
            throw new SealingPolicyException("sealed with key source " + keySourceId() + ", expected "
                    + expectedKeySourceId);
        }
    }

    /**
     * Refuses this header unless it was sealed under {@code expected}: its key source, and its
     * bindings as a {@link Sealer} with that policy would accept them (equal, or for data of
     * earlier releases lacking only the version bindings now added by default; see
     * {@link SealingPolicy}).
     *
     * @throws SealingPolicyException naming what differs
     */
    public void requireSealedUnder(SealingPolicy expected) throws SealingPolicyException {
        Objects.requireNonNull(expected, "expected");
        requireKeySource(expected.keySourceId());
        if (!expected.opens(bindings())) {
            throw new SealingPolicyException("sealed with bindings " + bindings() + ", expected " + expected.bindings());
        }
    }

    Header header() {
        return header;
    }

    @Override
    public String toString() {
        return "SealedDataInfo[" + (isStream() ? "stream" : "blob") + ", source=" + keySourceId()
                + ", bindings=" + bindings() + ", versions=" + versions().asMap() + "]";
    }
}
