package io.tee4j.nvgpu.collateral;

import io.tee4j.core.VerificationFailedException.Reason;
import io.tee4j.core.VerificationFailedException;
import io.tee4j.core.crypto.Certificates;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;

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
    /** id-kp-OCSPSigning (RFC 5280 §4.2.1.12). */
    private static final String OCSP_SIGNING = "1.3.6.1.5.5.7.3.9";

    private OcspResponderAuthority() {
    }

    /**
     * Checks that the answer is signed by {@code issuer} or by a responder {@code issuer} delegated.
     *
     * @throws VerificationFailedException {@code COLLATERAL} naming why the signer is not authorised
     */
    static void check(OcspBasicResponse answer, X509Certificate issuer, Instant at) throws VerificationFailedException {
        if (OcspSignatures.signedBy(answer, issuer.getPublicKey())) {
            return;
        }
        String firstRefusal = null;
        for (X509Certificate responder : includedCertificates(answer)) {
            if (!OcspSignatures.signedBy(answer, responder.getPublicKey())) {
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
        if (eku == null || !eku.contains(OCSP_SIGNING)) {
            return "its certificate lacks the OCSPSigning extended key usage";
        }
        return null;
    }

    private static List<X509Certificate> includedCertificates(OcspBasicResponse answer) throws VerificationFailedException {
        List<X509Certificate> out = new ArrayList<>();
        for (byte[] der : answer.certificates()) {
            try {
                out.add(Certificates.parseOne(der));
            } catch (CertificateException | RuntimeException e) {
                throw new VerificationFailedException(Reason.COLLATERAL,
                        "OCSP answer carries an unreadable certificate");
            }
        }
        return out;
    }

    static String describe(X509Certificate cert) {
        return "certificate '" + cert.getSubjectX500Principal().getName() + "' (serial "
                + cert.getSerialNumber().toString(16) + ")";
    }
}
