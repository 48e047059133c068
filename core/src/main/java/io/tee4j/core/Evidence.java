package io.tee4j.core;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Attestation evidence as produced by a TEE: its type, the raw signed bytes (an SNP report, a
 * TDX quote, a CCA token, an SPDM measurement report), and the side material that travels with
 * it (certificates in DER, an auxiliary blob such as the SNP certificate table, the nonce the
 * evidence was requested with where the format does not carry it).
 *
 * <p>Immutable: every byte array is copied in and out. An {@code Evidence} says nothing about
 * authenticity; pass it to a {@link Verifier}.
 *
 * @since 0.1
 */
public final class Evidence {
    private final TeeType type;
    private final byte[] raw;
    private final List<byte[]> certificates;
    private final byte[] auxBlob;
    private final byte[] nonce;

    /**
     * Shares the builder's arrays: the builder copied each one in and never writes or hands out
     * any, and neither does this class (its accessors copy), so one copy per array is enough.
     */
    private Evidence(Builder b) {
        this.type = b.type;
        this.raw = b.raw;
        this.certificates = List.copyOf(b.certificates);
        this.auxBlob = b.auxBlob;
        this.nonce = b.nonce;
    }

    /** Evidence of the given type with no side material. */
    public static Evidence of(TeeType type, byte[] raw) {
        return builder(type, raw).build();
    }

    /** A builder for evidence of the given type. */
    public static Builder builder(TeeType type, byte[] raw) {
        return new Builder(type, raw);
    }

    /** The TEE that produced this evidence. */
    public TeeType type() {
        return type;
    }

    /**
     * This evidence, after checking that it is for {@code tee}: what every verifier checks first.
     *
     * @throws MalformedEvidenceException naming both TEEs when it is for another one
     */
    public Evidence requireType(TeeType tee) throws MalformedEvidenceException {
        if (type != tee) {
            throw new MalformedEvidenceException("evidence is for " + type.id() + ", not " + tee.id());
        }
        return this;
    }

    /** A copy of the raw evidence bytes. */
    public byte[] raw() {
        return raw.clone();
    }

    /** The length of the raw evidence, without copying it. */
    public int rawLength() {
        return raw.length;
    }

    /** Copies of the DER certificates that came with the evidence, in the order given. */
    public List<byte[]> certificates() {
        List<byte[]> out = new ArrayList<>(certificates.size());
        for (byte[] c : certificates) {
            out.add(c.clone());
        }
        return out;
    }

    /** The auxiliary blob that came with the evidence (e.g. the SNP certificate table), if any. */
    public Optional<byte[]> auxBlob() {
        return Optional.ofNullable(auxBlob).map(byte[]::clone);
    }

    /** The nonce the evidence was requested with, where the format itself does not carry it. */
    public Optional<byte[]> nonce() {
        return Optional.ofNullable(nonce).map(byte[]::clone);
    }

    /** A builder preset with this evidence's content. */
    public Builder toBuilder() {
        Builder b = new Builder(type, raw);
        certificates.forEach(b::addCertificate);
        b.auxBlob = auxBlob;
        b.nonce = nonce;
        return b;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Evidence)) {
            return false;
        }
        Evidence e = (Evidence) o;
        if (type != e.type || !Arrays.equals(raw, e.raw) || !Arrays.equals(auxBlob, e.auxBlob)
                || !Arrays.equals(nonce, e.nonce) || certificates.size() != e.certificates.size()) {
            return false;
        }
        for (int i = 0; i < certificates.size(); i++) {
            if (!Arrays.equals(certificates.get(i), e.certificates.get(i))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        return 31 * type.hashCode() + Arrays.hashCode(raw);
    }

    @Override
    public String toString() {
        return "Evidence[" + type.id() + ", " + raw.length + " bytes, " + certificates.size() + " certificates"
                + (auxBlob == null ? "" : ", aux " + auxBlob.length + " bytes") + "]";
    }

    /** Builds {@link Evidence}. */
    public static final class Builder {
        private final TeeType type;
        private final byte[] raw;
        private final List<byte[]> certificates = new ArrayList<>();
        private byte[] auxBlob;
        private byte[] nonce;

        private Builder(TeeType type, byte[] raw) {
            this.type = Objects.requireNonNull(type, "type");
            this.raw = Objects.requireNonNull(raw, "raw").clone();
        }

        /** Adds a DER certificate that travels with the evidence. */
        public Builder addCertificate(byte[] der) {
            certificates.add(Objects.requireNonNull(der, "der").clone());
            return this;
        }

        /** Sets the auxiliary blob (e.g. the SNP extended-report certificate table). */
        public Builder auxBlob(byte[] blob) {
            this.auxBlob = blob == null ? null : blob.clone();
            return this;
        }

        /** Sets the nonce the evidence was requested with, for formats that do not carry it. */
        public Builder nonce(byte[] nonce) {
            this.nonce = nonce == null ? null : nonce.clone();
            return this;
        }

        public Evidence build() {
            return new Evidence(this);
        }
    }
}
