package io.tee4j.coco.testing;

import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import com.sun.net.httpserver.Headers;
import io.tee4j.coco.kbs.AttestationMessage;
import io.tee4j.coco.kbs.Challenge;
import io.tee4j.coco.kbs.EvidenceJson;
import io.tee4j.coco.kbs.HashAlgorithm;
import io.tee4j.coco.kbs.KbsRequest;
import io.tee4j.coco.kbs.KbsTee;
import io.tee4j.core.AttestationException;
import io.tee4j.core.AttestationResult;
import io.tee4j.envelope.Envelope;
import io.tee4j.core.PolicyFormatException;
import io.tee4j.core.TeeType;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

/** The fake KBS's routes; see {@link FakeKbs} for what they imitate. */
final class FakeKbsHandlers {
    private static final Set<String> KEY_ALGS = Set.of("ECDH-ES+A256KW", "RSA-OAEP-256", "RSA1_5");
    private final EvidenceAppraiser appraiser;
    private final Map<String, byte[]> resources;
    private final ResourcePolicy policy;
    private final FakeKbsSessions sessions;
    private final FakeKbsTokens tokens;
    private final UnaryOperator<byte[]> responseFilter;
    private final SecureRandom random = new SecureRandom();

    FakeKbsHandlers(EvidenceAppraiser appraiser, Map<String, byte[]> resources, ResourcePolicy policy,
            FakeKbsSessions sessions, FakeKbsTokens tokens, UnaryOperator<byte[]> responseFilter) {
        this.appraiser = appraiser;
        this.resources = resources;
        this.policy = policy;
        this.sessions = sessions;
        this.tokens = tokens;
        this.responseFilter = responseFilter;
    }

    /** A reply. */
    record Reply(int status, byte[] body, Map<String, String> headers) {
        static Reply error(int status, String variant, String detail) {
            return new Reply(status, FakeKbs.errorBody(variant, detail), Map.of());
        }

        static Reply ok(byte[] body) {
            return new Reply(200, body, Map.of());
        }
    }

    /** A refusal inside a handler. */
    private static final class Refused extends Exception {
        private static final long serialVersionUID = 1L;
        final transient Reply reply;

        Refused(int status, String variant, String detail) {
            super(detail, null, false, false);
            this.reply = Reply.error(status, variant, detail);
        }
    }

    Reply route(String method, String path, Headers headers, byte[] body) {
        try {
            if (path.equals("/healthz") && method.equals("GET")) {
                return Reply.ok(new byte[0]);
            }
            if (!path.startsWith("/kbs/v0/")) {
                throw new Refused(404, "InvalidRequestPath", "invalid request path");
            }
            String[] p = path.substring("/kbs/v0/".length()).split("/", -1);
            switch (p[0]) {
                case "auth":
                    return auth(method, body);
                case "attest":
                    return attest(method, cookie(headers), body);
                case "resource":
                    return resource(method, p, headers);
                default:
                    throw new Refused(404, "PluginNotFound", "plugin " + p[0] + " not found");
            }
        } catch (Refused r) {
            return r.reply;
        }
    }

    private Reply auth(String method, byte[] body) throws Refused {
        requirePost(method);
        KbsRequest req;
        try {
            req = KbsRequest.parse(body);
        } catch (AttestationException e) {
            throw new Refused(401, "AttestationError", e.getMessage());
        }
        if (!req.version().equals(KbsRequest.PROTOCOL_VERSION)) {
            throw new Refused(401, "AttestationError", "KBS Client Protocol Version Mismatch: " + req.version());
        }
        TeeType tee = KbsTee.fromName(req.tee());
        if (tee == null) {
            throw new Refused(401, "AttestationError", "unsupported tee " + req.tee());
        }
        byte[] nonce = new byte[32];
        random.nextBytes(nonce);
        Challenge c = tee == TeeType.IBM_SE ? seChallenge() : Challenge.of(nonce);
        String cookie = sessions.open(tee, c.nonce());
        String expires = DateTimeFormatter.RFC_1123_DATE_TIME.format(sessions.expiry(cookie).atOffset(ZoneOffset.UTC));
        try {
            return new Reply(200, c.toJson(), Map.of("Set-Cookie", "kbs-session-id=" + cookie + "; Expires=" + expires));
        } catch (io.tee4j.json.Json.JsonException e) {
            throw new Refused(401, "AttestationError", e.getMessage());
        }
    }

