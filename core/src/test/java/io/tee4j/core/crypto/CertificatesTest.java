package io.tee4j.core.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tee4j.core.testing.TestCa;
import java.nio.charset.StandardCharsets;
import java.security.cert.CRLException;
import java.security.cert.CertificateException;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** PEM and DER parsing of {@link Certificates}: every accepted shape and every refusal is typed. */
class CertificatesTest {

    private static final TestCa ROOT = TestCa.root("CN=Parse Root").build();
    private static final TestCa LEAF = ROOT.issue("CN=Parse Leaf").build();

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static String pem(X509Certificate c) {
        return Certificates.toPem(c);
    }

    @Test
    void derCertificate() throws Exception {
        byte[] der = LEAF.certificate().getEncoded();
        assertFalse(Certificates.isPem(der));
        assertEquals(LEAF.certificate(), Certificates.parseOne(der));
        assertEquals(List.of(LEAF.certificate()), Certificates.parseAll(der));
    }

    @Test
    void pemWithLf() throws Exception {
        byte[] in = ascii(pem(LEAF.certificate()));
        assertTrue(Certificates.isPem(in));
        assertEquals(LEAF.certificate(), Certificates.parseOne(in));
    }

    @Test
    void pemWithCrlfAndTextAround() throws Exception {
        String text = "Subject: Parse Leaf\r\n" + pem(LEAF.certificate()).replace("\n", "\r\n") + "\r\ntrailing words\r\n";
        assertTrue(text.contains("\r\n-----END CERTIFICATE-----"));
        assertEquals(LEAF.certificate(), Certificates.parseOne(ascii(text)));
    }

    @Test
    void multipleBlocksInOrderOtherLabelsSkipped() throws Exception {
        String text = pem(LEAF.certificate())
                + Certificates.toPem("PUBLIC KEY", LEAF.publicKey().getEncoded())
                + pem(ROOT.certificate());
        List<X509Certificate> all = Certificates.parseAll(ascii(text));
        assertEquals(List.of(LEAF.certificate(), ROOT.certificate()), all);
        CertificateException e = assertThrows(CertificateException.class, () -> Certificates.parseOne(ascii(text)));
        assertTrue(e.getMessage().contains("found 2"), e.getMessage());
    }

    @Test
    void pemBlocksDecodesTheWantedLabelOnly() throws Exception {
        byte[] key = LEAF.publicKey().getEncoded();
        String text = pem(LEAF.certificate()) + Certificates.toPem("PUBLIC KEY", key);
        List<byte[]> keys = Certificates.pemBlocks(ascii(text), "PUBLIC KEY");
        assertEquals(1, keys.size());
        assertArrayEquals(key, keys.get(0));
    }

    @Test
    void malformedBase64InPemBlocksIsACheckedException() {
        byte[] bad = ascii("-----BEGIN PUBLIC KEY-----\nQUJD=A\n-----END PUBLIC KEY-----\n");
        assertThrows(java.security.cert.CertificateParsingException.class,
                () -> Certificates.pemBlocks(bad, "PUBLIC KEY"));
    }

    @Test
    void garbageIsCertificateException() {
        byte[][] inputs = {
            new byte[0],
            {0x30},
            {0x30, (byte) 0x82, 0x7f, (byte) 0xff, 1, 2, 3},
            ascii("hello world"),
            ascii("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n"),
            ascii("-----BEGIN CERTIFICATE-----\nA=B=\n-----END CERTIFICATE-----\n"),
            ascii("-----BEGIN CERTIFICATE-----\nMIIB\n"), // no END
            ascii("-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n"), // no certificate at all
            ascii("-----BEGIN CERTIFICATE-----\n-----END CERTIFICATE-----\n"),
        };
        for (byte[] in : inputs) {
            assertThrows(CertificateException.class, () -> Certificates.parseAll(in), () -> new String(in, StandardCharsets.ISO_8859_1));
        }
    }

    @Test
    void derWithTrailingBytesRefused() throws Exception {
        byte[] der = LEAF.certificate().getEncoded();
        byte[] padded = Arrays.copyOf(der, der.length + 1);
        assertThrows(CertificateException.class, () -> Certificates.parseOne(padded));
        byte[] two = Arrays.copyOf(der, der.length * 2);
        System.arraycopy(der, 0, two, der.length, der.length);
        assertThrows(CertificateException.class, () -> Certificates.parseAll(two));
    }

