package io.tee4j.coco.aa;

/**
 * {@code GET /aa/token?token_type=...}: the attestation token the agent obtained from its KBS (a
 * full RCAR exchange inside the pod) and the PEM private key of the TEE key pair that the token
 * binds. Not verified here: check the token with {@link io.tee4j.coco.token.TokenVerifier}.
 *
 * @param token the JWT as received
 * @param teeKeyPairPem the TEE key pair's private key (PKCS#8 EC or PKCS#1 RSA PEM); secret
 */
public record AaToken(String token, String teeKeyPairPem) {
    @Override
    public String toString() {
        // Never print the private key.
        return "AaToken[token " + token.length() + " chars, tee_keypair redacted]";
    }
}
