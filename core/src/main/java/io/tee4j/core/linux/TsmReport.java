package io.tee4j.core.linux;

import java.util.Objects;
import java.util.Optional;

/**
 * What a configfs-tsm provider returned for one request: the {@code outblob} (the evidence: an
 * SEV-SNP report, a TDX quote, a CCA token), the optional {@code auxblob} (SEV-SNP: the
 * certificate table) and {@code manifestblob} (SVSM), the provider's name and the entry's
 * {@code generation} after the request.
 *
 * <p>Nothing here is verified: the bytes are exactly what the kernel returned, checked only for
 * being non-empty and within the client's size caps. An empty {@code auxblob}/{@code manifestblob}
 * is reported as absent.
 *
 * <p>Immutable and thread-safe; accessors return copies. {@link #toString()} shows sizes only.
 *
 * @since 0.1
 */
public final class TsmReport {

    private final byte[] outblob;
    private final byte[] auxblob;
    private final byte[] manifestblob;
    private final String provider;
    private final long generation;

    private TsmReport(Builder b) {
        this.outblob = Objects.requireNonNull(b.outblob, "outblob").clone();
        if (outblob.length == 0) {
            throw new IllegalArgumentException("outblob is empty");
        }
        this.auxblob = b.auxblob == null || b.auxblob.length == 0 ? null : b.auxblob.clone();
        this.manifestblob = b.manifestblob == null || b.manifestblob.length == 0 ? null : b.manifestblob.clone();
        this.provider = Objects.requireNonNull(b.provider, "provider");
        this.generation = b.generation;
    }

    /** A builder; outblob and provider are required. */
    public static Builder builder() {
        return new Builder();
    }

    /** A copy of the evidence bytes. */
    public byte[] outblob() {
        return outblob.clone();
    }

    /** A copy of the auxiliary blob, when the provider returned a non-empty one. */
    public Optional<byte[]> auxblob() {
        return Optional.ofNullable(auxblob).map(byte[]::clone);
    }

    /** A copy of the manifest blob, when requested and non-empty. */
    public Optional<byte[]> manifestblob() {
        return Optional.ofNullable(manifestblob).map(byte[]::clone);
    }

    /** The provider's name as the kernel wrote it, e.g. {@code sev_guest}. */
    public String provider() {
        return provider;
    }

    /** The entry's {@code generation} after the request. */
    public long generation() {
        return generation;
    }

    @Override
    public String toString() {
        return "TsmReport[provider " + provider + ", generation " + generation + ", outblob " + outblob.length
                + " bytes" + (auxblob == null ? "" : ", auxblob " + auxblob.length + " bytes")
                + (manifestblob == null ? "" : ", manifestblob " + manifestblob.length + " bytes") + "]";
    }

    /** Builds a {@link TsmReport} (for the client, and for tests of code that consumes one). */
    public static final class Builder {
        private byte[] outblob;
        private byte[] auxblob;
        private byte[] manifestblob;
        private String provider;
        private long generation;

        private Builder() {
        }

        /** Required, non-empty; copied. */
        public Builder outblob(byte[] outblob) {
            this.outblob = Objects.requireNonNull(outblob, "outblob").clone();
            return this;
        }

        /** Optional; {@code null} or empty means absent; copied. */
        public Builder auxblob(byte[] auxblob) {
            this.auxblob = auxblob == null ? null : auxblob.clone();
            return this;
        }

        /** Optional; {@code null} or empty means absent; copied. */
        public Builder manifestblob(byte[] manifestblob) {
            this.manifestblob = manifestblob == null ? null : manifestblob.clone();
            return this;
        }

        /** Required. */
        public Builder provider(String provider) {
            this.provider = Objects.requireNonNull(provider, "provider");
            return this;
        }

        /** The entry's generation after the request (an unsigned counter). Default 0. */
        public Builder generation(long generation) {
            this.generation = generation;
            return this;
        }

        /** @throws IllegalArgumentException when the outblob is empty; NullPointerException when unset */
        public TsmReport build() {
            return new TsmReport(this);
        }
    }
}
