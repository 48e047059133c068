/**
 * Encrypted KBS resource responses: the flattened JWE trustee's KBS returns
 * ({@code {"protected","encrypted_key","iv","ciphertext","tag"}}), decrypted with the TEE key whose
 * public half the client sent in {@code tee-pubkey}. Algorithms: ECDH-ES+A256KW on P-256 and P-521,
 * RSA-OAEP-256, and RSA1_5 only when the key was made for it; content encryption A256GCM.
 *
 * <p>What is verified: the GCM tag over the ciphertext with the received protected header as AAD, the
 * AES key-wrap integrity value, that the ephemeral key lies on the TEE key's curve, and that the
 * header's algorithm is the one the TEE key advertised (no downgrade). What is not: who encrypted
 * the response; anyone holding the TEE public key can produce one, so the binding to the KBS comes
 * from the attested session, not from the JWE.
 */
package io.tee4j.coco.jwe;
