package io.tee4j.cli;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * {@code --collateral-trust-store FILE}: the CA certificates a PCCS or mirror's TLS certificate
 * chains to, trusted for collateral fetches besides the JDK trust store. PEM, DER, hex or base64
 * certificates (as every certificate flag), or a PKCS#12 trust store without a password (what
 * {@code keytool -importcert -storetype PKCS12} writes with an empty password).
 */
final class TrustStoreFiles {
    private TrustStoreFiles() {
    }

    static List<X509Certificate> read(Path file) throws UsageException {
        byte[] content = InputFiles.read(file, "collateral trust store", InputFiles.MAX_FILE_BYTES);
        List<X509Certificate> certs = InputFiles.parseCertificates(content);
        if (!certs.isEmpty()) {
            return certs;
        }
        List<X509Certificate> fromStore = pkcs12(content);
        if (fromStore.isEmpty()) {
            throw new UsageException("--collateral-trust-store " + file + ": holds no certificate (expected PEM or DER "
                    + "certificates, or a PKCS#12 trust store without a password)" + FileKinds.seemsToBe(content));
        }
        return fromStore;
    }

    private static List<X509Certificate> pkcs12(byte[] content) {
        List<X509Certificate> out = new ArrayList<>();
        try {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(new ByteArrayInputStream(content), new char[0]);
            for (String alias : Collections.list(ks.aliases())) {
                Certificate c = ks.getCertificate(alias);
                if (c instanceof X509Certificate && ks.isCertificateEntry(alias)) {
                    out.add((X509Certificate) c);
                }
            }
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            return List.of();
        }
        return out;
    }
}
