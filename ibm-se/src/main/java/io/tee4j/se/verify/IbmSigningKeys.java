package io.tee4j.se.verify;

import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import javax.security.auth.x500.X500Principal;

/**
 * Recognizes IBM's host-key signing key by its subject, as s390-tools does: exactly six RDNs,
 * C=US, ST=New York, L=Poughkeepsie or Armonk, O and CN "International Business Machines
 * Corporation", and an OU ending in "Key Signing Service". Also lists the issuer names a CRL of
 * that key may carry: IBM's real CRLs name the key with its RDNs in another order (C, O, OU, L,
 * ST, CN), and an Armonk key's CRL may name Poughkeepsie.
 */
final class IbmSigningKeys {
    private static final String IBM = "International Business Machines Corporation";
    private static final List<String> CRL_ORDER = List.of("C", "O", "OU", "L", "ST", "CN");

    private IbmSigningKeys() {
    }

    /** Whether {@code cert}'s subject matches IBM's signing-key pattern. */
    static boolean isSigningKey(X509Certificate cert) {
        Map<String, String> rdns = rdns(cert.getSubjectX500Principal());
        if (rdns == null || rdns.size() != 6) {
            return false;
        }
        String locality = rdns.get("L");
        return "US".equals(rdns.get("C")) && "New York".equals(rdns.get("ST"))
                && ("Poughkeepsie".equals(locality) || "Armonk".equals(locality))
                && IBM.equals(rdns.get("O")) && IBM.equals(rdns.get("CN"))
                && rdns.getOrDefault("OU", "").endsWith("Key Signing Service");
    }

    /** The issuer names a CRL of {@code key} may carry, the exact subject first. */
    static List<Set<X500Principal>> crlIssuerNames(X509Certificate key) {
        X500Principal subject = key.getSubjectX500Principal();
        Set<X500Principal> exact = new LinkedHashSet<>(List.of(subject));
        Map<String, String> rdns = rdns(subject);
        List<Set<X500Principal>> out = new ArrayList<>();
        if (rdns == null || rdns.size() != 6) {
            out.add(exact);
            return out;
        }
        exact.add(reordered(rdns));
        out.add(exact);
        if ("Armonk".equals(rdns.get("L"))) {
            Map<String, String> pok = new LinkedHashMap<>(rdns);
            pok.put("L", "Poughkeepsie");
            out.add(new LinkedHashSet<>(List.of(inOrder(pok, List.copyOf(pok.keySet())), reordered(pok))));
        }
        return out;
    }

    private static X500Principal reordered(Map<String, String> rdns) {
        return inOrder(rdns, CRL_ORDER);
    }

    /** A name whose RDNs are in {@code order} (encoding order: the first is outermost, C usually). */
    private static X500Principal inOrder(Map<String, String> rdns, List<String> order) {
        List<Rdn> list = new ArrayList<>();
        try {
            for (String type : order) {
                list.add(new Rdn(type, rdns.get(type)));
            }
        } catch (InvalidNameException e) {
            throw new IllegalStateException(e);
        }
        return new X500Principal(new LdapName(list).toString());
    }

    /** The RDNs by type (upper case) in encoding order, or null when a type repeats or an RDN is multi-valued. */
    private static Map<String, String> rdns(X500Principal name) {
        try {
            Map<String, String> out = new LinkedHashMap<>();
            for (Rdn rdn : new LdapName(name.getName(X500Principal.RFC2253)).getRdns()) {
                if (rdn.size() != 1 || out.put(rdn.getType().toUpperCase(Locale.ROOT), String.valueOf(rdn.getValue())) != null) {
                    return null;
                }
            }
            return out;
        } catch (InvalidNameException e) {
            return null;
        }
    }
}
