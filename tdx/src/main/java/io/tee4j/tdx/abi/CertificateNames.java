package io.tee4j.tdx.abi;

import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import javax.security.auth.x500.X500Principal;

/** Reads the common name of an Intel certificate's subject or issuer. */
public final class CertificateNames {
    private CertificateNames() {
    }

    /** The first CN of {@code p}, or "" when it has none or does not parse. */
    public static String commonName(X500Principal p) {
        try {
            for (Rdn rdn : new LdapName(p.getName()).getRdns()) {
                if (rdn.getType().equalsIgnoreCase("CN")) {
                    return rdn.getValue().toString();
                }
            }
        } catch (InvalidNameException e) {
            return "";
        }
        return "";
    }
}
