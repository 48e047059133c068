package io.tee4j.nvgpu.collateral;

import io.tee4j.core.RevocationUnavailableException;
import io.tee4j.core.VerificationFailedException.Reason;
import io.tee4j.core.VerificationFailedException;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.ocsp.OCSPObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.bouncycastle.cert.ocsp.BasicOCSPResp;
import org.bouncycastle.cert.ocsp.CertificateID;
import org.bouncycastle.cert.ocsp.OCSPException;
import org.bouncycastle.cert.ocsp.OCSPReqBuilder;
import org.bouncycastle.cert.ocsp.OCSPResp;
import org.bouncycastle.cert.ocsp.SingleResp;
import org.bouncycastle.operator.DigestCalculator;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.bc.BcDigestCalculatorProvider;
/**
 * OCSP messages for {@link OcspChecker}: builds the SHA-384 CertID and the nonce-bearing request, reads an
 * answer into its basic response, checks the echoed nonce and finds the one single response about a
 * certificate. Does not judge the responder's authority ({@link OcspResponderAuthority}) nor the status and
 * its freshness ({@link OcspChecker}).
 */
final class OcspMessages {
    private OcspMessages() {
    }

    static CertificateID certificateId(X509Certificate cert, X509Certificate issuer) throws VerificationFailedException {
        try {
            DigestCalculator sha384 = new BcDigestCalculatorProvider()
                    .get(new AlgorithmIdentifier(NISTObjectIdentifiers.id_sha384));
            return new CertificateID(sha384, new JcaX509CertificateHolder(issuer), cert.getSerialNumber());
        } catch (OperatorCreationException | OCSPException | CertificateException e) {
            throw new VerificationFailedException(Reason.CERTIFICATE_CHAIN, "cannot build an OCSP CertID for "
                    + describe(cert) + ": " + e.getMessage(), e);
        }
    }

    static byte[] request(CertificateID id, byte[] nonce) {
        try {
            OCSPReqBuilder b = new OCSPReqBuilder();
            b.addRequest(id);
            b.setRequestExtensions(new Extensions(new Extension(OCSPObjectIdentifiers.id_pkix_ocsp_nonce, false,
                    new DEROctetString(nonce).getEncoded())));
            return b.build().getEncoded();
        } catch (OCSPException | IOException e) {
            throw new IllegalStateException("an OCSP request always encodes", e);
        }
    }

    static BasicOCSPResp basic(byte[] body) throws VerificationFailedException {
        try {
            OCSPResp resp = new OCSPResp(body);
            if (resp.getStatus() != OCSPResp.SUCCESSFUL) {
                throw new VerificationFailedException(Reason.COLLATERAL, "OCSP responder answered status "
                        + resp.getStatus() + " (not successful)");
            }
            Object o = resp.getResponseObject();
            if (!(o instanceof BasicOCSPResp)) {
                throw new VerificationFailedException(Reason.COLLATERAL, "OCSP answer is not a basic response");
            }
            return (BasicOCSPResp) o;
        } catch (IOException | OCSPException | RuntimeException e) {
            throw new VerificationFailedException(Reason.COLLATERAL, "OCSP answer does not parse: " + e.getMessage(), e);
        }
    }

    /**
     * The basic response with its single responses read. A body that is no successful OCSP
     * response at all (an HTML error page, garbage, a truncated answer, tryLater) is no answer:
     * revocation stays unknown, as when the responder cannot be reached. What an answer that does
     * parse says is judged afterwards, and an untrustworthy one fails verification.
     */
    static BasicOCSPResp readAnswer(byte[] body, X509Certificate cert) throws RevocationUnavailableException {
        try {
            BasicOCSPResp basic = basic(body);
            // Bouncy Castle reads the single responses lazily: read them now, so that bad DER there
            // is recognised here as no answer.
            for (SingleResp single : basic.getResponses()) {
                single.getCertID();
                single.getCertStatus();
                single.getThisUpdate();
                single.getNextUpdate();
            }
            return basic;
        } catch (VerificationFailedException | RuntimeException e) {
            throw new RevocationUnavailableException("the OCSP responder's answer for " + describe(cert)
                    + " is not a usable OCSP response: " + e.getMessage(), e);
        }
    }

