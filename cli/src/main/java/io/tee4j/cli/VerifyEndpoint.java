package io.tee4j.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tee4j.coco.token.EarSigner;
import java.nio.charset.StandardCharsets;
import io.tee4j.core.AttestationException;
import io.tee4j.core.AttestationResult;
import io.tee4j.core.Evidence;
import io.tee4j.core.FailureClass;
import io.tee4j.core.PolicyDocument;
import io.tee4j.core.PolicyFormatException;
import io.tee4j.core.RevocationMode;
import io.tee4j.core.TeeType;
import io.tee4j.core.crypto.Certificates;
import io.tee4j.core.spi.PerCallInputs;
import io.tee4j.core.spi.PreparedVerifier;
import io.tee4j.core.spi.TeeBackend;
import io.tee4j.core.util.BoundedCache;
import io.tee4j.core.util.BytesKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code POST /v1/verify} without HTTP: a request body in, the reply out. The body is read
 * strictly ({@link RequestJson}), its fields checked by name and type, its certificates counted
 * against {@link CertificateBudget} before any is parsed, its {@code at} bounded to 1970–9999,
 * and the verification runs with the prepared verifier the sidecar keeps for the request's
 * configuration ({@link SidecarVerifiers}), against the sidecar's one collateral source (none, and
 * offline, when the client brings its own trust roots). Failures are told through {@link SafeMessages}.
 */
final class VerifyEndpoint {
    /** How many distinct certificate entries keep their parsed form (entries above 16 KiB are not kept: 4 MiB at most). */
    static final int PARSED_CERTIFICATES = 128;
    private static final int MAX_CACHED_ENTRY_BYTES = 16 << 10;
    private static final Set<String> KEYS = Set.of("tee", "evidence", "certificates", "trustRoots", "rimTrustRoots",
            "policy", "nonce", "at", "format", "noRevocationCheck", "arpk");

    private final Map<TeeType, TeeBackend> backends;
    private final Sidecar.Config config;
    private final SidecarCollateral collateral;
    private final SafeMessages messages;
    private final SidecarVerifiers verifiers;
    /** Certificate entries already split into DER (see {@link #parsed}): the same VCEK or chain comes with every request. */
    private final BoundedCache<BytesKey, List<byte[]>> parsedCertificates = new BoundedCache<>(PARSED_CERTIFICATES);
    /** The last {@code at} text and its instant: a replaying client sends the same one on every request. */
    private volatile ParsedAt lastAt;
    /** The EAR signing key ({@code "format": "ear-jwt"}); null when the sidecar was started without one. */
    private volatile EarSigner earSigner;
    private static final String EAR_JWT = "ear-jwt";

    VerifyEndpoint(Map<TeeType, TeeBackend> backends, Sidecar.Config config, SidecarCollateral collateral,
            SafeMessages messages) {
        this.backends = backends;
        this.config = config;
        this.collateral = collateral;
        this.messages = messages;
        this.verifiers = new SidecarVerifiers(config, collateral);
    }

    /** The prepared verifiers this endpoint keeps (for tests: which requests were served warm). */
    SidecarVerifiers verifiers() {
        return verifiers;
    }

    /** How many certificate entries are kept parsed (for tests: a repeated entry is parsed once). */
    int parsedCertificateEntries() {
        return parsedCertificates.size();
    }

    /** The reply to one request body; a request the client must fix is a 4xx reply. */
    Sidecar.Reply reply(byte[] body) {
        try {
            RequestFields fields = RequestFields.read(body, KEYS);
            Sidecar.Reply reply = verify(fields);
            if (reply.verifiedTee() != null) {
                return reply; // written with its messages scrubbed
            }
            return signedIfAsked(fields, new Sidecar.Reply(reply.status(), messages.scrub(reply.body())));
        } catch (BadRequest e) {
            return Sidecar.Reply.error(e.status, e.code, 1, messages.scrub(e.getMessage()));
        }
    }

