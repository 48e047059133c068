package io.tee4j.measure.snp;

import java.util.Base64;
import java.util.Objects;
import java.util.Optional;

/**
 * An SNP ID block signed for launch: what the host passes at SNP_LAUNCH_FINISH (QEMU:
 * {@code -object sev-snp-guest,id-block=…,id-auth=…,author-key-enabled=on|off}) together with the
 * key digests a verifier pins ({@code trustedIdKeyHashes}, {@code trustedAuthorKeyHashes}).
 *
 * <p>It signs only; whether the launch digest in the block is right is the caller's business
 * (compute it with {@link SnpLaunchDigest}). Immutable result.
 *
 * @param idBlock          the 96-byte ID block
 * @param idAuth           the 4096-byte ID_AUTH_INFO
 * @param idKeyDigest      SHA-384 of the ID key structure (report ID_KEY_DIGEST)
 * @param authorKeyDigest  SHA-384 of the author key structure (report AUTHOR_KEY_DIGEST), if signed by one
 * @since 0.1
 */
public record SignedIdBlock(IdBlock idBlock, IdAuthInfo idAuth, byte[] idKeyDigest, Optional<byte[]> authorKeyDigest) {

    public SignedIdBlock {
        Objects.requireNonNull(idBlock, "idBlock");
        Objects.requireNonNull(idAuth, "idAuth");
        idKeyDigest = idKeyDigest.clone();
        authorKeyDigest = authorKeyDigest.map(byte[]::clone);
    }

    /** Signs {@code block} with {@code idKey}, and the ID key with {@code authorKey} when not null. */
    public static SignedIdBlock sign(IdBlock block, IdKey idKey, IdKey authorKey) {
        IdAuthInfo auth = IdAuthInfo.sign(block, Objects.requireNonNull(idKey, "idKey"), authorKey);
        return new SignedIdBlock(block, auth, idKey.digest(),
                authorKey == null ? Optional.empty() : Optional.of(authorKey.digest()));
    }

    @Override
    public byte[] idKeyDigest() {
        return idKeyDigest.clone();
    }

    @Override
    public Optional<byte[]> authorKeyDigest() {
        return authorKeyDigest.map(byte[]::clone);
    }

    /** True when an author key signed the ID key (the launch must set AUTHOR_KEY_EN). */
    public boolean authorKeyEnabled() {
        return authorKeyDigest.isPresent();
    }

    /** The ID block in base64, as QEMU's {@code id-block} takes it. */
    public String idBlockBase64() {
        return Base64.getEncoder().encodeToString(idBlock.encode());
    }

    /** ID_AUTH_INFO in base64, as QEMU's {@code id-auth} takes it. */
    public String idAuthBase64() {
        return Base64.getEncoder().encodeToString(idAuth.encode());
    }

    /** The three launch parameters as QEMU's {@code sev-snp-guest} object options. */
    public String qemuOptions() {
        return "id-block=" + idBlockBase64() + ",id-auth=" + idAuthBase64() + ",author-key-enabled="
                + (authorKeyEnabled() ? "on" : "off");
    }
}
