package io.tee4j.nvgpu.abi;

import java.security.cert.X509Certificate;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1String;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
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

    /** The subject's serialNumber attribute (2.5.4.5; NVIDIA's BROM certificates carry the device PDI there), or "". */
    public static String serialNumber(X509Certificate cert) {
        try {
            RDN[] rdns = X500Name.getInstance(cert.getSubjectX500Principal().getEncoded()).getRDNs(BCStyle.SERIALNUMBER);
            if (rdns.length == 0 || rdns[0].getFirst() == null) {
                return "";
            }
            ASN1Encodable v = rdns[0].getFirst().getValue();
            return v instanceof ASN1String ? ((ASN1String) v).getString() : "";
        } catch (RuntimeException e) {
            return "";
        }
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
