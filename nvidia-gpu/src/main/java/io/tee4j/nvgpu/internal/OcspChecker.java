package io.tee4j.nvgpu.internal;

import io.tee4j.core.CollateralUnavailableException;
import io.tee4j.core.RevocationUnavailableException;
import io.tee4j.core.TrustAnchors;
import io.tee4j.core.VerificationFailedException;
import io.tee4j.core.VerificationFailedException.Reason;
import io.tee4j.core.collateral.CollateralKind;
import io.tee4j.core.collateral.CollateralRequest;
import io.tee4j.core.collateral.CollateralSource;
import io.tee4j.core.collateral.FetchedCollateral;
import io.tee4j.core.collateral.FreshnessReader;
import io.tee4j.core.crypto.CertificateChainValidator;
import io.tee4j.core.crypto.Certificates;
import java.io.IOException;
import java.net.URI;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.ocsp.OCSPObjectIdentifiers;
import org.bouncycastle.asn1.x509.AccessDescription;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.asn1.x509.AuthorityInformationAccess;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.bouncycastle.cert.ocsp.BasicOCSPResp;
import org.bouncycastle.cert.ocsp.CertificateID;
import org.bouncycastle.cert.ocsp.CertificateStatus;
import org.bouncycastle.cert.ocsp.OCSPException;
import org.bouncycastle.cert.ocsp.OCSPReq;
import org.bouncycastle.cert.ocsp.OCSPReqBuilder;
import org.bouncycastle.cert.ocsp.OCSPResp;
import org.bouncycastle.cert.ocsp.RevokedStatus;
import org.bouncycastle.cert.ocsp.SingleResp;
import org.bouncycastle.cert.ocsp.UnknownStatus;
import org.bouncycastle.operator.ContentVerifierProvider;
import org.bouncycastle.operator.DigestCalculator;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.bc.BcDigestCalculatorProvider;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * OCSP for NVIDIA certificate chains, with Bouncy Castle's OCSP classes (no JCA provider is
 * registered).
 *
 * <p>Per certificate: a request with a SHA-384 CertID and a 32-byte random nonce is POSTed to the
 * responder (the configured URL, else the certificate's AIA OCSP URL, else NVIDIA's) through the
 * collateral source as {@link CollateralKind#OCSP_RESPONSE}, whose cache may keep it until its
 * nextUpdate. The answer must be SUCCESSFUL; its signature must verify with the issuer's key, a
 * delegated responder certificate signed by the issuer with the OCSP-signing purpose, or a
 * responder certificate whose chain (from the response) leads to one of the responder anchors at
 * the verification time; it must answer for this CertID; thisUpdate must not be more than five
 * minutes in the future and nextUpdate must be present and later than the verification time
 * (otherwise the answer is stale); and a freshly fetched answer must echo the request nonce (a
 * cached one cannot, so its freshness rests on nextUpdate alone).
 *
 * <p>Outcomes: good passes; revoked fails with {@link Reason#REVOKED}; unknown, stale, or no
 * answer raise {@link RevocationUnavailableException}; a bad signature, an untrusted responder or
 * a nonce mismatch fail with {@link Reason#COLLATERAL}.
 */
public final class OcspChecker {
    /** NVIDIA's OCSP responder for device and RIM certificates. */
    public static final URI NVIDIA_OCSP = URI.create("https://ocsp.ndis.nvidia.com/");
    static final Duration SKEW = Duration.ofMinutes(5);
    private static final Logger LOG = LoggerFactory.getLogger(OcspChecker.class);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int MAX_RESPONSE_BYTES = 64 * 1024;

    private static final int MAX_CACHED = 4096;

    private final CollateralSource source;
    private final java.util.Map<List<X509Certificate>, CertificateID> ids = new java.util.concurrent.ConcurrentHashMap<>();
    /** Cached answers already verified as GOOD for a CertID, with their nextUpdate. */
    private final java.util.Map<java.nio.ByteBuffer, Instant[]> verifiedGood =
            new java.util.concurrent.ConcurrentHashMap<>();
    private final URI responderOverride;
    private final List<TrustAnchors> responderAnchors;

    private final boolean allowHold;

    public OcspChecker(CollateralSource source, URI responderOverride, List<TrustAnchors> responderAnchors) {
        this(source, responderOverride, responderAnchors, false);
    }

    /**
     * @param allowHold accept "revoked" with reason certificateHold (a suspension, as nvtrust's
     *     {@code --allow_hold_cert}); the check then returns a warning
     */
    public OcspChecker(CollateralSource source, URI responderOverride, List<TrustAnchors> responderAnchors,
            boolean allowHold) {
        this.source = source;
        this.responderOverride = responderOverride;
        this.responderAnchors = List.copyOf(responderAnchors);
        this.allowHold = allowHold;
    }

    /** What a verified answer said: its window, and a warning when a hold was tolerated. */
    record Verdict(Instant thisUpdate, Instant nextUpdate, String warning) {
    }

    /**
     * Checks every certificate of a validated chain (leaf first, ending with the root) except the
     * root; returns warnings (a tolerated certificateHold), normally none.
     */
    public List<String> checkChain(List<X509Certificate> chain, Instant at, String what)
            throws VerificationFailedException, RevocationUnavailableException {
        List<String> warnings = new ArrayList<>();
        for (int i = 0; i + 1 < chain.size(); i++) {
            String w = check(chain.get(i), chain.get(i + 1), at, what);
            if (w != null) {
                warnings.add(w);
            }
        }
        return warnings;
    }

    /** Checks one certificate against its issuer; returns a warning or null. */
    public String check(X509Certificate cert, X509Certificate issuer, Instant at, String what)
            throws VerificationFailedException, RevocationUnavailableException {
        List<X509Certificate> pair = List.of(cert, issuer);
        CertificateID id = ids.get(pair);
        if (id == null) {
            id = certificateId(cert, issuer);
            if (ids.size() >= MAX_CACHED) {
                ids.clear();
            }
            ids.put(pair, id);
        }
        byte[] nonce = new byte[32];
        RANDOM.nextBytes(nonce);
        byte[] requestBody = request(id, nonce);
        URI uri = responderFor(cert);
        CollateralRequest request = CollateralRequest.builder(uri, CollateralKind.OCSP_RESPONSE)
                .post(requestBody, "application/ocsp-request")
                .header("Accept", "application/ocsp-response")
                .cacheKey("ocsp:" + uri + ":" + HexFormat.of().formatHex(id.getIssuerKeyHash()) + ":"
                        + cert.getSerialNumber().toString(16))
                .maxBytes(MAX_RESPONSE_BYTES)
                .freshness(FRESHNESS)
                .build();
        FetchedCollateral fetched;
        try {
            fetched = source.fetch(request);
        } catch (CollateralUnavailableException e) {
            throw new RevocationUnavailableException("no OCSP answer for " + describe(cert) + " (" + what + ") from "
                    + uri + ": " + e.getMessage(), e);
        }
        LOG.debug("OCSP answer for {} from {} (cached: {})", describe(cert), fetched.location(), fetched.fromCache());
        byte[] body = fetched.body();
        java.nio.ByteBuffer key = null;
        if (fetched.fromCache()) {
            // The same cached answer, already verified as GOOD for this CertID: reuse the verdict
            // while its [thisUpdate, nextUpdate) window still covers the verification time.
            key = java.nio.ByteBuffer.wrap(concat(id, body));
            Instant[] window = verifiedGood.get(key);
            if (window != null && !window[0].isAfter(at.plus(SKEW)) && at.isBefore(window[1])) {
                return null;
            }
        }
        Verdict verdict = verifyResponse(body, id, fetched.fromCache() ? null : nonce, cert, issuer, at, what);
        if (key != null && verdict.warning() == null) {
            if (verifiedGood.size() >= MAX_CACHED) {
                verifiedGood.clear();
            }
            verifiedGood.put(key, new Instant[] {verdict.thisUpdate(), verdict.nextUpdate()});
        }
        return verdict.warning();
    }

    private static byte[] concat(CertificateID id, byte[] body) {
        try {
            byte[] a = id.toASN1Primitive().getEncoded();
            byte[] out = java.util.Arrays.copyOf(a, a.length + body.length);
            System.arraycopy(body, 0, out, a.length, body.length);
            return out;
        } catch (IOException e) {
            throw new IllegalStateException("a CertID always encodes", e);
        }
    }

    /** Reads the earliest nextUpdate of an OCSP response, for caches. */
    public static final FreshnessReader FRESHNESS = (body, headers) -> {
        try {
            BasicOCSPResp basic = basic(body);
            Instant min = null;
            for (SingleResp s : basic.getResponses()) {
                if (s.getNextUpdate() == null) {
                    return Optional.empty();
                }
                Instant n = s.getNextUpdate().toInstant();
                min = min == null || n.isBefore(min) ? n : min;
            }
            return Optional.ofNullable(min);
        } catch (VerificationFailedException e) {
            throw new CollateralUnavailableException("not an OCSP response: " + e.getMessage(), null, false);
        } catch (RuntimeException e) {
            // Bouncy Castle parses the single responses lazily and throws unchecked on bad DER.
            throw new CollateralUnavailableException("malformed OCSP response: " + e.getMessage(), null, false);
        }
    };

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

    static byte[] request(CertificateID id, byte[] nonce) throws VerificationFailedException {
        try {
            OCSPReqBuilder b = new OCSPReqBuilder();
            b.addRequest(id);
            b.setRequestExtensions(new Extensions(new Extension(OCSPObjectIdentifiers.id_pkix_ocsp_nonce, false,
                    new DEROctetString(nonce).getEncoded())));
            OCSPReq req = b.build();
            return req.getEncoded();
        } catch (OCSPException | IOException e) {
            throw new IllegalStateException("an OCSP request always encodes", e);
        }
    }

    private URI responderFor(X509Certificate cert) {
        if (responderOverride != null) {
            return responderOverride;
        }
        byte[] aia = cert.getExtensionValue(Extension.authorityInfoAccess.getId());
        if (aia != null) {
            try {
                AuthorityInformationAccess info = AuthorityInformationAccess.getInstance(
                        ASN1OctetString.getInstance(aia).getOctets());
                for (AccessDescription d : info.getAccessDescriptions()) {
                    if (AccessDescription.id_ad_ocsp.equals(d.getAccessMethod())
                            && d.getAccessLocation().getTagNo() == GeneralName.uniformResourceIdentifier) {
                        return URI.create(d.getAccessLocation().getName().toString());
                    }
                }
            } catch (RuntimeException e) {
                LOG.debug("unreadable AIA in {}; using NVIDIA's responder", describe(cert));
            }
        }
        return NVIDIA_OCSP;
    }

    private static BasicOCSPResp basic(byte[] body) throws VerificationFailedException {
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

    /** Verifies an answer; returns its window when the status is GOOD (or a tolerated hold). */
    Verdict verifyResponse(byte[] body, CertificateID id, byte[] expectedNonce, X509Certificate cert,
            X509Certificate issuer, Instant at, String what) throws VerificationFailedException,
            RevocationUnavailableException {
        try {
            return verifyResponseUnchecked(body, id, expectedNonce, cert, issuer, at, what);
        } catch (RuntimeException e) {
            // Bouncy Castle parses parts of a response lazily and throws unchecked on bad DER.
            throw new VerificationFailedException(Reason.COLLATERAL, "malformed OCSP answer for " + describe(cert)
                    + ": " + e.getMessage(), e);
        }
    }

    private Verdict verifyResponseUnchecked(byte[] body, CertificateID id, byte[] expectedNonce,
            X509Certificate cert, X509Certificate issuer, Instant at, String what)
            throws VerificationFailedException, RevocationUnavailableException {
        BasicOCSPResp basic;
        try {
            basic = basic(body);
        } catch (VerificationFailedException e) {
            if (e.getMessage().contains("not successful")) {
                throw new RevocationUnavailableException(e.getMessage() + " for " + describe(cert), e);
            }
            throw e;
        }
        checkSignature(basic, issuer, at);
        if (expectedNonce != null) {
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
        SingleResp match = null;
        for (SingleResp s : basic.getResponses()) {
            if (s.getCertID().equals(id)) {
                match = s;
            }
        }
        if (match == null) {
            throw new VerificationFailedException(Reason.COLLATERAL, "OCSP answer does not cover " + describe(cert));
        }
        Instant thisUpdate = match.getThisUpdate().toInstant();
        if (thisUpdate.isAfter(at.plus(SKEW))) {
            throw new RevocationUnavailableException("OCSP answer for " + describe(cert) + " was produced at "
                    + thisUpdate + ", after the verification time " + at);
        }
        if (match.getNextUpdate() == null) {
            throw new RevocationUnavailableException("OCSP answer for " + describe(cert)
                    + " has no nextUpdate; its freshness cannot be judged");
        }
        Instant nextUpdate = match.getNextUpdate().toInstant();
        if (!at.isBefore(nextUpdate)) {
            throw new RevocationUnavailableException("OCSP answer for " + describe(cert) + " is stale: nextUpdate "
                    + nextUpdate + " is not after the verification time " + at);
        }
        CertificateStatus status = match.getCertStatus();
        if (status == CertificateStatus.GOOD) {
            return new Verdict(thisUpdate, nextUpdate, null);
        }
        if (status instanceof RevokedStatus) {
            RevokedStatus r = (RevokedStatus) status;
            if (allowHold && r.hasRevocationReason() && r.getRevocationReason() == CRLReason.certificateHold) {
                return new Verdict(thisUpdate, nextUpdate, describe(cert) + " (" + what + ") is on hold "
                        + "(suspended) since " + r.getRevocationTime().toInstant()
                        + "; accepted because certificate holds are allowed");
            }
            throw new VerificationFailedException(Reason.REVOKED, describe(cert) + " (" + what + ") was revoked at "
                    + r.getRevocationTime().toInstant()
                    + (r.hasRevocationReason() ? " (reason " + r.getRevocationReason() + ")" : ""));
        }
        if (status instanceof UnknownStatus) {
            throw new RevocationUnavailableException("the OCSP responder does not know " + describe(cert) + " ("
                    + what + ")");
        }
        throw new RevocationUnavailableException("unrecognised OCSP status for " + describe(cert));
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

    private void checkSignature(BasicOCSPResp basic, X509Certificate issuer, Instant at)
            throws VerificationFailedException {
        if (signedBy(basic, issuer.getPublicKey())) {
            return;
        }
        List<X509Certificate> included = new ArrayList<>();
        for (X509CertificateHolder h : basic.getCerts()) {
            try {
                included.add(Certificates.parseOne(h.getEncoded()));
            } catch (IOException | CertificateException e) {
                throw new VerificationFailedException(Reason.COLLATERAL, "OCSP answer carries an unreadable certificate");
            }
        }
        for (int i = 0; i < included.size(); i++) {
            X509Certificate responder = included.get(i);
            if (!signedBy(basic, responder.getPublicKey())) {
                continue;
            }
            if (delegatedByIssuer(responder, issuer, at)) {
                return;
            }
            List<X509Certificate> chain = new ArrayList<>(included.subList(i, included.size()));
            for (TrustAnchors anchors : responderAnchors) {
                try {
                    CertificateChainValidator.of(anchors).validate(chain, at);
                    return;
                } catch (VerificationFailedException e) {
                    LOG.debug("OCSP responder chain not valid to {}: {}", anchors.name(), e.getMessage());
                }
            }
            throw new VerificationFailedException(Reason.COLLATERAL, "OCSP responder certificate "
                    + describe(responder) + " is neither the issuer, a responder delegated by it, nor chained to "
                    + "a trusted root");
        }
        throw new VerificationFailedException(Reason.COLLATERAL,
                "OCSP answer signature does not verify with the issuer's key or any included responder certificate");
    }

    private static boolean delegatedByIssuer(X509Certificate responder, X509Certificate issuer, Instant at) {
        try {
            responder.verify(issuer.getPublicKey());
            responder.checkValidity(java.util.Date.from(at));
            List<String> eku = responder.getExtendedKeyUsage();
            return responder.getIssuerX500Principal().equals(issuer.getSubjectX500Principal()) && eku != null
                    && eku.contains(KeyPurposeId.id_kp_OCSPSigning.getId());
        } catch (GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }

    private static boolean signedBy(BasicOCSPResp basic, PublicKey key) {
        String digest = ecdsaDigest(basic);
        if (digest != null && key instanceof java.security.interfaces.ECPublicKey) {
            // Bouncy Castle's lightweight ECDSA (5-15x the JDK's SunEC here), same checks: a valid key
            // point, the strict DER encoding of r and s in [1, n-1], the exact tbsResponseData bytes.
            try {
                io.tee4j.core.crypto.EcdsaVerifier v = io.tee4j.core.crypto.EcdsaVerifier.fromPublicKey(key);
                java.math.BigInteger[] rs = org.bouncycastle.crypto.signers.StandardDSAEncoding.INSTANCE.decode(
                        v.curve().order(), basic.getSignature());
                byte[] hash = java.security.MessageDigest.getInstance(digest).digest(basic.getTBSResponseData());
                return v.verifyDigest(hash, rs[0], rs[1]);
            } catch (io.tee4j.core.crypto.InvalidKeyException | java.io.IOException
                    | java.security.NoSuchAlgorithmException | RuntimeException e) {
                return false;
            }
        }
        try {
            ContentVerifierProvider p = new JcaContentVerifierProviderBuilder().build(key);
            return basic.isSignatureValid(p);
        } catch (OperatorCreationException | OCSPException | RuntimeException e) {
            return false;
        }
    }

    /** The digest of an ECDSA signature algorithm without parameters, or null for any other algorithm. */
    private static String ecdsaDigest(BasicOCSPResp basic) {
        org.bouncycastle.asn1.x509.AlgorithmIdentifier alg = basic.getSignatureAlgorithmID();
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

    private static String describe(X509Certificate cert) {
        return "certificate '" + cert.getSubjectX500Principal().getName() + "' (serial "
                + cert.getSerialNumber().toString(16) + ")";
    }
}
