package io.tee4j.se.verify;

import io.tee4j.core.SecretBytes;
import io.tee4j.se.abi.Arcb;
import java.util.Optional;

/**
 * An ARCB whose GCM tag verified with the ARPK, with its decrypted measurement key (kept as
 * {@link SecretBytes}) and nonce.
 *
 * @param arcb the authenticated request
 * @param measurementKey the 64-byte HMAC-SHA512 key
 * @param nonce the 16-byte nonce, if the request has one
 * @since 0.3
 */
public record DecryptedArcb(Arcb arcb, SecretBytes measurementKey, Optional<byte[]> nonce) {
}