    private Sidecar.Reply verify(RequestFields f) {
        TeeType type = Sidecar.teeType(f.requiredText("tee"));
        TeeBackend backend = backends.get(type);
        if (backend == null) {
            throw BadRequest.usage("$.tee: the " + type.id() + " backend is not part of this build");
        }
        boolean ear = ear(f.optionalText("format", "native"));
        if (EAR_JWT.equals(f.optionalText("format", "native")) && earSigner == null) {
            throw BadRequest.usage("$.format: ear-jwt needs a sidecar started with --signing-key");
        }
        byte[] raw = f.base64("evidence");
        List<byte[]> certificates = f.base64List("certificates");
        List<byte[]> trustRoots = f.base64List("trustRoots");
        List<byte[]> rimTrustRoots = f.base64List("rimTrustRoots");
        CertificateBudget budget = new CertificateBudget();
        budget.spend("certificates", certificates);
        budget.spend("trustRoots", trustRoots);
        budget.spend("rimTrustRoots", rimTrustRoots);
        requireRimTrustRoots(type, rimTrustRoots);
        // RIM roots are the client's roots too: with either, nothing is fetched on its behalf.
        boolean clientRoots = !trustRoots.isEmpty() || !rimTrustRoots.isEmpty();
        Clock clock = clock(f.optionalText("at", null));
        PerCallInputs inputs = inputs(f, type, certificates, clock);
        boolean skip = config.skipRevocation() || f.optionalBool("noRevocationCheck");
        RevocationMode mode = skip ? RevocationMode.SKIP_INSECURE : RevocationMode.REQUIRE;
        Evidence evidence;
        try {
            evidence = backend.readEvidence(raw);
        } catch (AttestationException e) {
            return failure(type, e, raw, clock, ear, trustRoots);
        }
        evidence = withArpk(f, type, evidence);
        try {
            PreparedVerifier verifier = verifiers.forRequest(backend, mode, trustRoots, rimTrustRoots);
            AttestationResult result = verifier.verify(evidence, inputs);
            return ear ? new Sidecar.Reply(200, Ear.fromResult(result, raw, clock.instant(), trustRoots))
                    : Sidecar.Reply.verified(result.tee(), SuccessReplyWriter.write(result, messages));
        } catch (AttestationException e) {
            return failure(type, messages.forClient(e, clientRoots, collateral.offlineFor(clientRoots)), raw, clock, ear,
                    trustRoots);
        } catch (PolicyFormatException e) {
            throw BadRequest.usage(policyPath(e));
        }
    }

    /**
     * ibm-se: the request's ARPK ({@code $.arpk}, base64 of 32 bytes) rides as the evidence's aux
     * blob, as {@code tee4j verify --arpk} does; the expected image comes from the policy's
     * {@code headerTags}. Refused for every other TEE.
     */
    private static Evidence withArpk(RequestFields f, TeeType type, Evidence evidence) {
        if (f.optionalText("arpk", null) == null) {
            return evidence;
        }
        if (type != TeeType.IBM_SE) {
            throw BadRequest.usage("$.arpk: applies to ibm-se only");
        }
        return evidence.toBuilder().auxBlob(f.base64("arpk")).build();
    }

    /**
     * Refuses {@code rimTrustRoots} for another TEE than nvidia-gpu, or holding no certificate, as
     * the client's mistake (as --rim-trust-root); the GPU backend then trusts them for RIM signatures.
     */
    private static void requireRimTrustRoots(TeeType type, List<byte[]> rimTrustRoots) {
        if (rimTrustRoots.isEmpty()) {
            return;
        }
        if (type != TeeType.NVIDIA_GPU) {
            throw BadRequest.usage("$.rimTrustRoots: applies to nvidia-gpu only");
        }
        List<X509Certificate> roots = new ArrayList<>();
        for (byte[] content : rimTrustRoots) {
            try {
                roots.addAll(Certificates.parseAll(content));
            } catch (CertificateException e) {
                throw BadRequest.usage("$.rimTrustRoots: " + e.getMessage());
            }
        }
        if (roots.isEmpty()) {
            throw BadRequest.usage("$.rimTrustRoots: no certificate");
        }
    }

    private static Sidecar.Reply failure(TeeType type, AttestationException e, byte[] raw, Clock clock, boolean ear,
            List<byte[]> trustRoots) {
        int status = e.failureClass() == FailureClass.COLLATERAL_UNAVAILABLE ? 503 : 200;
        return new Sidecar.Reply(status, ear ? Ear.fromFailure(type, e, raw, clock.instant(), trustRoots)
                : ResultJson.failure(type, e));
    }

    private static boolean ear(String format) {
        if (!format.equals("native") && !format.equals("ear") && !format.equals(EAR_JWT)) {
            throw BadRequest.usage("$.format: must be native, ear or ear-jwt");
        }
        return !format.equals("native");
    }

    /**
     * {@code "format": "ear-jwt"}: the EAR (already scrubbed, so the signature covers what the
     * client reads) signed by the sidecar's key as {@code {"token": "<JWT>"}}; the key is at
     * {@code /.well-known/jwks.json}.
     */
    private Sidecar.Reply signedIfAsked(RequestFields fields, Sidecar.Reply reply) {
        if (!EAR_JWT.equals(fields.optionalText("format", "native"))) {
            return reply;
        }
        ObjectNode out = Json.MAPPER.createObjectNode();
        out.put("token", earSigner.sign(Json.writeBytes(reply.body())));
        return new Sidecar.Reply(reply.status(), out, reply.headers());
    }

    /** Signs {@code "format": "ear-jwt"} results from now on (set before the sidecar starts). */
    void earSigner(EarSigner signer) {
        this.earSigner = signer;
    }

