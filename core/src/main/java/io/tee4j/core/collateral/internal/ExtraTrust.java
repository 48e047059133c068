package io.tee4j.core.collateral.internal;

import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.Collection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * A TLS context that trusts the JDK's trust store plus given CA certificates (a PCCS or mirror
 * with an internal CA). Server names are still verified by the HTTP client. The JVM's own
 * defaults are not changed.
 */
public final class ExtraTrust {
    private ExtraTrust() {
    }

    /**
     * @throws IllegalArgumentException when the trust material cannot be assembled
     */
    public static SSLContext context(Collection<X509Certificate> extraRoots) {
        try {
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            int n = 0;
            for (X509Certificate c : jdkDefaults().getAcceptedIssuers()) {
                store.setCertificateEntry("jdk-" + n++, c);
            }
            for (X509Certificate c : extraRoots) {
                store.setCertificateEntry("extra-" + n++, c);
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(store);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, tmf.getTrustManagers(), null);
            return ctx;
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new IllegalArgumentException("cannot build the TLS trust for collateral endpoints: " + e.getMessage(),
                    e);
        }
    }

    private static X509TrustManager jdkDefaults() throws GeneralSecurityException {
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init((KeyStore) null);
        for (TrustManager tm : tmf.getTrustManagers()) {
            if (tm instanceof X509TrustManager) {
                return (X509TrustManager) tm;
            }
        }
        throw new GeneralSecurityException("the JDK has no X.509 trust manager");
    }
}
