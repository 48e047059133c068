package io.tee4j.core;

/**
 * A policy document (for example a JSON policy file) is not valid: an unknown key, a wrong type,
 * a value out of range. {@link #path()} points at the offending key, e.g.
 * {@code $.minimumTcb.snp}. This is a caller error, not an attestation failure.
 *
 * @since 0.1
 */
public class PolicyFormatException extends Exception {
    private static final long serialVersionUID = 1L;

    private final String path;

    public PolicyFormatException(String path, String problem) {
        super(path + ": " + problem);
        this.path = path;
    }

    /** The JSON path of the bad key. */
    public String path() {
        return path;
    }
}
