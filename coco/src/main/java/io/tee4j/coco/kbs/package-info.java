/**
 * A client for the Confidential Containers trustee Key Broker Service (KBS): the RCAR handshake
 * ({@code /kbs/v0/auth}, {@code /kbs/v0/attest}), the runtime-data binding of the TEE key and the
 * challenge nonce into the evidence (RFC 8785 JCS, then SHA-384, or SHA-512 when the KBS selects it),
 * and resource retrieval ({@code /kbs/v0/resource/<repository>/<type>/<tag>}) with the response
 * decrypted by {@link io.tee4j.coco.jwe}.
 *
 * <p>What the client checks: the protocol version it speaks is exactly {@code 0.4.0}; the KBS's
 * answers are well-formed, bounded and of the documented shapes; the encrypted resource decrypts
 * with the per-session TEE key under the algorithm that key advertised. What it does not check: the
 * KBS's identity (that is the TLS layer's job; use an {@code https} URL) and the attestation token's
 * signature (the token is the KBS's statement to itself; see the token half of this module to verify it).
 */
package io.tee4j.coco.kbs;
