/**
 * Attestation tokens in: {@link io.tee4j.coco.token.TokenVerifier} verifies trustee and Veraison
 * EAR tokens and other JWS attestation tokens against configured keys and trust roots
 * ({@link io.tee4j.coco.token.TokenKeys}), never against a key the token carries by itself.
 */
package io.tee4j.coco.token;