    /** {@code GET /.well-known/jwks.json}: the EAR signing key, for relying parties. */
    Sidecar.Reply jwks() {
        EarSigner signer = earSigner;
        if (signer == null) {
            return Sidecar.Reply.error(404, "NOT_FOUND", 1, "this sidecar signs no EAR (start it with --signing-key)");
        }
        try {
            return new Sidecar.Reply(200, Json.readStrict(signer.jwksJson().getBytes(StandardCharsets.UTF_8)));
        } catch (Json.StrictJsonException e) {
            throw new IllegalStateException("Nimbus writes a JWK Set as JSON", e);
        }
    }

    private record ParsedAt(String text, Clock clock) {
    }

    /** The verification time: the sidecar's clock, or the request's {@code at} within 1970–9999. */
    private Clock clock(String at) {
        if (at == null) {
            return config.clock();
        }
        ParsedAt last = lastAt;
        if (last != null && last.text().equals(at)) {
            return last.clock();
        }
        Clock parsed = parseAt(at);
        lastAt = new ParsedAt(at, parsed);
        return parsed;
    }

    private static Clock parseAt(String at) {
        Instant instant;
        try {
            instant = Instant.parse(at);
        } catch (DateTimeParseException e) {
            throw BadRequest.usage("$.at: not an ISO-8601 instant");
        }
        if (instant.isBefore(Instants.EARLIEST) || instant.isAfter(Instants.LATEST)) {
            throw BadRequest.usage("$.at: outside 1970-01-01T00:00:00Z .. 9999-12-31T23:59:59Z");
        }
        return Clock.fixed(instant, ZoneOffset.UTC);
    }

    /** What changes per request: the certificates beside the evidence, the time, the policy with the nonce. */
    private PerCallInputs inputs(RequestFields f, TeeType type, List<byte[]> certificates, Clock clock) {
        PerCallInputs.Builder b = PerCallInputs.builder().clock(clock);
        for (int i = 0; i < certificates.size(); i++) {
            for (byte[] der : parsed(certificates.get(i), i)) {
                b.addCertificate(der);
            }
        }
        Map<String, Object> policy = policy(f.node("policy"), f.optionalText("nonce", null), type);
        if (policy != null) {
            b.policy(PolicyDocument.of(policy));
        }
        return b.build();
    }

    /**
     * The certificates of one {@code certificates} entry (DER or PEM, one or several), each as DER.
     * An entry seen before is answered from a bounded cache keyed by its exact bytes: only entries
     * that parsed are kept, and the DER arrays are never handed out for writing (the verifier
     * copies what it keeps), so a cached answer is the one parsing would give.
     */
    private List<byte[]> parsed(byte[] entry, int index) {
        if (entry.length > MAX_CACHED_ENTRY_BYTES) {
            return parse(entry, index);
        }
        BytesKey key = BytesKey.of(entry);
        List<byte[]> known = parsedCertificates.get(key);
        if (known != null) {
            return known;
        }
        List<byte[]> fresh = parse(entry, index);
        parsedCertificates.put(key, fresh);
        return fresh;
    }

    private static List<byte[]> parse(byte[] entry, int index) {
        try {
            List<X509Certificate> certs = Certificates.parseAll(entry);
            List<byte[]> out = new ArrayList<>(certs.size());
            for (X509Certificate c : certs) {
                out.add(c.getEncoded());
            }
            return List.copyOf(out);
        } catch (CertificateException e) {
            throw BadRequest.usage("$.certificates[" + index + "]: " + e.getMessage());
        }
    }

    private static Map<String, Object> policy(JsonNode policy, String nonce, TeeType type) {
        if (policy == null && nonce == null) {
            return null;
        }
        Map<String, Object> tree = new LinkedHashMap<>();
        if (policy != null) {
            if (!policy.isObject()) {
                throw BadRequest.usage("$.policy: expected an object");
            }
            try {
                VerifyCommand.rejectNulls(policy, "$");
            } catch (PolicyFormatException e) {
                throw BadRequest.usage(policyPath(e));
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> given = Json.MAPPER.convertValue(policy, LinkedHashMap.class);
            tree = given;
        }
        if (nonce != null) {
            try {
                NonceOption.addTo(tree, type, nonce);
            } catch (UsageException e) {
                throw BadRequest.usage("$.nonce: " + e.getMessage().replace("--nonce: ", ""));
            }
        }
        return tree;
    }

    /** {@code $.policy.key: problem} from a policy error whose path is relative to the policy object. */
    private static String policyPath(PolicyFormatException e) {
        String m = e.getMessage();
        int i = m.indexOf(": ");
        String problem = i < 0 ? m : m.substring(i + 2);
        return "$.policy" + e.path().substring(1) + ": " + problem;
    }
}
