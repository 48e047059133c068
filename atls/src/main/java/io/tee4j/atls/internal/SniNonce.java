package io.tee4j.atls.internal;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.StandardConstants;

/**
 * The per-handshake nonce carried in SNI. JSSE accepts only LDH host names (labels of at most 63
 * characters; {@code + / =} are refused on both ends with alert 47), so the nonce travels as
 *
 * <ul>
 *   <li>one 60-character {@code [A-Za-z0-9]} label, read as standard base64: 45 nonce bytes. This
 *       is what tee4j clients send, and what a Go aTLS server (Constellation, Contrast) decodes to
 *       the same 45 bytes with {@code base64.StdEncoding}; or
 *   <li>hex split into labels of at most 63 characters, at least 32 hex digits (16 bytes) in all.
 * </ul>
 *
 * <p>A single 60-character label is always read as base64, even when every character is a hex
 * digit: a hex client must split differently (two labels of 32, say). Any other SNI is a host
 * name, not a nonce.
 */
public final class SniNonce {
    /** Characters in the base64 label: 45 bytes of nonce. */
    public static final int LABEL_LENGTH = 60;
    private static final int MIN_HEX_DIGITS = 32;
    private static final String ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    private SniNonce() {
    }

    /**
     * A fresh label: 60 characters drawn uniformly from {@code [A-Za-z0-9]}, which is the same
     * distribution as base64 of 45 random bytes redrawn until it has no {@code +} or {@code /}.
     */
    public static String newLabel(SecureRandom random) {
        char[] out = new char[LABEL_LENGTH];
        for (int i = 0; i < out.length; i++) {
            out[i] = ALNUM.charAt(random.nextInt(ALNUM.length()));
        }
        return new String(out);
    }

    /** The nonce in these server names, if they hold one in either form. */
    public static Optional<byte[]> parse(List<SNIServerName> names) {
        if (names == null) {
            return Optional.empty();
        }
        for (SNIServerName n : names) {
            if (n.getType() == StandardConstants.SNI_HOST_NAME) {
                String name = n instanceof SNIHostName ? ((SNIHostName) n).getAsciiName()
                        : new String(n.getEncoded(), java.nio.charset.StandardCharsets.US_ASCII);
                return parse(name);
            }
        }
        return Optional.empty();
    }

    /** The nonce in one host name, if it is in either form. */
    public static Optional<byte[]> parse(String hostName) {
        if (hostName.length() == LABEL_LENGTH && hostName.chars().allMatch(c -> ALNUM.indexOf(c) >= 0)) {
            return Optional.of(Base64.getDecoder().decode(hostName));
        }
        String[] labels = hostName.split("\\.", -1);
        StringBuilder hex = new StringBuilder();
        for (String label : labels) {
            if (label.isEmpty() || label.length() > 63 || !label.chars().allMatch(SniNonce::isHexDigit)) {
                return Optional.empty();
            }
            hex.append(label);
        }
        if (hex.length() < MIN_HEX_DIGITS || hex.length() % 2 != 0) {
            return Optional.empty();
        }
        return Optional.of(HexFormat.of().parseHex(hex));
    }

    private static boolean isHexDigit(int c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }
}
