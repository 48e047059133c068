package io.tee4j.nvgpu.simulator;

import io.tee4j.core.CollateralUnavailableException;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Set;
import org.bouncycastle.asn1.DERBitString;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.ocsp.BasicOCSPResponse;
import org.bouncycastle.asn1.ocsp.OCSPObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.bouncycastle.cert.ocsp.BasicOCSPResp;
import org.bouncycastle.cert.ocsp.BasicOCSPRespBuilder;
import org.bouncycastle.cert.ocsp.CertificateID;
import org.bouncycastle.cert.ocsp.CertificateStatus;
import org.bouncycastle.cert.ocsp.OCSPReq;
import org.bouncycastle.cert.ocsp.OCSPRespBuilder;
import org.bouncycastle.cert.ocsp.Req;
import org.bouncycastle.cert.ocsp.RespID;
import org.bouncycastle.cert.ocsp.RevokedStatus;
import org.bouncycastle.cert.ocsp.UnknownStatus;
import org.bouncycastle.operator.bc.BcDigestCalculatorProvider;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The simulator's OCSP responder: answers a DER OCSP request about one of the simulated certificates, shaped by
 * an {@link OcspAnswer} (status, signer, nonce, window). It signs what it is told to; it checks nothing but that
 * the request names a simulated issuer.
 */
final class SimulatedOcspResponder {
    private final Clock clock;
    private final List<SimulatedPki.Entity> issuers;
    private final SimulatedPki.Entity rimSigner;
    private final List<X509Certificate> rimChain;
    private final SimulatedPki.Entity leaf;
    private final List<X509Certificate> deviceChain;
    private final Set<BigInteger> revoked;
    private final String ocspUrl;

    SimulatedOcspResponder(Clock clock, List<SimulatedPki.Entity> issuers, SimulatedPki.Entity rimSigner,
            List<X509Certificate> rimChain, SimulatedPki.Entity leaf, List<X509Certificate> deviceChain,
            Set<BigInteger> revoked, String ocspUrl) {
        this.clock = clock;
        this.issuers = List.copyOf(issuers);
        this.rimSigner = rimSigner;
        this.rimChain = List.copyOf(rimChain);
        this.leaf = leaf;
        this.deviceChain = List.copyOf(deviceChain);
        this.revoked = revoked;
        this.ocspUrl = ocspUrl;
    }

    byte[] answer(byte[] requestBody, OcspAnswer a) throws Exception {
        if (a.responseStatus() != 0) {
            return new OCSPRespBuilder().build(a.responseStatus(), null).getEncoded();
        }
        OCSPReq req = new OCSPReq(requestBody);
        Req single = req.getRequestList()[0];
        CertificateID id = single.getCertID();
        SimulatedPki.Entity issuer = null;
        for (SimulatedPki.Entity e : issuers) {
            CertificateID candidate = new CertificateID(new BcDigestCalculatorProvider().get(
                    new AlgorithmIdentifier(id.getHashAlgOID())),
                    new JcaX509CertificateHolder(e.cert), id.getSerialNumber());
            if (candidate.equals(id)) {
                issuer = e;
            }
        }
        if (issuer == null) {
            throw new CollateralUnavailableException("the simulated OCSP responder knows no such issuer", ocspUrl,
                    false);
        }
        Instant now = clock.instant();
        SimulatedPki.Entity signer = issuer;
        X509CertificateHolder[] include = new X509CertificateHolder[0];
        // Fresh keys come from their own randomness, so a seeded simulator's stream is untouched.
        SimulatedPki fresh = new SimulatedPki(new SecureRandom(), now.minus(Duration.ofDays(1)),
                now.plus(Duration.ofDays(365)), null);
        switch (a.signer()) {
            case STRANGER:
            case STRANGER_WITH_CERTIFICATE:
                signer = fresh.root("CN=tee4j SIMULATED stranger OCSP responder,O=tee4j simulator");
                if (a.signer() == OcspAnswer.Signer.STRANGER_WITH_CERTIFICATE) {
                    include = holders(List.of(signer.cert));
                }
                break;
            case DELEGATED:
            case DELEGATED_WITHOUT_OCSP_SIGNING:
                signer = fresh.responder(issuer, "CN=tee4j SIMULATED delegated OCSP responder,O=tee4j simulator",
                        a.signer() == OcspAnswer.Signer.DELEGATED);
                include = holders(List.of(signer.cert));
                break;
            case RIM_SIGNER:
                signer = rimSigner;
                include = holders(rimChain);
                break;
            case DEVICE_LEAF:
                signer = leaf;
                include = holders(deviceChain);
                break;
            default:
                break;
        }
        BasicOCSPRespBuilder b = new BasicOCSPRespBuilder(
                new RespID(new JcaX509CertificateHolder(signer.cert).getSubject()));
        Extension nonce = req.getExtension(OCSPObjectIdentifiers.id_pkix_ocsp_nonce);
        if (a.nonce() == OcspAnswer.Nonce.OTHER) {
            b.setResponseExtensions(new Extensions(new Extension(OCSPObjectIdentifiers.id_pkix_ocsp_nonce, false,
                    new DEROctetString(new byte[32]).getEncoded())));
        } else if (nonce != null && a.nonce() == OcspAnswer.Nonce.ECHO) {
            b.setResponseExtensions(new Extensions(nonce));
        }
        Date revokedAt = Date.from(now.minus(Duration.ofHours(1)));
        CertificateStatus status;
        switch (a.status()) {
            case GOOD:
                status = CertificateStatus.GOOD;
                break;
            case REVOKED:
                status = new RevokedStatus(revokedAt, CRLReason.keyCompromise);
                break;
            case ON_HOLD:
                status = new RevokedStatus(revokedAt, CRLReason.certificateHold);
                break;
            case UNKNOWN:
                status = new UnknownStatus();
                break;
            default:
                status = revoked.contains(id.getSerialNumber()) ? new RevokedStatus(revokedAt, 1) : CertificateStatus.GOOD;
        }
        Instant thisUpdate = a.thisUpdate() != null ? a.thisUpdate() : now.minusSeconds(60);
        Instant nextUpdate = a.omitNextUpdate() ? null : a.nextUpdate() != null ? a.nextUpdate()
                : now.plus(Duration.ofHours(1));
        CertificateID answered = a.otherSerial()
                ? CertificateID.deriveCertificateID(id, id.getSerialNumber().add(BigInteger.ONE)) : id;
        b.addResponse(answered, status, Date.from(thisUpdate), nextUpdate == null ? null : Date.from(nextUpdate), null);
        BasicOCSPResp basic = b.build(new JcaContentSignerBuilder("SHA384withECDSA").build(signer.keys.getPrivate()),
                include, Date.from(now));
        if (a.signer() == OcspAnswer.Signer.ISSUER_TAMPERED) {
            BasicOCSPResponse s =
                    BasicOCSPResponse.getInstance(basic.getEncoded());
            byte[] sig = s.getSignature().getOctets();
            sig[sig.length - 1] ^= 0x01;
            basic = new BasicOCSPResp(new BasicOCSPResponse(s.getTbsResponseData(),
                    s.getSignatureAlgorithm(), new DERBitString(sig), s.getCerts()));
        }
        return new OCSPRespBuilder().build(OCSPRespBuilder.SUCCESSFUL, basic).getEncoded();
    }

    private static X509CertificateHolder[] holders(List<X509Certificate> certs) throws CertificateEncodingException {
        X509CertificateHolder[] out = new X509CertificateHolder[certs.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = new JcaX509CertificateHolder(certs.get(i));
        }
        return out;
    }
}
