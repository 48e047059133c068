package io.tee4j.nvgpu.collateral;

import io.tee4j.core.RevocationUnavailableException;
import io.tee4j.core.VerificationFailedException.Reason;
import io.tee4j.core.VerificationFailedException;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.ocsp.OCSPObjectIdentifiers;
import org.bouncycastle.asn1.ocsp.OCSPRequest;
import org.bouncycastle.asn1.ocsp.Request;
import org.bouncycastle.asn1.ocsp.TBSRequest;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;

/**
 * OCSP messages for {@link OcspChecker}, on Bouncy Castle's ASN.1 classes (bcprov): builds the
 * SHA-384 CertID and the nonce-bearing request, reads an answer ({@link OcspResponseReader}),
 * checks the echoed nonce and finds the one single response about a certificate. Does not judge
 * the responder's authority ({@link OcspResponderAuthority}) nor the status and its freshness
 * ({@link OcspChecker}).
 */
final class OcspMessages {
    private OcspMessages() {
    }

    static OcspCertId certificateId(X509Certificate cert, X509Certificate issuer) throws VerificationFailedException {
        try {
            return OcspCertId.compute(OcspCertId.SHA384, cert, issuer);
        } catch (CertificateException e) {
            throw new VerificationFailedException(Reason.CERTIFICATE_CHAIN, "cannot build an OCSP CertID for "
                    + describe(cert) + ": " + e.getMessage(), e);
        }
    }

    /** An unsigned request (RFC 6960 §4.1.1) for one CertID, with the nonce extension of RFC 8954. */
    static byte[] request(OcspCertId id, byte[] nonce) {
        try {
            Extension ext = new Extension(OCSPObjectIdentifiers.id_pkix_ocsp_nonce, false,
                    new DEROctetString(nonce).getEncoded(ASN1Encoding.DER));
            TBSRequest tbs = new TBSRequest(null, new DERSequence(new Request(id.toAsn1(), null)), new Extensions(ext));
            return new OCSPRequest(tbs, null).getEncoded(ASN1Encoding.DER);
        } catch (IOException e) {
            throw new IllegalStateException("an OCSP request always encodes", e);
        }
    }

    /**
     * The answer with its single responses read. A body that is no successful basic OCSP response
     * (an HTML error page, garbage, a truncated answer, tryLater) is no answer: revocation stays
     * unknown, as when the responder cannot be reached. What an answer that does parse says is
     * judged afterwards, and an untrustworthy one fails verification.
     */
    static OcspBasicResponse readAnswer(byte[] body, X509Certificate cert) throws RevocationUnavailableException {
        try {
            return OcspResponseReader.read(body);
        } catch (OcspAnswerException e) {
            throw new RevocationUnavailableException("the OCSP responder's answer for " + describe(cert)
                    + " is not a usable OCSP response: " + e.getMessage(), e);
        }
    }

    static void checkNonce(OcspBasicResponse answer, byte[] expectedNonce, X509Certificate cert)
            throws VerificationFailedException {
        if (answer.nonce() == null) {
            throw new VerificationFailedException(Reason.COLLATERAL, "OCSP answer for " + describe(cert)
                    + " does not echo the request nonce");
        }
        if (!nonceEquals(answer.nonce(), expectedNonce)) {
            throw new VerificationFailedException(Reason.COLLATERAL, "OCSP answer for " + describe(cert)
                    + " carries a different nonce than the request (replayed or misrouted answer)");
        }
    }

    /**
     * The one SingleResponse about {@code cert}: one whose CertID, under its own hash algorithm,
     * names this serial and this issuer. Two such (the same CertID twice, or one per hash) make the
     * answer malformed, whatever they say and in whichever order, rather than letting one win.
     */
    static OcspSingleResponse theOnlyAnswerFor(OcspBasicResponse answer, OcspCertId asked, X509Certificate cert,
            X509Certificate issuer) throws VerificationFailedException {
        OcspSingleResponse match = null;
        for (OcspSingleResponse s : answer.responses()) {
            if (!about(s.certId(), asked, cert, issuer)) {
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

    private static boolean about(OcspCertId candidate, OcspCertId asked, X509Certificate cert, X509Certificate issuer)
            throws VerificationFailedException {
        if (!candidate.serial().equals(cert.getSerialNumber())) {
            return false;
        }
        if (candidate.hashOid().equals(asked.hashOid())) {
            return candidate.sameAs(asked);
        }
        OcspCertId underItsHash;
        try {
            underItsHash = OcspCertId.compute(candidate.hashOid(), cert, issuer);
        } catch (CertificateException e) {
            throw new VerificationFailedException(Reason.CERTIFICATE_CHAIN, "issuer certificate does not encode", e);
        }
        // a hash this library does not compute: nothing can show the entry is about this certificate
        return underItsHash != null && candidate.sameAs(underItsHash);
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
