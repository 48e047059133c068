package io.tee4j.core.crypto;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.security.cert.CRLException;
import java.security.cert.CertificateException;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;

/**
 * Fuzz harness for {@link Certificates#parseAll} and {@link Certificates#parseCrl}: for any input
 * the only exceptions allowed out are {@link CertificateException} and {@link CRLException}; what
 * parses must re-encode and expose its fields without throwing.
 *
 * <p>In a normal {@code mvn verify} it runs in Jazzer's regression mode over the seed corpus in
 * {@code src/test/resources/io/tee4j/core/crypto/CertificatesFuzzTestInputs/parse/} (real AMD,
 * NVIDIA and Intel certificates and CRLs, DER and PEM). To fuzz it, see {@code core/FUZZING.md}.
 */
class CertificatesFuzzTest {

    @FuzzTest(maxDuration = "10m")
    void parse(byte[] data) {
        try {
            for (X509Certificate cert : Certificates.parseAll(data)) {
                cert.getEncoded();
                cert.getSubjectX500Principal().getName();
                cert.getIssuerX500Principal().getName();
                cert.getPublicKey();
                cert.getBasicConstraints();
                cert.getKeyUsage();
                cert.getCriticalExtensionOIDs();
                cert.getSerialNumber();
            }
        } catch (CertificateException expected) {
            // the one allowed outcome for bad certificate input
        }
        try {
            X509CRL crl = Certificates.parseCrl(data);
            crl.getEncoded();
            crl.getIssuerX500Principal().getName();
            crl.getThisUpdate();
            crl.getNextUpdate();
            crl.getRevokedCertificates();
        } catch (CRLException expected) {
            // the one allowed outcome for bad CRL input
        }
    }
}
