package io.tee4j.nvgpu.abi;

import java.security.cert.X509Certificate;
import java.util.List;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;

/**
 * Reads the common name of an NVIDIA device certificate's subject (the GPU model and chip names live there).
 * Support code for this backend's packages, not API: it neither validates the certificate nor its name.
 */
public final class CertificateNames {
    private CertificateNames() {
    }

    /** The subject's first CN, or the empty string when there is none or the name does not parse. */
    public static String commonName(X509Certificate cert) {
        try {
            List<Rdn> rdns = new LdapName(cert.getSubjectX500Principal().getName()).getRdns();
            for (Rdn rdn : rdns) {
                if ("CN".equalsIgnoreCase(rdn.getType())) {
                    return rdn.getValue().toString();
                }
            }
        } catch (InvalidNameException e) {
            return "";
        }
        return "";
    }
}
