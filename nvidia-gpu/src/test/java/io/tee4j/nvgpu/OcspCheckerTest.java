package io.tee4j.nvgpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.tee4j.core.CollateralUnavailableException;
import io.tee4j.core.RevocationUnavailableException;
import io.tee4j.core.VerificationFailedException.Reason;
import io.tee4j.core.VerificationFailedException;
import io.tee4j.core.collateral.CachingCollateralSource;
import io.tee4j.core.collateral.CollateralKind;
import io.tee4j.core.collateral.CollateralSource;
import io.tee4j.core.collateral.FetchedCollateral;
import io.tee4j.nvgpu.collateral.OcspChecker;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.ocsp.OCSPObjectIdentifiers;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.bouncycastle.cert.ocsp.BasicOCSPResp;
import org.bouncycastle.cert.ocsp.BasicOCSPRespBuilder;
import org.bouncycastle.cert.ocsp.CertificateID;
import org.bouncycastle.cert.ocsp.CertificateStatus;
import org.bouncycastle.cert.ocsp.OCSPReq;
import org.bouncycastle.cert.ocsp.OCSPResp;
import org.bouncycastle.cert.ocsp.OCSPRespBuilder;
import org.bouncycastle.cert.ocsp.Req;
import org.bouncycastle.cert.ocsp.RespID;
import org.bouncycastle.cert.ocsp.RevokedStatus;
import org.bouncycastle.cert.ocsp.UnknownStatus;
import org.bouncycastle.operator.bc.BcDigestCalculatorProvider;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** OCSP against a loopback responder (JDK HttpServer + Bouncy Castle's BasicOCSPRespBuilder). */
class OcspCheckerTest {
    static final Instant NOW = Instant.parse("2025-03-01T12:00:00Z");
    static final Instant FROM = NOW.minus(Duration.ofDays(30));
    static final Instant TO = NOW.plus(Duration.ofDays(3650));

    enum Mode {
        GOOD, REVOKED, UNKNOWN, BAD_SIGNATURE, NONCE_MISMATCH, NO_NONCE, STALE, FAIL_500, DELEGATED, UNTRUSTED, HOLD,
        /** signed by a certificate of the issuer without the OCSPSigning purpose */
        ISSUED_WITHOUT_PURPOSE,
        /** signed by an OCSP-signing delegate of the root, answering for the ICA's leaf */
        DELEGATED_BY_ANOTHER_CA,
        /** signed by the checked leaf's sibling: a certificate of the same issuer, no purpose */
        SIBLING_LEAF,
        /** the CertID twice: GOOD then REVOKED */
        TWICE_GOOD_FIRST,
        /** the CertID twice: REVOKED then GOOD */
        TWICE_REVOKED_FIRST,
        /** GOOD under the SHA-384 CertID, REVOKED under a SHA-1 CertID of the same certificate */
        REVOKED_UNDER_SHA1
    }

    static final TestCa root = TestCa.root("Test OCSP Root", FROM, TO);
    static final TestCa ica = root.subCa("Test ICA", FROM, TO);
    static final TestCa leaf = ica.leaf("Test Leaf", FROM, TO, false);
    static final TestCa delegated = ica.leaf("Test Delegated Responder", FROM, TO, true);
    static final TestCa notDelegated = ica.leaf("Test Responder Without Purpose", FROM, TO, false);
    static final TestCa rootsDelegate = root.leaf("Test Root's Delegated Responder", FROM, TO, true);
    static final TestCa sibling = ica.leaf("Test Sibling Leaf", FROM, TO, false);
    static final TestCa stranger = TestCa.root("Stranger", FROM, TO);
    volatile Mode mode = Mode.GOOD;
    final AtomicInteger requests = new AtomicInteger();
    HttpServer server;
    URI uri;

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/ocsp", exchange -> {
            requests.incrementAndGet();
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            if (mode == Mode.FAIL_500) {
                exchange.sendResponseHeaders(500, -1);
                exchange.close();
                return;
            }
            byte[] answer;
            try {
                answer = answer(new OCSPReq(body));
            } catch (Exception e) {
                exchange.sendResponseHeaders(400, -1);
                exchange.close();
                return;
            }
            exchange.getResponseHeaders().add("Content-Type", "application/ocsp-response");
            exchange.sendResponseHeaders(200, answer.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(answer);
            }
        });
        server.start();
        uri = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/ocsp");
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private byte[] answer(OCSPReq req) throws Exception {
        Req single = req.getRequestList()[0];
        X509Certificate signerCert;
        PrivateKey signerKey;
        List<X509CertificateHolder> include = new ArrayList<>();
        switch (mode) {
            case BAD_SIGNATURE:
                signerCert = ica.cert;
                signerKey = stranger.keys.getPrivate();
                break;
            case DELEGATED:
                signerCert = delegated.cert;
                signerKey = delegated.keys.getPrivate();
                include.add(new JcaX509CertificateHolder(delegated.cert));
                break;
            case UNTRUSTED:
                signerCert = stranger.cert;
                signerKey = stranger.keys.getPrivate();
                include.add(new JcaX509CertificateHolder(stranger.cert));
                break;
            case ISSUED_WITHOUT_PURPOSE:
            case DELEGATED_BY_ANOTHER_CA:
            case SIBLING_LEAF:
                TestCa who = mode == Mode.ISSUED_WITHOUT_PURPOSE ? notDelegated
                        : mode == Mode.DELEGATED_BY_ANOTHER_CA ? rootsDelegate : sibling;
                signerCert = who.cert;
                signerKey = who.keys.getPrivate();
                include.add(new JcaX509CertificateHolder(who.cert));
                if (who == rootsDelegate) {
                    include.add(new JcaX509CertificateHolder(root.cert));
                } else {
                    include.add(new JcaX509CertificateHolder(ica.cert));
                    include.add(new JcaX509CertificateHolder(root.cert));
                }
                break;
            default:
                TestCa issuer = single.getCertID().getSerialNumber().equals(leaf.cert.getSerialNumber()) ? ica : root;
                signerCert = issuer.cert;
                signerKey = issuer.keys.getPrivate();
        }
        BasicOCSPRespBuilder b = new BasicOCSPRespBuilder(new RespID(new JcaX509CertificateHolder(signerCert).getSubject()));
        Extension nonce = req.getExtension(OCSPObjectIdentifiers.id_pkix_ocsp_nonce);
        if (mode == Mode.NONCE_MISMATCH) {
            b.setResponseExtensions(new Extensions(new Extension(OCSPObjectIdentifiers.id_pkix_ocsp_nonce, false,
                    new DEROctetString(new byte[32]).getEncoded())));
        } else if (nonce != null && mode != Mode.NO_NONCE) {
            b.setResponseExtensions(new Extensions(nonce));
        }
        CertificateStatus status = mode == Mode.REVOKED ? new RevokedStatus(Date.from(NOW.minusSeconds(3600)), 1)
                : mode == Mode.HOLD ? new RevokedStatus(Date.from(NOW.minusSeconds(3600)), 6)
                : mode == Mode.UNKNOWN ? new UnknownStatus() : CertificateStatus.GOOD;
        Instant thisUpdate = mode == Mode.STALE ? NOW.minus(Duration.ofDays(10)) : NOW.minusSeconds(60);
        Instant nextUpdate = mode == Mode.STALE ? NOW.minus(Duration.ofDays(3)) : NOW.plus(Duration.ofDays(1));
        CertificateStatus revoked = new RevokedStatus(Date.from(NOW.minusSeconds(3600)), 1);
        if (mode == Mode.TWICE_REVOKED_FIRST) {
            b.addResponse(single.getCertID(), revoked, Date.from(thisUpdate), Date.from(nextUpdate), null);
        }
        b.addResponse(single.getCertID(), status, Date.from(thisUpdate), Date.from(nextUpdate), null);
        if (mode == Mode.TWICE_GOOD_FIRST) {
            b.addResponse(single.getCertID(), revoked, Date.from(thisUpdate), Date.from(nextUpdate), null);
        }
        if (mode == Mode.REVOKED_UNDER_SHA1) {
            TestCa issuerOfAsked = single.getCertID().getSerialNumber().equals(leaf.cert.getSerialNumber()) ? ica : root;
            CertificateID sha1 = new CertificateID(new BcDigestCalculatorProvider().get(CertificateID.HASH_SHA1),
                    new JcaX509CertificateHolder(issuerOfAsked.cert), single.getCertID().getSerialNumber());
            b.addResponse(sha1, revoked, Date.from(thisUpdate), Date.from(nextUpdate), null);
        }
        BasicOCSPResp basic = b.build(new JcaContentSignerBuilder("SHA384withECDSA").build(signerKey),
                include.toArray(new X509CertificateHolder[0]), Date.from(NOW));
        return new OCSPRespBuilder().build(OCSPRespBuilder.SUCCESSFUL, basic).getEncoded();
    }

    /** A minimal HTTP collateral source for the test (core's real one lives elsewhere). */
    static CollateralSource http() {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        return request -> {
            try {
                HttpRequest.Builder b = HttpRequest.newBuilder(request.uri()).timeout(Duration.ofSeconds(10));
                if (request.postBody().isPresent()) {
                    b.POST(HttpRequest.BodyPublishers.ofByteArray(request.postBody().get()))
                            .header("Content-Type", request.contentType().orElseThrow());
                }
                HttpResponse<byte[]> r = client.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
                if (r.statusCode() != 200) {
                    throw new CollateralUnavailableException("HTTP " + r.statusCode(), request.uri().toString(),
                            r.statusCode() >= 500);
                }
                Optional<Instant> next = request.freshness().isPresent()
                        ? request.freshness().get().nextUpdate(r.body(), Map.of()) : Optional.empty();
                return new FetchedCollateral(r.body(), Map.of(), request.uri().toString(), NOW, next.orElse(null), false);
            } catch (java.io.IOException e) {
                throw new CollateralUnavailableException(e.toString(), request.uri().toString(), true);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CollateralUnavailableException("interrupted", request.uri().toString(), true);
            }
        };
    }

    private OcspChecker checker(CollateralSource source) {
        return new OcspChecker(source, uri, false);
    }

    private void checkChain() throws Exception {
        checker(http()).checkChain(List.of(leaf.cert, ica.cert, root.cert), 0, NOW, "test chain");
    }

    @Test
    void good() throws Exception {
        checkChain();
        assertEquals(2, requests.get());
    }

    @Test
    void delegatedResponderWithOcspSigningPurpose() throws Exception {
        mode = Mode.DELEGATED;
        checker(http()).check(leaf.cert, ica.cert, NOW, "leaf");
    }

    @Test
    void revoked() {
        mode = Mode.REVOKED;
        VerificationFailedException e = assertThrows(VerificationFailedException.class, this::checkChain);
        assertEquals(Reason.REVOKED, e.reason());
    }

    @Test
    void unknown() {
        mode = Mode.UNKNOWN;
        assertThrows(RevocationUnavailableException.class, this::checkChain);
    }

    @Test
    void badSignature() {
        mode = Mode.BAD_SIGNATURE;
        VerificationFailedException e = assertThrows(VerificationFailedException.class, this::checkChain);
        assertEquals(Reason.COLLATERAL, e.reason());
    }

    @Test
    void untrustedResponder() {
        mode = Mode.UNTRUSTED;
        VerificationFailedException e = assertThrows(VerificationFailedException.class, this::checkChain);
        assertEquals(Reason.COLLATERAL, e.reason());
    }

    @Test
    void nonceMismatch() {
        mode = Mode.NONCE_MISMATCH;
        VerificationFailedException e = assertThrows(VerificationFailedException.class, this::checkChain);
        assertEquals(Reason.COLLATERAL, e.reason());
        assertTrue(e.getMessage().contains("nonce"), e.getMessage());
    }

    @Test
    void missingNonceOnAFreshAnswer() {
        mode = Mode.NO_NONCE;
        assertThrows(VerificationFailedException.class, this::checkChain);
    }

    @Test
    void stale() {
        mode = Mode.STALE;
        RevocationUnavailableException e = assertThrows(RevocationUnavailableException.class, this::checkChain);
        assertTrue(e.getMessage().contains("stale"), e.getMessage());
    }

    @Test
    void noAnswer() {
        mode = Mode.FAIL_500;
        assertThrows(RevocationUnavailableException.class, this::checkChain);
        assertThrows(RevocationUnavailableException.class, () -> checker(CollateralSource.none())
                .checkChain(List.of(leaf.cert, ica.cert, root.cert), 0, NOW, "x"));
    }

    @Test
    void requestIsAPostOfKindOcspThatNoCacheMayKeep() throws Exception {
        List<String> seen = new ArrayList<>();
        List<String> keys = new ArrayList<>();
        CollateralSource real = http();
        OcspChecker c = checker(request -> {
            seen.add(request.uri() + " " + request.kind() + " " + request.contentType().orElse("") + " "
                    + request.freshness().isPresent());
            keys.add(request.cacheKey());
            FetchedCollateral f = real.fetch(request);
            assertEquals(NOW.plus(Duration.ofDays(1)).getEpochSecond(),
                    OcspChecker.FRESHNESS.nextUpdate(f.body(), Map.of()).orElseThrow().getEpochSecond());
            return f;
        });
        c.check(leaf.cert, ica.cert, NOW, "leaf");
        c.check(leaf.cert, ica.cert, NOW, "leaf");
        // no freshness reader: a cache has no nextUpdate to keep the answer until
        assertEquals(List.of(uri + " " + CollateralKind.OCSP_RESPONSE + " application/ocsp-request false",
                uri + " " + CollateralKind.OCSP_RESPONSE + " application/ocsp-request false"), seen);
        // a key of its own per request (its nonce): never coalesced with, nor served, another's answer
        assertTrue(!keys.get(0).equals(keys.get(1)), keys.toString());
    }

    @Test
    void aCacheNeverStandsInForAFreshAnswer() throws Exception {
        CachingCollateralSource cache = CachingCollateralSource.builder(http())
                .clock(java.time.Clock.fixed(NOW, java.time.ZoneOffset.UTC)).build();
        OcspChecker c = checker(cache);
        c.check(leaf.cert, ica.cert, NOW, "leaf");
        c.check(leaf.cert, ica.cert, NOW, "leaf");
        assertEquals(2, requests.get(), "both checks asked the responder");
        // revoked since the first answer (which said good until tomorrow): the revocation is seen
        mode = Mode.REVOKED;
        VerificationFailedException e = assertThrows(VerificationFailedException.class,
                () -> c.check(leaf.cert, ica.cert, NOW, "leaf"));
        assertEquals(Reason.REVOKED, e.reason());
    }

    @Test
    void cachedAnswerIsAcceptedWithoutNonceButNotWhenStale() throws Exception {
        CollateralSource real = http();
        byte[][] first = new byte[1][];
        checker(request -> {
            FetchedCollateral f = real.fetch(request);
            first[0] = f.body();
            return f;
        }).check(leaf.cert, ica.cert, NOW, "leaf");
        CollateralSource cache = request -> new FetchedCollateral(first[0], Map.of(), "cache", NOW, null, true);
        checker(cache).check(leaf.cert, ica.cert, NOW, "leaf");
        assertThrows(RevocationUnavailableException.class,
                () -> checker(cache).check(leaf.cert, ica.cert, NOW.plus(Duration.ofDays(2)), "leaf"));
        // the same body served as fresh fails: its nonce is not this request's
        CollateralSource replay = request -> new FetchedCollateral(first[0], Map.of(), "replay", NOW, null, false);
        assertThrows(VerificationFailedException.class, () -> checker(replay).check(leaf.cert, ica.cert, NOW, "leaf"));
    }

    @Test
    void verifiedCachedAnswerIsReusedOnlyInsideItsWindow() throws Exception {
        CollateralSource real = http();
        byte[][] first = new byte[1][];
        checker(request -> {
            FetchedCollateral f = real.fetch(request);
            first[0] = f.body();
            return f;
        }).check(leaf.cert, ica.cert, NOW, "leaf");
        AtomicInteger served = new AtomicInteger();
        OcspChecker one = checker(request -> {
            served.incrementAndGet();
            return new FetchedCollateral(first[0], Map.of(), "cache", NOW, null, true);
        });
        one.check(leaf.cert, ica.cert, NOW, "leaf");
        one.check(leaf.cert, ica.cert, NOW.plusSeconds(600), "leaf");
        assertEquals(2, served.get());
        assertThrows(RevocationUnavailableException.class,
                () -> one.check(leaf.cert, ica.cert, NOW.plus(Duration.ofDays(2)), "leaf"));
        // A cached GOOD answer for the leaf says nothing about another certificate.
        assertThrows(VerificationFailedException.class, () -> one.check(ica.cert, root.cert, NOW, "ica"));
    }

    @Test
    void certificateHoldFailsUnlessAllowed() throws Exception {
        mode = Mode.HOLD;
        VerificationFailedException e = assertThrows(VerificationFailedException.class, this::checkChain);
        assertEquals(Reason.REVOKED, e.reason());
        List<String> warnings = new OcspChecker(http(), uri, true).checkChain(List.of(leaf.cert, ica.cert, root.cert), 0,
                NOW, "test chain");
        assertEquals(2, warnings.size());
        assertTrue(warnings.get(0).contains("on hold"), warnings.get(0));
    }

    @Test
    void onlyTheIssuerOrItsDelegateMaySign() {
        // RFC 6960 4.2.2.2: a certificate that chains to a trusted root is not enough
        for (Mode m : List.of(Mode.ISSUED_WITHOUT_PURPOSE, Mode.DELEGATED_BY_ANOTHER_CA, Mode.SIBLING_LEAF,
                Mode.UNTRUSTED)) {
            mode = m;
            VerificationFailedException e = assertThrows(VerificationFailedException.class,
                    () -> checker(http()).check(leaf.cert, ica.cert, NOW, "leaf"), m.name());
            assertEquals(Reason.COLLATERAL, e.reason(), m.name());
        }
        mode = Mode.ISSUED_WITHOUT_PURPOSE;
        VerificationFailedException e = assertThrows(VerificationFailedException.class,
                () -> checker(http()).check(leaf.cert, ica.cert, NOW, "leaf"));
        assertTrue(e.getMessage().contains("OCSPSigning"), e.getMessage());
        mode = Mode.DELEGATED_BY_ANOTHER_CA;
        e = assertThrows(VerificationFailedException.class, () -> checker(http()).check(leaf.cert, ica.cert, NOW, "leaf"));
        assertTrue(e.getMessage().contains("not by the issuer"), e.getMessage());
    }

    @Test
    void aDelegateOfTheIssuerOutsideItsValidityIsRefused() {
        mode = Mode.DELEGATED;
        assertThrows(VerificationFailedException.class,
                () -> checker(http()).check(leaf.cert, ica.cert, TO.plus(Duration.ofDays(1)), "leaf"));
    }

    @Test
    void twoAnswersForOneCertificateAreMalformedInEitherOrder() {
        for (Mode m : List.of(Mode.TWICE_GOOD_FIRST, Mode.TWICE_REVOKED_FIRST, Mode.REVOKED_UNDER_SHA1)) {
            mode = m;
            VerificationFailedException e = assertThrows(VerificationFailedException.class,
                    () -> checker(http()).check(leaf.cert, ica.cert, NOW, "leaf"), m.name());
            assertEquals(Reason.COLLATERAL, e.reason(), m.name());
            assertTrue(e.getMessage().contains("two single responses"), e.getMessage());
        }
    }

    @Test
    void checkingFromIndexOneSkipsTheLeaf() throws Exception {
        checker(http()).checkChain(List.of(leaf.cert, ica.cert, root.cert), 1, NOW, "chain");
        assertEquals(1, requests.get(), "only the ICA was asked about");
    }
}
