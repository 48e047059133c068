package io.tee4j.tdx.collateral;

import io.tee4j.core.MalformedEvidenceException;
import io.tee4j.core.crypto.Certificates;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.util.List;
import java.util.Objects;

/**
 * An Intel PCS issuer-chain header value as PCS sends it ({@code TCB-Info-Issuer-Chain},
 * {@code SGX-TCB-Info-Issuer-Chain}, {@code SGX-Enclave-Identity-Issuer-Chain},
 * {@code SGX-PCK-CRL-Issuer-Chain}, {@code SGX-PCK-Certificate-Issuer-Chain}): a PEM chain,
 * percent-encoded onto one line ({@code %20}, {@code %0A}, {@code %2B}, {@code %2F}, {@code %3D}).
 * Tools and PCCS-style stores keep the value verbatim, so collateral readers accept it and decode it
 * once, here.
 *
 * <p>Decoding is strict RFC 3986 percent-decoding: every {@code %} is followed by two hex digits, and
 * a literal {@code +} stays a {@code +} (a form decoder would turn it into a space and corrupt the
 * base64). The result must be PEM holding at least one certificate that parses. Nothing about the
 * chain is verified here: its signatures and its root are checked where the collateral is used.
 *
 * @since 0.1
 */
public final class PcsIssuerChain {
    private static final String ENCODED_BEGIN = "-----BEGIN%20CERTIFICATE-----";

    private PcsIssuerChain() {
    }

    /** Whether {@code content} is a percent-encoded PEM chain (after leading white space). */
    public static boolean isPercentEncoded(byte[] content) {
        Objects.requireNonNull(content, "content");
        String head = new String(content, 0, Math.min(content.length, 64), StandardCharsets.US_ASCII).strip();
        return head.startsWith(ENCODED_BEGIN);
    }

    /**
     * Decodes a percent-encoded header value to its PEM chain.
     *
     * @throws MalformedEvidenceException a bad escape, a character outside printable ASCII, or a
     *     result that is not PEM certificates
     */
    public static byte[] decode(byte[] content, String what) throws MalformedEvidenceException {
        Objects.requireNonNull(content, "content");
        String text = new String(content, StandardCharsets.US_ASCII).strip();
        ByteArrayOutputStream out = new ByteArrayOutputStream(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '%') {
                int hi = i + 2 < text.length() ? Character.digit(text.charAt(i + 1), 16) : -1;
                int lo = hi < 0 ? -1 : Character.digit(text.charAt(i + 2), 16);
                if (lo < 0) {
                    throw new MalformedEvidenceException(what + ": bad percent escape at offset " + i);
                }
                out.write(hi << 4 | lo);
                i += 2;
            } else if (c < 0x21 || c > 0x7E) {
                throw new MalformedEvidenceException(what + ": unencoded character 0x"
                        + Integer.toHexString(c) + " at offset " + i);
            } else {
                out.write(c);
            }
        }
        byte[] pem = out.toByteArray();
        try {
            List<?> certs = Certificates.parseAll(pem);
            if (certs.isEmpty() || !new String(pem, StandardCharsets.US_ASCII).contains("-----BEGIN CERTIFICATE-----")) {
                throw new MalformedEvidenceException(what + ": decodes to no PEM certificate");
            }
        } catch (CertificateException | IllegalArgumentException e) {
            throw new MalformedEvidenceException(what + ": decodes to no valid PEM certificate chain ("
                    + e.getMessage() + ")");
        }
        return pem;
    }
}