    static void checkNonce(BasicOCSPResp basic, byte[] expectedNonce, X509Certificate cert)
            throws VerificationFailedException {
        Extension ext = basic.getExtension(OCSPObjectIdentifiers.id_pkix_ocsp_nonce);
        if (ext == null) {
            throw new VerificationFailedException(Reason.COLLATERAL, "OCSP answer for " + describe(cert)
                    + " does not echo the request nonce");
        }
        if (!nonceEquals(ext.getExtnValue().getOctets(), expectedNonce)) {
            throw new VerificationFailedException(Reason.COLLATERAL, "OCSP answer for " + describe(cert)
                    + " carries a different nonce than the request (replayed or misrouted answer)");
        }
    }

    /**
     * The one SingleResponse about {@code cert}: one whose CertID, under its own hash algorithm,
     * names this serial and this issuer. Two such (the same CertID twice, or one per hash) make the
     * answer malformed, whatever they say and in whichever order, rather than letting one win.
     */
    static SingleResp theOnlyAnswerFor(BasicOCSPResp basic, CertificateID asked, X509Certificate cert,
            X509Certificate issuer) throws VerificationFailedException {
        X509CertificateHolder issuerHolder = holder(issuer);
        SingleResp match = null;
        for (SingleResp s : basic.getResponses()) {
            if (!about(s.getCertID(), asked, cert, issuerHolder)) {
                continue;
            }
            if (match != null) {
                throw new VerificationFailedException(Reason.COLLATERAL, "malformed OCSP answer: two single "
                        + "responses for " + describe(cert));
            }
            match = s;
        }
        if (match == null) {
            throw new VerificationFailedException(Reason.COLLATERAL, "OCSP answer does not cover " + describe(cert));
        }
        return match;
    }

    private static boolean about(CertificateID candidate, CertificateID asked, X509Certificate cert,
            X509CertificateHolder issuer) {
        if (!candidate.getSerialNumber().equals(cert.getSerialNumber())) {
            return false;
        }
        if (candidate.getHashAlgOID().equals(asked.getHashAlgOID())) {
            return MessageDigest.isEqual(candidate.getIssuerNameHash(), asked.getIssuerNameHash())
                    && MessageDigest.isEqual(candidate.getIssuerKeyHash(), asked.getIssuerKeyHash());
        }
        try {
            return candidate.matchesIssuer(issuer, new BcDigestCalculatorProvider());
        } catch (OCSPException | RuntimeException e) {
            // a hash this library cannot compute: nothing can show the entry is about this certificate
            return false;
        }
    }

    private static X509CertificateHolder holder(X509Certificate issuer) throws VerificationFailedException {
        try {
            return new JcaX509CertificateHolder(issuer);
        } catch (CertificateException e) {
            throw new VerificationFailedException(Reason.CERTIFICATE_CHAIN, "issuer certificate does not encode", e);
        }
    }

    private static boolean nonceEquals(byte[] extnValue, byte[] nonce) {
        // RFC 8954: the extension value is the DER of an OCTET STRING holding the nonce; some
        // responders put the bare nonce instead. Accept either, exactly.
        try {
            ASN1Primitive p = ASN1Primitive.fromByteArray(extnValue);
            if (p instanceof ASN1OctetString && MessageDigest.isEqual(((ASN1OctetString) p).getOctets(), nonce)) {
                return true;
            }
        } catch (IOException | RuntimeException e) {
            // fall through to the bare comparison
        }
        return MessageDigest.isEqual(extnValue, nonce);
    }

    static String describe(X509Certificate cert) {
        return OcspResponderAuthority.describe(cert);
    }
}
