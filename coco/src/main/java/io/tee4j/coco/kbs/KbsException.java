package io.tee4j.coco.kbs;

import io.tee4j.core.AttestationException;
import io.tee4j.core.FailureClass;
import java.util.Optional;

/**
 * A KBS answered with an error, or could not be reached. trustee's errors carry
 * {@code {"type": ".../kbs/errors/<Variant>", "detail"}} and (in its code, not its document) status
 * 401 for everything but {@code InvalidRequestPath} and {@code PluginNotFound}, which are 404; so the
 * class is taken from the variant, not the status:
 *
 * <ul>
 *   <li>{@code PolicyDeny}: {@link FailureClass#POLICY_VIOLATION} (exit 5);</li>
 *   <li>{@code AttestationError}, {@code TokenNotFound}, {@code TokenVerifierError}, {@code JweError}, an expired
 *       session and any other 401: {@link FailureClass#VERIFICATION_FAILED} (exit 2);</li>
 *   <li>{@code InvalidRequestPath}, {@code PluginNotFound}, {@code PluginInternalError} (a missing resource), a 5xx
 *       and a transport failure: {@link FailureClass#COLLATERAL_UNAVAILABLE} (exit 3, the thing asked for could not
 *       be had).</li>
 * </ul>
 *
 * <p>The KBS's detail text is shown after sanitising (printable ASCII, at most 200 characters): it
 * comes from the server and is not trusted.
 */
public class KbsException extends AttestationException {
    private static final long serialVersionUID = 1L;
    private static final String TYPE_PREFIX = "https://github.com/confidential-containers/kbs/errors/";

    private final int status;
    private final String errorType;
    private final FailureClass failureClass;

    /** An error the KBS answered with. */
    public KbsException(int status, String errorType, String detail) {
        super("KBS answered " + status + " " + (errorType.isEmpty() ? "(no error type)" : errorType)
                + (detail.isEmpty() ? "" : ": " + sanitise(detail)));
        this.status = status;
        this.errorType = errorType;
        this.failureClass = classify(status, errorType);
    }

    /** The KBS could not be reached (after the configured retries). */
    public KbsException(String message, Throwable cause) {
        super(message, cause);
        this.status = 0;
        this.errorType = "";
        this.failureClass = FailureClass.COLLATERAL_UNAVAILABLE;
    }

    /** The HTTP status, or 0 when no answer came. */
    public int status() {
        return status;
    }

    /** trustee's error variant (e.g. {@code PolicyDeny}), or empty when the KBS named none. */
    public Optional<String> errorType() {
        return errorType.isEmpty() ? Optional.empty() : Optional.of(errorType);
    }

    @Override
    public FailureClass failureClass() {
        return failureClass;
    }

    /** The variant named by a trustee error {@code type} URI, or "" when it is not one. */
    static String variantOf(String typeUri) {
        if (!typeUri.startsWith(TYPE_PREFIX)) {
            return "";
        }
        String v = typeUri.substring(TYPE_PREFIX.length());
        return v.matches("[A-Za-z]{1,64}") ? v : "";
    }

    /** The type URI of {@code variant} (the fake KBS answers with it). */
    public static String typeUri(String variant) {
        return TYPE_PREFIX + variant;
    }

    private static FailureClass classify(int status, String type) {
        switch (type) {
            case "PolicyDeny":
                return FailureClass.POLICY_VIOLATION;
            case "InvalidRequestPath":
            case "PluginNotFound":
            case "PluginInternalError":
                return FailureClass.COLLATERAL_UNAVAILABLE;
            default:
                return status >= 500 || status == 404 ? FailureClass.COLLATERAL_UNAVAILABLE
                        : FailureClass.VERIFICATION_FAILED;
        }
    }

    private static String sanitise(String s) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length() && b.length() < 200; i++) {
            char c = s.charAt(i);
            b.append(c >= 0x20 && c < 0x7f ? c : '?');
        }
        return b.toString();
    }
}
