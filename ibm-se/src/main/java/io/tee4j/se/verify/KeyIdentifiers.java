package io.tee4j.se.verify;

import java.security.cert.X509Extension;
import java.util.Arrays;
import java.util.Optional;

/**
 * Reads the subject key identifier and the keyIdentifier of the authority key identifier from a
 * certificate or CRL, with a minimal bounded DER reader (the production module carries no ASN.1
 * library). A malformed extension reads as absent-but-present: {@link #authorityKeyId} returns an
 * empty array, which matches no key.
 */
final class KeyIdentifiers {
    private static final String SKID = "2.5.29.14";
    private static final String AKID = "2.5.29.35";

    private KeyIdentifiers() {
    }

    /** The subject key identifier, if the extension is present and well formed. */
    static Optional<byte[]> subjectKeyId(X509Extension x) {
        byte[] ext = x.getExtensionValue(SKID);
        if (ext == null) {
            return Optional.empty();
        }
        byte[] inner = content(ext, 0, 0x04);
        return inner == null ? Optional.empty() : Optional.ofNullable(content(inner, 0, 0x04));
    }

    /**
     * The authority key identifier's keyIdentifier: empty optional when the extension is absent,
     * an empty array when it is present but malformed or carries no keyIdentifier.
     */
    static Optional<byte[]> authorityKeyId(X509Extension x) {
        byte[] ext = x.getExtensionValue(AKID);
        if (ext == null) {
            return Optional.empty();
        }
        byte[] inner = content(ext, 0, 0x04);
        byte[] seq = inner == null ? null : content(inner, 0, 0x30);
        byte[] keyId = seq == null ? null : content(seq, 0, 0x80);
        return Optional.of(keyId == null ? new byte[0] : keyId);
    }

    /** The content of the DER element at {@code at} when its tag is {@code tag}; null otherwise. */
    private static byte[] content(byte[] der, int at, int tag) {
        if (der.length < at + 2 || (der[at] & 0xff) != tag) {
            return null;
        }
        int len = der[at + 1] & 0xff;
        int start = at + 2;
        if (len > 0x80) {
            int n = len - 0x80;
            if (n > 3 || der.length < start + n) {
                return null;
            }
            len = 0;
            for (int i = 0; i < n; i++) {
                len = (len << 8) | (der[start + i] & 0xff);
            }
            start += n;
        } else if (len == 0x80) {
            return null;
        }
        if (der.length - start < len) {
            return null;
        }
        return Arrays.copyOfRange(der, start, start + len);
    }
}
