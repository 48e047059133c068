package io.tee4j.nvgpu.collateral;

import io.tee4j.core.CollateralUnavailableException;
import io.tee4j.core.RevocationUnavailableException;
import io.tee4j.core.VerificationFailedException.Reason;
import io.tee4j.core.VerificationFailedException;
import io.tee4j.core.collateral.CollateralKind;
import io.tee4j.core.collateral.CollateralRequest;
import io.tee4j.core.collateral.CollateralSource;
import io.tee4j.core.collateral.FetchedCollateral;
import io.tee4j.core.collateral.FreshnessReader;
import io.tee4j.core.util.BoundedCache;
import io.tee4j.core.util.BytesKey;
import java.net.URI;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * OCSP for NVIDIA certificate chains, on Bouncy Castle's ASN.1 classes (bcprov only; no JCA provider
 * is registered).
 *
 * <p>Per certificate: a request with a SHA-384 CertID and a 32-byte random nonce is POSTed to the
 * <b>configured</b> responder (NVIDIA's by default) through the collateral source as
 * {@link CollateralKind#OCSP_RESPONSE}. The address is never taken from a certificate (its AIA
 * extension): the certificates come with the evidence, and a leaf minted with a leaked key could
 * otherwise point the verifier at any host. The request carries no freshness reader and a cache key
 * unique to its nonce, so a cache in the source neither keeps the answer nor serves an older one in
 * its place: every check online asks the responder afresh, as nvtrust does.
 *
 * <p>The answer must be SUCCESSFUL; signed by the issuer of the certificate asked about or by a
 * responder the issuer delegated ({@link OcspResponderAuthority}, RFC 6960 §4.2.2.2); hold exactly
 * one SingleResponse for this certificate (two, under any CertID hash, are a malformed answer: no
 * reader may pick a different one than the verifier); thisUpdate at most five minutes in the future;
 * nextUpdate present and after the verification time (otherwise stale); and, when fetched, echo the
 * request nonce. An answer a caller's own source serves as cached ({@link FetchedCollateral#fromCache()})
 * cannot echo this request's nonce; its freshness then rests on its nextUpdate alone.
 *
 * <p>Outcomes: good passes; revoked fails with {@link Reason#REVOKED}; unknown, stale, no answer,
 * or a body that is no successful OCSP response raise {@link RevocationUnavailableException}; a bad
 * signature, an unauthorised responder, two single responses for the certificate, an answer about
 * another certificate or a nonce mismatch fail with {@link Reason#COLLATERAL}.
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
    private final URI responder;
    private final boolean allowHold;
    private final BoundedCache<List<X509Certificate>, OcspCertId> ids = new BoundedCache<>(MAX_CACHED);
    /** Answers a caller's source served as cached, already verified as GOOD for a CertID, with their window. */
    private final BoundedCache<BytesKey, Instant[]> verifiedGood = new BoundedCache<>(MAX_CACHED);

    /**
     * @param responder where every request goes (the verifier's configured responder)
     * @param allowHold accept "revoked" with reason certificateHold (a suspension, as nvtrust's
     *     {@code --allow_hold_cert}); the check then returns a warning
     */
    public OcspChecker(CollateralSource source, URI responder, boolean allowHold) {
        this.source = Objects.requireNonNull(source, "source");
        this.responder = Objects.requireNonNull(responder, "responder");
        this.allowHold = allowHold;
    }

    /** What a verified answer said: its window, and a warning when a hold was tolerated. */
    record Verdict(Instant thisUpdate, Instant nextUpdate, String warning) {
    }

    /**
     * Checks the certificates of a validated chain (leaf first, ending with the root) from index
     * {@code first} up to, not including, the root; returns warnings (a tolerated certificateHold),
     * normally none. Any revoked certificate fails the whole chain.
     */
    public List<String> checkChain(List<X509Certificate> chain, int first, Instant at, String what)
            throws VerificationFailedException, RevocationUnavailableException {
        List<String> warnings = new ArrayList<>();
        for (int i = first; i + 1 < chain.size(); i++) {
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
        OcspCertId id = certificateIdOf(cert, issuer);
        byte[] nonce = new byte[32];
        RANDOM.nextBytes(nonce);
        FetchedCollateral fetched = fetch(cert, id, nonce, what);
        LOG.debug("OCSP answer for {} from {} (cached: {})", describe(cert), fetched.location(), fetched.fromCache());
        byte[] body = fetched.body();
        BytesKey key = null;
        if (fetched.fromCache()) {
            // The same cached answer, already verified as GOOD for this CertID: reuse the verdict
            // while its [thisUpdate, nextUpdate) window still covers the verification time.
            key = BytesKey.of(concat(id, body));
            Instant[] window = verifiedGood.get(key);
            if (window != null && !window[0].isAfter(at.plus(SKEW)) && at.isBefore(window[1])) {
                return null;
            }
        }
        Verdict verdict = verifyResponse(body, id, fetched.fromCache() ? null : nonce, cert, issuer, at, what);
        if (key != null && verdict.warning() == null) {
            verifiedGood.put(key, new Instant[] {verdict.thisUpdate(), verdict.nextUpdate()});
        }
        return verdict.warning();
    }

    private OcspCertId certificateIdOf(X509Certificate cert, X509Certificate issuer)
            throws VerificationFailedException {
        List<X509Certificate> pair = List.of(cert, issuer);
        OcspCertId id = ids.get(pair);
        if (id == null) {
            id = OcspMessages.certificateId(cert, issuer);
            ids.put(pair, id);
        }
        return id;
    }

    private FetchedCollateral fetch(X509Certificate cert, OcspCertId id, byte[] nonce, String what)
            throws RevocationUnavailableException, VerificationFailedException {
        // No freshness reader: a cache must not keep this answer (nor serve an older one for it). The
        // key is unique to this request's nonce so that concurrent checks are never handed one
        // another's answer, whose nonce would not match.
        CollateralRequest request = CollateralRequest.builder(responder, CollateralKind.OCSP_RESPONSE)
                .post(OcspMessages.request(id, nonce), "application/ocsp-request")
                .header("Accept", "application/ocsp-response")
                .cacheKey("ocsp:" + responder + ":" + HexFormat.of().formatHex(id.issuerKeyHash()) + ":"
                        + cert.getSerialNumber().toString(16) + ":" + HexFormat.of().formatHex(nonce))
                .maxBytes(MAX_RESPONSE_BYTES)
                .build();
        try {
            return source.fetch(request);
        } catch (CollateralUnavailableException e) {
            throw new RevocationUnavailableException("no OCSP answer for " + describe(cert) + " (" + what + ") from "
                    + responder + ": " + e.getMessage(), e);
        }
    }

    private static byte[] concat(OcspCertId id, byte[] body) {
        byte[] a = id.encoded();
        byte[] out = Arrays.copyOf(a, a.length + body.length);
        System.arraycopy(body, 0, out, a.length, body.length);
        return out;
    }

    /**
     * Reads the earliest nextUpdate of an OCSP response, for a caller that keeps answers in a store
     * of its own (for example to serve them offline). The verifier's own requests carry no reader:
     * online, a cache must never stand in for a fresh answer.
     */
    public static final FreshnessReader FRESHNESS = (body, headers) -> {
        OcspBasicResponse answer;
        try {
            answer = OcspResponseReader.read(body);
        } catch (OcspAnswerException e) {
            throw new CollateralUnavailableException("not an OCSP response: " + e.getMessage(), null, false);
        }
        Instant min = null;
        for (OcspSingleResponse s : answer.responses()) {
            if (s.nextUpdate() == null) {
                return Optional.empty();
            }
            min = min == null || s.nextUpdate().isBefore(min) ? s.nextUpdate() : min;
        }
        return Optional.ofNullable(min);
    };

    /** Verifies an answer; returns its window when the status is GOOD (or a tolerated hold). */
    Verdict verifyResponse(byte[] body, OcspCertId id, byte[] expectedNonce, X509Certificate cert,
            X509Certificate issuer, Instant at, String what) throws VerificationFailedException,
            RevocationUnavailableException {
        try {
            return verifyParsedResponse(body, id, expectedNonce, cert, issuer, at, what);
        } catch (RuntimeException e) {
            // Every step maps its own failures to typed errors (the differential corpus found no
            // exception); should one still escape, the answer is refused with a typed error too.
            throw new VerificationFailedException(Reason.COLLATERAL, "malformed OCSP answer for " + describe(cert)
                    + ": " + e.getMessage(), e);
        }
    }

    private Verdict verifyParsedResponse(byte[] body, OcspCertId id, byte[] expectedNonce, X509Certificate cert,
            X509Certificate issuer, Instant at, String what) throws VerificationFailedException,
            RevocationUnavailableException {
        OcspBasicResponse answer = OcspMessages.readAnswer(body, cert);
        OcspResponderAuthority.check(answer, issuer, at);
        if (expectedNonce != null) {
            OcspMessages.checkNonce(answer, expectedNonce, cert);
        }
        OcspSingleResponse match = OcspMessages.theOnlyAnswerFor(answer, id, cert, issuer);
        if (match.thisUpdate().isAfter(at.plus(SKEW))) {
            throw new RevocationUnavailableException("OCSP answer for " + describe(cert) + " was produced at "
                    + match.thisUpdate() + ", after the verification time " + at);
        }
        if (match.nextUpdate() == null) {
            throw new RevocationUnavailableException("OCSP answer for " + describe(cert)
                    + " has no nextUpdate; its freshness cannot be judged");
        }
        if (!at.isBefore(match.nextUpdate())) {
            throw new RevocationUnavailableException("OCSP answer for " + describe(cert) + " is stale: nextUpdate "
                    + match.nextUpdate() + " is not after the verification time " + at);
        }
        return statusVerdict(match, cert, what);
    }

    private Verdict statusVerdict(OcspSingleResponse r, X509Certificate cert, String what)
            throws VerificationFailedException, RevocationUnavailableException {
        switch (r.status()) {
            case GOOD:
                return new Verdict(r.thisUpdate(), r.nextUpdate(), null);
            case REVOKED:
                Integer reason = r.revocationReason();
                if (allowHold && reason != null && reason == OcspSingleResponse.CERTIFICATE_HOLD) {
                    return new Verdict(r.thisUpdate(), r.nextUpdate(), describe(cert) + " (" + what + ") is on hold "
                            + "(suspended) since " + r.revocationTime() + "; accepted because certificate holds are allowed");
                }
                throw new VerificationFailedException(Reason.REVOKED, describe(cert) + " (" + what + ") was revoked at "
                        + r.revocationTime() + (reason != null ? " (reason " + reason + ")" : ""));
            default:
                throw new RevocationUnavailableException("the OCSP responder does not know " + describe(cert) + " ("
                        + what + ")");
        }
    }

    private static String describe(X509Certificate cert) {
        return OcspResponderAuthority.describe(cert);
    }
}
