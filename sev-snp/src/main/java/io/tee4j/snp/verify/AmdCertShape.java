package io.tee4j.snp.verify;

import io.tee4j.core.VerificationFailedException.Reason;
import io.tee4j.core.VerificationFailedException;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPublicKey;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.RSASSAPSSparams;

/**
 * AMD's certificate shape (SEV-SNP ABI and KDS specifications): X.509 v3, RSASSA-PSS with
 * SHA-384, MGF1-SHA-384 and a 48-byte salt, and the fixed name attributes OU=Engineering, C=US,
 * L=Santa Clara, ST=CA, O=Advanced Micro Devices with a role-specific CN. Not API.
 */
public final class AmdCertShape {
    private static final String RSASSA_PSS = PKCSObjectIdentifiers.id_RSASSA_PSS.getId();

    private AmdCertShape() {
    }

    /** The attributes of a distinguished name, type to value (upper-case types). */
    public static Map<String, String> attributes(X500Principal p) throws VerificationFailedException {
        Map<String, String> out = new LinkedHashMap<>();
        try {
            for (Rdn r : new LdapName(p.getName(X500Principal.RFC2253)).getRdns()) {
                out.put(r.getType().toUpperCase(Locale.ROOT), String.valueOf(r.getValue()));
            }
        } catch (InvalidNameException e) {
            throw fail("unreadable name " + p.getName());
        }
        return out;
    }

    /**
     * Checks the common shape and that the subject CN is {@code subjectCn} and the issuer CN is
     * {@code issuerCn}.
     */
    public static void check(X509Certificate c, String role, String subjectCn, String issuerCn)
            throws VerificationFailedException {
        if (c.getVersion() != 3) {
            throw fail(role + " is X.509 version " + c.getVersion() + ", expected 3");
        }
        if (!RSASSA_PSS.equals(c.getSigAlgOID())) {
            throw fail(role + " is signed with " + c.getSigAlgName() + ", expected RSASSA-PSS");
        }
        checkPssParams(c.getSigAlgParams(), role);
        name(c.getSubjectX500Principal(), role + " subject", subjectCn);
        name(c.getIssuerX500Principal(), role + " issuer", issuerCn);
    }

    /** Checks that an ARK, ASK or ASVK has an RSA key. */
    public static void requireRsa(X509Certificate c, String role) throws VerificationFailedException {
        if (!(c.getPublicKey() instanceof RSAPublicKey)) {
            throw fail(role + " key is " + c.getPublicKey().getAlgorithm() + ", expected RSA");
        }
    }

    private static void name(X500Principal p, String what, String cn) throws VerificationFailedException {
        Map<String, String> a = attributes(p);
        expect(a, "OU", "Engineering", what);
        expect(a, "C", "US", what);
        expect(a, "L", "Santa Clara", what);
        expect(a, "ST", "CA", what);
        expect(a, "O", "Advanced Micro Devices", what);
        expect(a, "CN", cn, what);
    }

    private static void expect(Map<String, String> a, String type, String value, String what)
            throws VerificationFailedException {
        String have = a.get(type);
        if (!value.equals(have)) {
            throw fail(what + " has " + type + "=" + have + ", expected " + value);
        }
    }

    private static void checkPssParams(byte[] params, String role) throws VerificationFailedException {
        RSASSAPSSparams p;
        try {
            p = RSASSAPSSparams.getInstance(params);
        } catch (RuntimeException e) {
            throw fail(role + " has unreadable RSASSA-PSS parameters");
        }
        if (p == null) {
            throw fail(role + " has no RSASSA-PSS parameters");
        }
        ASN1ObjectIdentifier hash = p.getHashAlgorithm().getAlgorithm();
        boolean ok = NISTObjectIdentifiers.id_sha384.equals(hash)
                && PKCSObjectIdentifiers.id_mgf1.equals(p.getMaskGenAlgorithm().getAlgorithm())
                && p.getSaltLength().intValue() == 48;
        if (ok) {
            org.bouncycastle.asn1.x509.AlgorithmIdentifier mgfHash =
                    org.bouncycastle.asn1.x509.AlgorithmIdentifier.getInstance(p.getMaskGenAlgorithm().getParameters());
            ok = NISTObjectIdentifiers.id_sha384.equals(mgfHash.getAlgorithm());
        }
        if (!ok) {
            throw fail(role + " RSASSA-PSS parameters are not SHA-384, MGF1-SHA-384, salt 48");
        }
    }

    public static VerificationFailedException fail(String msg) {
        return new VerificationFailedException(Reason.CERTIFICATE_CHAIN, "AMD certificate shape: " + msg);
    }
}