    @Test
    void truncatedDerRefused() throws Exception {
        byte[] der = LEAF.certificate().getEncoded();
        for (int len = 0; len < der.length; len += 17) {
            byte[] cut = Arrays.copyOf(der, len);
            assertThrows(CertificateException.class, () -> Certificates.parseAll(cut), "length " + len);
        }
    }

    @Test
    void oversizedInputRefusedBeforeParsing() {
        byte[] big = new byte[Certificates.MAX_INPUT_BYTES + 1];
        assertThrows(CertificateException.class, () -> Certificates.parseAll(big));
        assertThrows(CRLException.class, () -> Certificates.parseCrl(big));
    }

    @Test
    void crlFromDerAndPem() throws Exception {
        X509CRL crl = ROOT.crl().revoke(LEAF.certificate().getSerialNumber()).build();
        assertEquals(crl, Certificates.parseCrl(crl.getEncoded()));
        String pem = Certificates.toPem("X509 CRL", crl.getEncoded()).replace("\n", "\r\n");
        assertEquals(crl, Certificates.parseCrl(ascii("comment\n" + pem)));
    }

    @Test
    void crlGarbageIsCrlException() throws Exception {
        byte[] crl = ROOT.crl().build().getEncoded();
        String pem = Certificates.toPem("X509 CRL", crl);
        byte[][] inputs = {
            new byte[0],
            ascii("garbage"),
            LEAF.certificate().getEncoded(), // a certificate is not a CRL
            Arrays.copyOf(crl, crl.length - 1),
            Arrays.copyOf(crl, crl.length + 3),
            ascii(pem + pem), // two blocks
            ascii(pem(LEAF.certificate())), // no CRL block
            ascii("-----BEGIN X509 CRL-----\nA=A=\n-----END X509 CRL-----\n"),
        };
        for (byte[] in : inputs) {
            assertThrows(CRLException.class, () -> Certificates.parseCrl(in), () -> new String(in, StandardCharsets.ISO_8859_1));
        }
    }

    @Test
    void seededRandomMutationsOnlyRaiseTypedExceptions() throws Exception {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        byte[] der = LEAF.certificate().getEncoded();
        byte[] crl = ROOT.crl().revoke(LEAF.certificate().getSerialNumber()).build().getEncoded();
        byte[] pem = ascii(pem(LEAF.certificate()));
        try {
            for (int i = 0; i < 400; i++) {
                byte[] base = i % 3 == 0 ? der : i % 3 == 1 ? crl : pem;
                byte[] m = base.clone();
                int flips = 1 + random.nextInt(4);
                for (int f = 0; f < flips; f++) {
                    m[random.nextInt(m.length)] = (byte) random.nextInt(256);
                }
                if (random.nextBoolean()) {
                    m = Arrays.copyOf(m, random.nextInt(m.length + 1));
                }
                try {
                    Certificates.parseAll(m);
                } catch (CertificateException expected) {
                    // typed
                }
                try {
                    Certificates.parseCrl(m);
                } catch (CRLException expected) {
                    // typed
                }
            }
        } catch (RuntimeException e) {
            throw new AssertionError("seed " + seed + ": unchecked exception " + e, e);
        }
    }

    @Test
    void toPemRoundTrip() throws Exception {
        String text = Certificates.toPem(ROOT.certificate());
        assertTrue(text.startsWith("-----BEGIN CERTIFICATE-----\n"));
        assertTrue(text.endsWith("-----END CERTIFICATE-----\n"));
        for (String line : text.split("\n")) {
            assertTrue(line.length() <= 64, line);
        }
        assertEquals(ROOT.certificate(), Certificates.parseOne(ascii(text)));
    }

    @Test
    void realVendorFilesParse() throws Exception {
        assertEquals(2, Certificates.parseAll(RealVendorPkiTest.resource("milan-cert-chain.pem")).size());
        assertEquals(5, Certificates.parseAll(RealVendorPkiTest.resource("hopper-cert-chain.pem")).size());
        assertEquals(1, Certificates.parseAll(RealVendorPkiTest.resource("milan-vcek.der")).size());
        Certificates.parseCrl(RealVendorPkiTest.resource("intel-pck-platform.crl.der"));
    }
}
