package io.tee4j.core.crypto;

import io.tee4j.core.VerificationFailedException;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.CRLException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads X.509 certificates and CRLs from DER or PEM (one or many, CRLF or LF line endings, text
 * around the blocks ignored). Parsing is not validation: see {@link CertificateChainValidator}.
 *
 * <p>Strictness: a DER input must be exactly one certificate or CRL (trailing bytes are refused,
 * as Go's {@code crypto/x509} does, so two parsers never disagree about what was signed); a PEM
 * input must hold at least one block of the wanted label with valid base64; inputs over
 * {@link #MAX_INPUT_BYTES} are refused before parsing. Every failure is a
 * {@link CertificateException} or {@link CRLException}; no unchecked exception escapes for any
 * input.
 *
 * @since 0.1
 */
public final class Certificates {
    /** Certificates larger than this are refused before parsing. */
    public static final int MAX_INPUT_BYTES = 4 << 20;

    // The body's class holds no '-', so the body ends where the END line starts: a possessive
    // quantifier matches exactly what the lazy one did, without trying the END line at every
    // character (that made PEM parsing a tenth of a new TDX platform's verification).
    private static final Pattern PEM_BLOCK = Pattern.compile(
            "-----BEGIN ([A-Z0-9 ]++)-----([A-Za-z0-9+/=\\s]*+)-----END \\1-----");

    private Certificates() {
    }

    /** One certificate from DER or PEM; exactly one must be present. */
    public static X509Certificate parseOne(byte[] input) throws CertificateException {
        List<X509Certificate> all = parseAll(input);
        if (all.size() != 1) {
            throw new CertificateException("expected one certificate, found " + all.size());
        }
        return all.get(0);
    }

    /**
     * Every certificate of several inputs (each DER or PEM), in order: what a backend makes of the
     * trust roots or certificates a caller gave it. A bad input is a certificate-chain failure
     * naming {@code what} it was (e.g. "a trust root"), since no chain can be built from it.
     */
    public static List<X509Certificate> parseAll(List<byte[]> inputs, String what) throws VerificationFailedException {
        List<X509Certificate> out = new ArrayList<>();
        for (byte[] input : inputs) {
            try {
                out.addAll(parseAll(input));
            } catch (CertificateException e) {
                throw new VerificationFailedException(VerificationFailedException.Reason.CERTIFICATE_CHAIN,
                        what + " does not parse: " + e.getMessage(), e);
            }
        }
        return out;
    }

    /** Every certificate in a DER certificate or a PEM file with any number of CERTIFICATE blocks. */
    public static List<X509Certificate> parseAll(byte[] input) throws CertificateException {
        if (input.length > MAX_INPUT_BYTES) {
            throw new CertificateException("certificate input larger than " + MAX_INPUT_BYTES + " bytes");
        }
        List<byte[]> ders;
        if (isPem(input)) {
            ders = pemBlocks(input, "CERTIFICATE");
            if (ders.isEmpty()) {
                throw new CertificateException("no CERTIFICATE PEM block found");
            }
        } else {
            ders = List.of(input);
        }
        List<X509Certificate> out = new ArrayList<>(ders.size());
        CertificateFactory cf = factory();
        for (byte[] der : ders) {
            X509Certificate cert;
            try {
                cert = (X509Certificate) cf.generateCertificate(new ByteArrayInputStream(der));
            } catch (CertificateException | RuntimeException e) {
                throw new CertificateException("not an X.509 certificate: " + e.getMessage(), e);
            }
            if (cert == null || encodedLength(cert) != der.length) {
                throw new CertificateException("not exactly one DER X.509 certificate ("
                        + der.length + " bytes given, trailing bytes or another encoding)");
            }
            out.add(cert);
        }
        return out;
    }

    /** A CRL from DER or PEM ({@code X509 CRL} block). */
    public static X509CRL parseCrl(byte[] input) throws CRLException {
        if (input.length > MAX_INPUT_BYTES) {
            throw new CRLException("CRL input larger than " + MAX_INPUT_BYTES + " bytes");
        }
        byte[] der = input;
        if (isPem(input)) {
            List<byte[]> blocks;
            try {
                blocks = pemBlocks(input, "X509 CRL");
            } catch (CertificateParsingException e) {
                throw new CRLException(e.getMessage(), e);
            }
            if (blocks.size() != 1) {
                throw new CRLException("expected one X509 CRL PEM block, found " + blocks.size());
            }
            der = blocks.get(0);
        }
        X509CRL crl;
        try {
            crl = (X509CRL) factory().generateCRL(new ByteArrayInputStream(der));
        } catch (CertificateException | CRLException | RuntimeException e) {
            throw new CRLException("not an X.509 CRL: " + e.getMessage(), e);
        }
        int encoded;
        try {
            encoded = crl == null ? -1 : crl.getEncoded().length;
        } catch (CRLException | RuntimeException e) {
            throw new CRLException("not an X.509 CRL: " + e.getMessage(), e);
        }
        if (encoded != der.length) {
            throw new CRLException("not exactly one DER X.509 CRL (" + der.length
                    + " bytes given, trailing bytes or another encoding)");
        }
        return crl;
    }

    private static int encodedLength(X509Certificate cert) throws CertificateException {
        try {
            return cert.getEncoded().length;
        } catch (CertificateException | RuntimeException e) {
            throw new CertificateException("not an X.509 certificate: " + e.getMessage(), e);
        }
    }

    /** Whether the input looks like PEM text rather than DER. */
    public static boolean isPem(byte[] input) {
        return new String(input, 0, Math.min(input.length, 64 * 1024), StandardCharsets.US_ASCII)
                .contains("-----BEGIN ");
    }

    /**
     * The decoded contents of every PEM block with the given label, in order.
     *
     * @throws CertificateParsingException when a block's base64 is malformed (checked, so callers
     *     reading untrusted files cannot let it escape as an unchecked exception)
     */
    public static List<byte[]> pemBlocks(byte[] input, String label) throws CertificateParsingException {
        Matcher m = PEM_BLOCK.matcher(new String(input, StandardCharsets.US_ASCII));
        List<byte[]> out = new ArrayList<>();
        while (m.find()) {
            if (m.group(1).equals(label)) {
                try {
                    out.add(Base64.getMimeDecoder().decode(m.group(2)));
                } catch (IllegalArgumentException e) {
                    throw new CertificateParsingException("malformed base64 in a " + label + " PEM block", e);
                }
            }
        }
        return out;
    }

    /** PEM text of a certificate. */
    public static String toPem(X509Certificate cert) {
        try {
            return toPem("CERTIFICATE", cert.getEncoded());
        } catch (java.security.cert.CertificateEncodingException e) {
            throw new IllegalStateException("a parsed certificate always encodes", e);
        }
    }

    /** PEM text of DER bytes under the given label. */
    public static String toPem(String label, byte[] der) {
        return "-----BEGIN " + label + "-----\n"
                + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + label + "-----\n";
    }

    private static CertificateFactory factory() throws CertificateException {
        return CertificateFactory.getInstance("X.509");
    }
}
