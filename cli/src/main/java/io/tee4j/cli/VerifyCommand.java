package io.tee4j.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.tee4j.core.AttestationException;
import io.tee4j.core.AttestationResult;
import io.tee4j.core.Evidence;
import io.tee4j.core.PolicyDocument;
import io.tee4j.core.PolicyFormatException;
import io.tee4j.core.RevocationMode;
import io.tee4j.core.TeeType;
import io.tee4j.core.spi.TeeBackend;
import io.tee4j.core.spi.VerificationRequest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code tee4j verify}: verify evidence against vendor roots, collateral and a policy. */
@Command(name = "verify",
        description = "Verify evidence: signature, certificate chain, collateral, revocation, TCB status and policy.",
        footer = {"", "Examples:",
                "  tee4j verify --tee sev-snp --evidence report.bin --cert vcek.der \\",
                "      --at 2024-06-01T00:00:00Z --offline --no-revocation-check --json",
                "  tee4j verify --tee tdx --evidence quote.dat --collateral bundle.json \\",
                "      --at 2025-07-04T10:24:00Z --offline --json"})
final class VerifyCommand implements Callable<Integer> {

    @Option(names = "--tee", required = true, description = "sev-snp, tdx, cca or nvidia-gpu")
    String tee;

    @Option(names = "--evidence", required = true, paramLabel = "FILE",
            description = "Evidence file: binary, PEM, hex or base64 text.")
    Path evidence;

    @Option(names = "--cert", paramLabel = "FILE",
            description = "Certificates beside the evidence (VCEK, chain, device chain); DER, PEM, hex or base64.")
    List<Path> certs = new ArrayList<>();

    @Option(names = "--collateral", paramLabel = "FILE|DIR",
            description = "Collateral: a CRL, a TDX collateral bundle, reference values, a directory of RIMs.")
    List<Path> collateral = new ArrayList<>();

    @Option(names = "--trust-root", paramLabel = "FILE",
            description = "Trust these roots instead of the bundled vendor roots (PEM/DER, or a CCA trust-anchor JSON). "
                    + "nvidia-gpu: the device identity roots only.")
    List<Path> trustRoots = new ArrayList<>();

    @Option(names = "--rim-trust-root", paramLabel = "FILE",
            description = "nvidia-gpu: trust these roots for RIM signatures instead of the bundled NVIDIA CoRIM "
                    + "signing root. Kept apart from --trust-root: a device root never vouches for a RIM signer.")
    List<Path> rimTrustRoots = new ArrayList<>();

    @Option(names = "--at", paramLabel = "ISO-8601-INSTANT",
            description = "Verify as of this instant (e.g. 2024-06-01T00:00:00Z) instead of now.")
    String at;

    @Option(names = "--policy", paramLabel = "FILE", description = "A JSON policy file for this TEE.")
    Path policy;

    @Option(names = "--nonce", paramLabel = "HEX",
            description = "The challenge the evidence must carry: SEV-SNP/TDX report data (up to 64 bytes, "
                    + "zero-padded), the CCA realm challenge, the NVIDIA SPDM nonce (32 bytes). A mismatch exits 5 "
                    + "for SEV-SNP/TDX (a policy rule) and 2 for CCA/NVIDIA (freshness of the signed evidence).")
    String nonce;

    @Option(names = "--offline", description = "Never touch the network; use only the files given and the cache.")
    boolean offline;

    @Option(names = "--cache-dir", paramLabel = "DIR",
            description = "Collateral cache (default $XDG_CACHE_HOME/tee4j/collateral or ~/.cache/tee4j/collateral).")
    Path cacheDir;

    @Option(names = "--no-revocation-check",
            description = "INSECURE: do not check revocation (CRL/OCSP). The result is marked.")
    boolean noRevocationCheck;

    @Option(names = "--json", description = "Print JSON instead of text.")
    boolean json;

    @Option(names = "--format", paramLabel = "native|ear", defaultValue = "native",
            description = "Result format with --json: tee4j's native JSON (default) or an EAT Attestation Result (EAR).")
    String format;

    @Override
    public Integer call() throws Exception {
        if (!format.equals("native") && !format.equals("ear")) {
            throw new UsageException("--format must be native or ear, not " + format);
        }
        TeeType type = Backends.parseType(tee);
        List<X509Certificate> rimRoots = new ArrayList<>();
        for (Path p : rimTrustRoots) {
            rimRoots.addAll(InputFiles.readCertificates(p));
        }
        TeeBackend backend = Backends.forType(type, rimRoots);
        VerificationRequest request = buildRequest(type);
        Evidence ev = backend.readEvidence(InputFiles.readDecoded(evidence));
        if (noRevocationCheck) {
            System.err.println("tee4j: WARNING: revocation is not checked (--no-revocation-check); "
                    + "a revoked key would be accepted.");
        }
        try {
            AttestationResult result = backend.verify(ev, request);
            if (format.equals("ear")) {
                System.out.println(Json.write(Ear.fromResult(result, ev.raw(), request.clock().instant())));
            } else {
                print(result);
            }
            return ExitCodes.OK;
        } catch (AttestationException e) {
            if (format.equals("ear")) {
                System.out.println(Json.write(Ear.fromFailure(backend.type(), e, ev.raw(), request.clock().instant())));
                return e.failureClass().exitCode();
            }
            if (json) {
                printFailure(e);
                return e.failureClass().exitCode();
            }
            throw e;
        }
    }

