package io.tee4j.cca;

/**
 * A trust-anchor store, reference-value file or key given to the CCA verifier is not valid
 * (bad JSON, an unknown key, a wrong length, a key that is not an EC public key). A caller error,
 * raised when the input is read, never during verification.
 *
 * @since 0.1
 */
public class CcaConfigurationException extends Exception {
    private static final long serialVersionUID = 1L;

    public CcaConfigurationException(String message) {
        super(message);
    }

    public CcaConfigurationException(String message, Throwable cause) {
        super(message, cause);
    }
}
