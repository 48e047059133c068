package io.tee4j.se.verify;

import io.tee4j.core.VerificationFailedException;

/**
 * The request's AES-GCM tag does not verify with the given ARPK: a wrong ARPK or a changed
 * request. Exit class 2.
 *
 * @since 0.3
 */
public final class ArcbAuthenticationException extends VerificationFailedException {
    private static final long serialVersionUID = 1L;

    ArcbAuthenticationException(String message, Throwable cause) {
        super(Reason.SIGNATURE, message, cause);
    }
}
