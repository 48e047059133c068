package io.tee4j.nvgpu.collateral;

import io.tee4j.core.VerificationFailedException.Reason;
import io.tee4j.core.VerificationFailedException;
import io.tee4j.core.crypto.Certificates;
import io.tee4j.core.crypto.EcdsaVerifier;
import io.tee4j.core.crypto.InvalidKeyException;
import java.io.IOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.ocsp.BasicOCSPResp;
import org.bouncycastle.cert.ocsp.OCSPException;
import org.bouncycastle.crypto.signers.StandardDSAEncoding;
import org.bouncycastle.operator.ContentVerifierProvider;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;

/**
 * Who may sign an OCSP answer about a certificate, per RFC 6960 §4.2.2.2: the certificate's issuer
 * itself, or a delegated responder whose certificate the issuer signed directly and marked with the
 * id-kp-OCSPSigning extended key usage, valid at the verification time. Nothing else: not a
 * certificate that merely chains to a trusted root (a RIM signer, another GPU's FMC or BROM key),
 * not a delegate of another CA. This is also what NVIDIA's C++ attestation SDK gets from OpenSSL's
 * {@code OCSP_basic_verify} without trust flags.
 *
 * <p>Not checked: the revocation of a delegated responder certificate (RFC 6960 §4.2.2.2.1 leaves
 * that to local policy; NVIDIA's verifiers do not check it either), and the ResponderID field (the
 * signature decides who signed, the ResponderID only helps find the key).
 */
final class OcspResponderAuthority {
    private OcspResponderAuthority() {
    }

    /**
     * Checks that the answer is signed by {@code issuer} or by a responder {@code issuer} delegated.
     *
     * @throws VerificationFailedException {@code COLLATERAL} naming why the signer is not authorised
     */
    static void check(BasicOCSPResp answer, X509Certificate issuer, Instant at) throws VerificationFailedException {
        if (signedBy(answer, issuer.getPublicKey())) {
            return;
        }
        String firstRefusal = null;
        for (X509Certificate responder : includedCertificates(answer)) {
            if (!signedBy(answer, responder.getPublicKey())) {
                continue;
            }
            String refusal = delegationRefusal(responder, issuer, at);
            if (refusal == null) {
                return;
            }
            if (firstRefusal == null) {
                firstRefusal = "OCSP answer signed by " + describe(responder) + ", which may not answer for "
                        + "certificates of '" + issuer.getSubjectX500Principal().getName() + "': " + refusal
                        + " (RFC 6960 4.2.2.2: only the issuer or a responder it delegated)";
            }
        }
        throw new VerificationFailedException(Reason.COLLATERAL, firstRefusal != null ? firstRefusal
                : "OCSP answer signature does not verify with the issuer's key or any included responder certificate");
    }

    /** Why {@code responder} is not a delegate of {@code issuer} at {@code at}, or null when it is. */
    private static String delegationRefusal(X509Certificate responder, X509Certificate issuer, Instant at) {
        if (!responder.getIssuerX500Principal().equals(issuer.getSubjectX500Principal())) {
            return "it is issued by '" + responder.getIssuerX500Principal().getName() + "', not by the issuer";
        }
        try {
            responder.verify(issuer.getPublicKey());
        } catch (GeneralSecurityException | RuntimeException e) {
            return "its certificate is not signed by the issuer's key";
        }
        try {
            responder.checkValidity(Date.from(at));
        } catch (CertificateException e) {
            return "its certificate is not valid at " + at;
        }
        List<String> eku;
        try {
            eku = responder.getExtendedKeyUsage();
        } catch (CertificateException e) {
            return "its extended key usage does not parse";
        }
        if (eku == null || !eku.contains(KeyPurposeId.id_kp_OCSPSigning.getId())) {
            return "its certificate lacks the OCSPSigning extended key usage";
        }
        return null;
    }

    private static List<X509Certificate> includedCertificates(BasicOCSPResp answer) throws VerificationFailedException {
        X509CertificateHolder[] holders = answer.getCerts();
        X509Certificate[] out = new X509Certificate[holders.length];
        for (int i = 0; i < holders.length; i++) {
            try {
                out[i] = Certificates.parseOne(holders[i].getEncoded());
            } catch (IOException | CertificateException e) {
                throw new VerificationFailedException(Reason.COLLATERAL,
                        "OCSP answer carries an unreadable certificate");
            }
        }
        return List.of(out);
    }

    static boolean signedBy(BasicOCSPResp answer, PublicKey key) {
        String digest = ecdsaDigest(answer.getSignatureAlgorithmID());
        if (digest != null && key instanceof ECPublicKey) {
            // Bouncy Castle's lightweight ECDSA (5-15x the JDK's SunEC here), same checks: a valid key
            // point, the strict DER encoding of r and s in [1, n-1], the exact tbsResponseData bytes.
            try {
                EcdsaVerifier v = EcdsaVerifier.fromPublicKey(key);
                BigInteger[] rs = StandardDSAEncoding.INSTANCE.decode(v.curve().order(), answer.getSignature());
                byte[] hash = MessageDigest.getInstance(digest).digest(answer.getTBSResponseData());
                return v.verifyDigest(hash, rs[0], rs[1]);
            } catch (InvalidKeyException | IOException | NoSuchAlgorithmException | RuntimeException e) {
                return false;
            }
        }
        try {
            ContentVerifierProvider p = new JcaContentVerifierProviderBuilder().build(key);
            return answer.isSignatureValid(p);
        } catch (OperatorCreationException | OCSPException | RuntimeException e) {
            return false;
        }
    }

    /** The digest of an ECDSA signature algorithm without parameters, or null for any other algorithm. */
    private static String ecdsaDigest(AlgorithmIdentifier alg) {
        if (alg == null || alg.getParameters() != null) {
            return null;
        }
        switch (alg.getAlgorithm().getId()) {
            case "1.2.840.10045.4.3.2":
                return "SHA-256";
            case "1.2.840.10045.4.3.3":
                return "SHA-384";
            case "1.2.840.10045.4.3.4":
                return "SHA-512";
            default:
                return null;
        }
    }

    static String describe(X509Certificate cert) {
        return "certificate '" + cert.getSubjectX500Principal().getName() + "' (serial "
                + cert.getSerialNumber().toString(16) + ")";
    }
}
