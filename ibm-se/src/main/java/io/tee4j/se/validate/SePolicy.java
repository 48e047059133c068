package io.tee4j.se.validate;

import io.tee4j.core.MalformedEvidenceException;
import io.tee4j.core.Policy;
import io.tee4j.core.PolicyDocument;
import io.tee4j.core.PolicyFormatException;
import io.tee4j.core.TeeType;
import io.tee4j.se.abi.HeaderTags;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a relying party requires of an IBM Secure Execution response. Immutable; build with
 * {@link #builder()} or read with {@link #fromDocument(PolicyDocument)}.
 *
 * <ul>
 *   <li>{@code headerTags} (required, list of 208-byte hex): the boot-header tags of the images
 *       allowed to run; the measurement is recomputed over them, so a response from another image
 *       fails as a measurement mismatch (class 2), not as a policy violation. The SE header file
 *       given to the verifier counts as one entry.
 *   <li>{@code allowedImagePhkhs}, {@code allowedAttestationPhkhs} (32-byte hex lists): when set, the
 *       response must carry that host-key hash and it must be listed.
 *   <li>{@code secretStoreHash} (64-byte hex): the response must carry exactly this hash.
 *   <li>{@code userData} (hex, up to 256 bytes): the user data must equal it.
 *   <li>{@code nonce} (16-byte hex): the request's nonce must equal it.
 * </ul>
 * Unknown keys are refused. Evaluation is done by {@link SePolicyRules}.
 *
 * @since 0.3
 */
public final class SePolicy implements Policy {
    private final List<HeaderTags> headerTags;
    private final List<byte[]> allowedImagePhkhs;
    private final List<byte[]> allowedAttestationPhkhs;
    private final byte[] secretStoreHash;
    private final byte[] userData;
    private final byte[] nonce;

    private SePolicy(Builder b) {
        this.headerTags = List.copyOf(b.headerTags);
        this.allowedImagePhkhs = copy(b.allowedImagePhkhs);
        this.allowedAttestationPhkhs = copy(b.allowedAttestationPhkhs);
        this.secretStoreHash = b.secretStoreHash;
        this.userData = b.userData;
        this.nonce = b.nonce;
    }

    private static List<byte[]> copy(List<byte[]> in) {
        return in.stream().map(byte[]::clone).toList();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Reads a policy from a JSON policy document; unknown keys are refused. */
    public static SePolicy fromDocument(PolicyDocument doc) throws PolicyFormatException {
        Objects.requireNonNull(doc, "doc");
        Builder b = builder();
        for (byte[] tags : doc.hexList("headerTags", HeaderTags.SIZE)) {
            try {
                b.allowHeaderTags(HeaderTags.of(tags));
            } catch (MalformedEvidenceException e) {
                throw doc.invalid("headerTags", e.getMessage());
            }
        }
        doc.hexList("allowedImagePhkhs", 32).forEach(b::allowImagePhkh);
        doc.hexList("allowedAttestationPhkhs", 32).forEach(b::allowAttestationPhkh);
        doc.hex("secretStoreHash", 64).ifPresent(b::secretStoreHash);
        Optional<byte[]> user = doc.hex("userData", -1);
        if (user.isPresent() && user.get().length > 256) {
            throw doc.invalid("userData", "at most 256 bytes");
        }
        user.ifPresent(b::userData);
        doc.hex("nonce", 16).ifPresent(b::nonce);
        doc.finish();
        return b.build();
    }

    @Override
    public TeeType type() {
        return TeeType.IBM_SE;
    }

    /** The allowed images' header tags (may be empty here when the verifier is given a header file). */
    public List<HeaderTags> headerTags() {
        return headerTags;
    }

    public List<byte[]> allowedImagePhkhs() {
        return copy(allowedImagePhkhs);
    }

    public List<byte[]> allowedAttestationPhkhs() {
        return copy(allowedAttestationPhkhs);
    }

    public Optional<byte[]> secretStoreHash() {
        return Optional.ofNullable(secretStoreHash).map(byte[]::clone);
    }

    public Optional<byte[]> userData() {
        return Optional.ofNullable(userData).map(byte[]::clone);
    }

    public Optional<byte[]> nonce() {
        return Optional.ofNullable(nonce).map(byte[]::clone);
    }

    /** Builds a {@link SePolicy}. */
    public static final class Builder {
        private final List<HeaderTags> headerTags = new ArrayList<>();
        private final List<byte[]> allowedImagePhkhs = new ArrayList<>();
        private final List<byte[]> allowedAttestationPhkhs = new ArrayList<>();
        private byte[] secretStoreHash;
        private byte[] userData;
        private byte[] nonce;

        private Builder() {
        }

        public Builder allowHeaderTags(HeaderTags tags) {
            headerTags.add(Objects.requireNonNull(tags, "tags"));
            return this;
        }

        public Builder allowImagePhkh(byte[] phkh) {
            allowedImagePhkhs.add(phkh.clone());
            return this;
        }

        public Builder allowAttestationPhkh(byte[] phkh) {
            allowedAttestationPhkhs.add(phkh.clone());
            return this;
        }

        public Builder secretStoreHash(byte[] hash) {
            this.secretStoreHash = hash.clone();
            return this;
        }

        public Builder userData(byte[] data) {
            this.userData = data.clone();
            return this;
        }

        public Builder nonce(byte[] expected) {
            this.nonce = expected.clone();
            return this;
        }

        public SePolicy build() {
            return new SePolicy(this);
        }
    }
}
