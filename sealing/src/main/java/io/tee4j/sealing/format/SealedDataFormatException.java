package io.tee4j.sealing.format;

/**
 * Sealed data that does not follow FORMAT.md (a bad header, a length out of range). The public
 * classes turn it into {@code MalformedSealedDataException} with the same message; it exists so this
 * package depends on nothing above it.
 */
public final class SealedDataFormatException extends Exception {
    private static final long serialVersionUID = 1L;

    public SealedDataFormatException(String message) {
        super(message);
    }
}
