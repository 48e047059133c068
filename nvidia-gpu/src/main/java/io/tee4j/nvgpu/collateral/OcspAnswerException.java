package io.tee4j.nvgpu.collateral;

/**
 * An OCSP answer that is no usable OCSP response: not DER, a field of the wrong type or tag, bytes
 * after the response, a status other than successful, a response type other than basic. The
 * checker treats it like no answer at all (revocation stays unknown), as before the rewrite.
 */
final class OcspAnswerException extends Exception {
    private static final long serialVersionUID = 1L;

    OcspAnswerException(String message) {
        super(message);
    }

    OcspAnswerException(String message, Throwable cause) {
        super(message, cause);
    }
}