    private Reply attest(String method, String cookie, byte[] body) throws Refused {
        requirePost(method);
        FakeKbsSessions.Session s = sessions.get(cookie);
        if (s == null) {
            throw new Refused(401, "AttestationError", "session not found or expired");
        }
        if (s.token != null) {
            return Reply.ok(tokenBody(s.token));
        }
        try {
            AttestationMessage m = AttestationMessage.parse(body);
            if (!m.runtimeData().nonce().equals(s.nonce)) {
                throw new Refused(401, "AttestationError", "the nonce in the handshake session is different");
            }
            teeKey(m.runtimeData().teePubKey());
            // As trustee: the session's TEE picks the verifier, which parses the agent's JSON for that TEE.
            Envelope envelope = EvidenceJson.decode(m.primaryEvidence(), s.tee);
            // trustee's built-in AS hashes SE runtime data with SHA-512, every other TEE's with SHA-384.
            byte[] digest = m.runtimeData().digest(s.tee == TeeType.IBM_SE ? HashAlgorithm.SHA512 : HashAlgorithm.SHA384);
            byte[] initDigest = m.initData() == null ? null : m.initData().digest();
            AttestationResult verified = appraiser.appraise(envelope.evidence(),
                    KbsTee.reportData(s.tee, digest), initDigest);
            envelope.checkBindings(verified);
            s.token = tokens.issue(s.tee, m.runtimeData().teePubKey());
            return Reply.ok(tokenBody(s.token));
        } catch (AttestationException | PolicyFormatException | io.tee4j.json.Json.JsonException e) {
            throw new Refused(401, "AttestationError", "attestation failed: " + e.getMessage());
        }
    }

    private Reply resource(String method, String[] p, Headers headers) throws Refused {
        if (!method.equals("GET") || p.length != 4) {
            throw new Refused(404, "InvalidRequestPath", "invalid resource path");
        }
        String path = p[1] + "/" + p[2] + "/" + p[3];
        FakeKbsSessions.Session s = sessions.get(cookie(headers));
        String token = s != null && s.token != null ? s.token : bearer(headers);
        if (token == null) {
            throw new Refused(401, "TokenNotFound", "attestation token not found");
        }
        FakeKbsTokens.Verified v;
        try {
            v = tokens.verify(token);
        } catch (Exception e) {
            throw new Refused(401, "TokenVerifierError", "token verification failed: " + e.getMessage());
        }
        if (!policy.allows(v.tee(), path)) {
            throw new Refused(401, "PolicyDeny", "resource policy denied " + path);
        }
        byte[] value = resources.get(path);
        if (value == null) {
            throw new Refused(401, "PluginInternalError", "resource not found");
        }
        try {
            Map<String, Object> jwk = v.teePubKey();
            return Reply.ok(responseFilter.apply(ResponseEncryptor.encrypt(value, teeKey(jwk), (String) jwk.get("alg"),
                    (String) jwk.get("crv"))));
        } catch (java.security.GeneralSecurityException e) {
            throw new Refused(401, "JweError", e.getMessage());
        }
    }

    private static PublicKey teeKey(Map<String, Object> jwk) throws Refused {
        try {
            JWK k = JWK.parse(jwk);
            if (!KEY_ALGS.contains(String.valueOf(jwk.get("alg")))) {
                throw new Refused(401, "AttestationError", "tee-pubkey alg is not one the KBS encrypts to");
            }
            return k instanceof ECKey ec ? ec.toPublicKey() : ((RSAKey) k).toPublicKey();
        } catch (java.text.ParseException | com.nimbusds.jose.JOSEException | ClassCastException e) {
            throw new Refused(401, "AttestationError", "tee-pubkey is not a usable JWK: " + e.getMessage());
        }
    }

    private static byte[] tokenBody(String token) {
        return ("{\"token\":\"" + token + "\"}").getBytes(StandardCharsets.UTF_8);
    }

    private static void requirePost(String method) throws Refused {
        if (!method.equals("POST")) {
            throw new Refused(404, "InvalidRequestPath", "method " + method + " not allowed here");
        }
    }

    private static String cookie(Headers h) {
        for (String line : h.getOrDefault("Cookie", java.util.List.of())) {
            for (String part : line.split(";")) {
                String t = part.trim();
                if (t.startsWith("kbs-session-id=")) {
                    return t.substring("kbs-session-id=".length());
                }
            }
        }
        return null;
    }

    private static String bearer(Headers h) {
        String a = h.getFirst("Authorization");
        return a != null && a.startsWith("Bearer ") ? a.substring(7).trim() : null;
    }

    /** trustee's SE challenge: the verifier's request as the nonce, SHA-512 selected. */
    private Challenge seChallenge() throws Refused {
        if (!(appraiser instanceof SeAppraiser se)) {
            throw new Refused(401, "AttestationError", "this KBS has no IBM SE verifier");
        }
        try {
            return new Challenge(se.challenge(), Map.of("selected-hash-algorithm", HashAlgorithm.SHA512.wireName()));
        } catch (AttestationException e) {
            throw new Refused(401, "AttestationError", e.getMessage());
        }
    }
}
