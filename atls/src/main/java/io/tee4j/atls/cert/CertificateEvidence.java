package io.tee4j.atls.cert;

import io.tee4j.core.Evidence;
import io.tee4j.core.TeeType;
import java.util.Objects;
import java.util.Optional;

/**
 * What an attested certificate carries, decoded but NOT verified: the convention it follows, the
 * TEE evidence (with the certificates and blob that travel with it) where tee4j can verify that
 * TEE, and what the certificate claims about freshness. Immutable.
 *
 * <p>Nothing here is authenticated: the evidence still has to pass its TEE's verifier, and the
 * verified report data has to match the binding for the certificate key and the client's nonce.
 *
 * @param format the convention the certificate follows
 * @param extensionOid the OID of the extension the evidence came from
 * @param tee the TEE of the evidence, when tee4j has a backend for it (empty: SGX, an unknown
 *     media type or Constellation variant)
 * @param description what the evidence is, in words (a media type, a variant)
 * @param evidence the evidence as tee4j's verifiers take it, when {@code tee} is present
 * @param freshness what the certificate says its evidence is fresh by
 * @param claimedNonce the nonce (or time-window nonce) the certificate says it was bound to
 * @param cmw the decoded wrapper (tee4j format only)
 * @param gramine the decoded Gramine evidence (Gramine format only)
 * @param constellationUserData the {@code UserData} of a Constellation document (SHA-256 of the key)
 */
public record CertificateEvidence(EvidenceFormat format, String extensionOid, Optional<TeeType> tee,
        String description, Optional<Evidence> evidence, Freshness freshness, Optional<byte[]> claimedNonce,
        Optional<Cmw> cmw, Optional<GramineEvidence> gramine, Optional<byte[]> constellationUserData) {
    public CertificateEvidence {
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(extensionOid, "extensionOid");
        Objects.requireNonNull(tee, "tee");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(evidence, "evidence");
        Objects.requireNonNull(freshness, "freshness");
        claimedNonce = claimedNonce.map(byte[]::clone);
        Objects.requireNonNull(cmw, "cmw");
        Objects.requireNonNull(gramine, "gramine");
        constellationUserData = constellationUserData.map(byte[]::clone);
    }

    @Override
    public Optional<byte[]> claimedNonce() {
        return claimedNonce.map(byte[]::clone);
    }

    @Override
    public Optional<byte[]> constellationUserData() {
        return constellationUserData.map(byte[]::clone);
    }

    /**
     * The report data this certificate's evidence must carry for the given SubjectPublicKeyInfo and
     * nonce, under its convention (Gramine: the claims digest, independent of any nonce).
     */
    public byte[] expectedReportData(byte[] spki, byte[] nonce) {
        switch (format) {
            case GRAMINE_TCG_DICE:
                return gramine.orElseThrow().claimsDigest();
            case CONSTELLATION:
                return Bindings.constellation(spki, nonce);
            default:
                return Bindings.sha512(spki, nonce);
        }
    }
}
