package io.tee4j.core.crypto;

/**
 * A public key is not usable: not a point of its curve, an unsupported curve or algorithm.
 * Checked, so callers decide which failure class it becomes (usually a verification failure of
 * the evidence that carried the key).
 *
 * @since 0.1
 */
public class InvalidKeyException extends Exception {
    private static final long serialVersionUID = 1L;

    public InvalidKeyException(String message) {
        super(message);
    }
}