    private VerificationRequest buildRequest(TeeType type) throws UsageException, PolicyFormatException {
        VerificationRequest.Builder b = VerificationRequest.builder();
        for (Path p : certs) {
            for (X509Certificate c : InputFiles.readCertificates(p)) {
                try {
                    b.addCertificate(c.getEncoded());
                } catch (CertificateEncodingException e) {
                    throw new UsageException(p + ": " + e.getMessage(), e);
                }
            }
        }
        for (Path p : trustRoots) {
            b.addTrustRoot(InputFiles.read(p));
        }
        for (Path p : collateral) {
            if (!Files.exists(p)) {
                throw new UsageException("collateral " + p + " does not exist");
            }
            b.addCollateral(p);
        }
        Clock clock = Clock.systemUTC();
        if (at != null) {
            try {
                clock = Clock.fixed(Instant.parse(at), ZoneOffset.UTC);
            } catch (DateTimeParseException e) {
                throw new UsageException("--at: not an ISO-8601 instant (like 2024-06-01T00:00:00Z): " + at);
            }
        }
        b.clock(clock);
        if (policy != null || nonce != null) {
            Map<String, Object> tree = policy != null ? readPolicyTree(policy) : new LinkedHashMap<>();
            if (nonce != null) {
                NonceOption.addTo(tree, type, nonce);
            }
            b.policy(PolicyDocument.of(tree));
        }
        b.revocationMode(noRevocationCheck ? RevocationMode.SKIP_INSECURE : RevocationMode.REQUIRE);
        b.offline(offline);
        b.collateralSource(CliCollateral.source(offline, cacheDir, clock));
        return b.build();
    }

    static PolicyDocument readPolicy(Path path) throws UsageException, PolicyFormatException {
        return PolicyDocument.of(readPolicyTree(path));
    }

    private static Map<String, Object> readPolicyTree(Path path) throws UsageException, PolicyFormatException {
        try {
            return parsePolicyTree(Files.readAllBytes(path));
        } catch (IOException e) {
            throw new UsageException("policy " + path + ": " + e.getMessage(), e);
        }
    }

    static PolicyDocument parsePolicy(byte[] json) throws UsageException, PolicyFormatException {
        return PolicyDocument.of(parsePolicyTree(json));
    }

    /** The policy file as a mutable JSON tree (nulls refused with their path). */
    private static Map<String, Object> parsePolicyTree(byte[] json) throws UsageException, PolicyFormatException {
        JsonNode node;
        try {
            node = Json.MAPPER.readTree(json);
        } catch (IOException e) {
            throw new UsageException("policy: not valid JSON: " + e.getMessage(), e);
        }
        if (node == null || !node.isObject()) {
            throw new PolicyFormatException("$", "a policy file must be a JSON object");
        }
        rejectNulls(node, "$");
        @SuppressWarnings("unchecked")
        Map<String, Object> tree = Json.MAPPER.convertValue(node, LinkedHashMap.class);
        return tree;
    }

    /**
     * Refuses JSON {@code null} anywhere in a policy, with its path: no option takes null (leave
     * the key out instead), and core's document reader does not expect null inside lists.
     */
    static void rejectNulls(JsonNode node, String path) throws PolicyFormatException {
        if (node.isNull()) {
            throw new PolicyFormatException(path, "null is not a value of any policy option; leave the key out");
        }
        if (node.isObject()) {
            for (java.util.Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> e = it.next();
                rejectNulls(e.getValue(), path + "." + e.getKey());
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                rejectNulls(node.get(i), path + "[" + i + "]");
            }
        }
    }

    private void print(AttestationResult result) {
        if (json) {
            System.out.println(Json.write(ResultJson.success(result)));
        } else {
            StringBuilder out = new StringBuilder();
            out.append("VERIFIED ").append(result.tee().id()).append(" evidence at ").append(result.verifiedAt())
                    .append(" (trust anchors: ").append(result.explicitTrustAnchors() ? "explicit" : "bundled")
                    .append(", TCB status: ").append(result.commonClaims().tcbStatus()).append(")\n");
            for (String w : result.warnings()) {
                out.append("warning: ").append(w).append('\n');
            }
            Json.appendText(out, result.claims(), "  ");
            System.out.print(out);
        }
    }

    private void printFailure(AttestationException e) throws UsageException {
        System.out.println(Json.write(ResultJson.failure(Backends.parseType(tee), e)));
    }
}
