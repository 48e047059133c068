package io.tee4j.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tee4j.cca.CcaConfigurationException;
import io.tee4j.cca.verify.CcaTrustAnchors;
import io.tee4j.core.AttestationException;
import io.tee4j.core.AttestationResult;
import io.tee4j.core.CollateralUnavailableException;
import io.tee4j.core.Evidence;
import io.tee4j.core.FailureClass;
import io.tee4j.core.MalformedEvidenceException;
import io.tee4j.core.PolicyDocument;
import io.tee4j.core.PolicyFormatException;
import io.tee4j.core.RevocationMode;
import io.tee4j.core.TeeType;
import io.tee4j.core.crypto.Certificates;
import io.tee4j.core.spi.TeeBackend;
import io.tee4j.core.spi.VerificationRequest;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code tee4j verify}: verify evidence against vendor roots, collateral and a policy. */
@Command(name = "verify",
        description = "Verify evidence: signature, certificate chain, collateral, revocation, TCB status and policy.",
        footer = {"", "Examples:",
                "  tee4j verify --tee sev-snp --evidence report.bin --cert vcek.der \\",
                "      --at 2024-06-01T00:00:00Z --offline --no-revocation-check --json",
                "  tee4j verify --tee tdx --evidence quote.dat --collateral bundle.json \\",
                "      --at 2025-07-04T10:24:00Z --offline --json",
                "  tee4j verify --tee tdx --evidence quote.dat --pccs-url https://pccs.internal:8081"})
final class VerifyCommand implements Callable<Integer> {

    @Option(names = "--tee", required = true, description = "sev-snp, tdx, cca, nvidia-gpu, azure-snp-vtpm, "
            + "azure-tdx-vtpm, gcp-vtpm, or auto (the format is detected; envelopes such as CoCo and Veraison evidence "
            + "are unwrapped)")
    String tee;

    @Option(names = "--evidence", required = true, paramLabel = "FILE",
            description = "Evidence file: binary, PEM, hex or base64 text. nvidia-gpu: also NVIDIA's JSON evidence list "
                    + "(GPUs and NVSwitches); repeat --evidence to join lists, e.g. the GPUs' and the switches'.")
    List<Path> evidence = new ArrayList<>();

    @Option(names = "--gpu-evidence", paramLabel = "FILE",
            description = "Composite CPU+GPU (sev-snp, tdx): the CVM's GPUs' and NVSwitches' JSON evidence list; the CPU "
                    + "report data must commit to it (tee4j/cpu+gpu/v1, see tee4j attest --gpus). Repeatable.")
    List<Path> gpuEvidence = new ArrayList<>();

    @Option(names = "--gpu-trust-root", paramLabel = "FILE",
            description = "With --gpu-evidence: GPU device identity roots instead of the bundled NVIDIA root.")
    List<Path> gpuTrustRoots = new ArrayList<>();

    @Option(names = "--gpu-collateral", paramLabel = "FILE|DIR",
            description = "With --gpu-evidence: NVIDIA RIMs (files or a directory of them).")
    List<Path> gpuCollateral = new ArrayList<>();

    @Option(names = "--gpu-policy", paramLabel = "FILE", description = "With --gpu-evidence: the nvidia-gpu policy.")
    Path gpuPolicy;

    @Option(names = "--cert", paramLabel = "FILE",
            description = "Certificates beside the evidence (VCEK, chain, device chain); DER, PEM, hex or base64.")
    List<Path> certs = new ArrayList<>();

    @Option(names = "--collateral", paramLabel = "FILE|DIR",
            description = "Collateral: a CRL, a TDX collateral bundle, reference values, a directory of RIMs, or a "
                    + "folder from 'tee4j collateral fetch' (files only; without --offline tee4j fetches what is "
                    + "missing itself).")
    List<String> collateral = new ArrayList<>();

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

    @Option(names = "--reference-manifest", paramLabel = "FILE",
            description = "A reference manifest (sev-snp, tdx, cca): the report must match one entry's derived values.")
    Path referenceManifest;

    @Option(names = "--nonce", paramLabel = "HEX",
            description = "The challenge the evidence must carry: SEV-SNP/TDX report data (up to 64 bytes, "
                    + "zero-padded), the CCA realm challenge, the NVIDIA SPDM nonce (32 bytes). A mismatch exits 5 "
                    + "for SEV-SNP/TDX (a policy rule) and 2 for CCA/NVIDIA (freshness of the signed evidence). "
                    + "Azure/GCP vTPM: the TPM quote's extraData, exactly (1 to 64 bytes, no padding; exit 5).")
    String nonce;

    @Option(names = "--request", paramLabel = "FILE", description = "ibm-se: the request made by 'tee4j se request'.")
    Path seRequest;

    @Option(names = "--arpk", paramLabel = "FILE", description = "ibm-se: the request's ARPK (32 bytes, from --arpk-out).")
    Path seArpk;

    @Option(names = "--se-header", paramLabel = "FILE",
            description = "ibm-se: the expected image's SE header (pvextract-hdr) or its 208 bytes of tags.")
    Path seHeader;

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

    @Mixin
    CollateralOptions services = new CollateralOptions();

    @Option(names = "--format", paramLabel = "native|ear|ear-jwt|nvidia-eat", defaultValue = "native",
            description = "Result format with --json: tee4j's native JSON (default), an EAT Attestation Result (EAR), "
                    + "the EAR signed as a JWT (ear-jwt, needs --signing-key), or, for NVIDIA devices, NVIDIA's "
                    + "detached EAT claim sets (nvidia-eat, claims version 3.0), one per device.")
    String format;

    @Option(names = "--signing-key", paramLabel = "FILE",
            description = "With --format ear-jwt: the EC key (PKCS#8 PEM or private JWK) that signs the EAR (ES256 for P-256).")
    Path signingKey;

    /** The EAR signer of {@code --format ear-jwt}; null for the other formats. */
    private io.tee4j.coco.token.EarSigner earSigner;

    /** What was read from the trust-root files, kept for the EAR and for hints. */
    private final List<byte[]> trustRootContents = new ArrayList<>();
    private final List<X509Certificate> givenCertificates = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        if (!format.equals("native") && !format.equals("ear") && !format.equals("ear-jwt")
                && !format.equals(NvidiaEatOutput.FORMAT)) {
            throw new UsageException("--format must be native, ear, ear-jwt or nvidia-eat, not " + format);
        }
        if (format.equals("ear-jwt") != (signingKey != null)) {
            throw new UsageException("--format ear-jwt and --signing-key go together");
        }
        if (signingKey != null) {
            earSigner = EarSigning.read(signingKey);
        }
        byte[] content = null;
        DetectedEvidence found = null;
        if (tee.equals(DetectedEvidence.AUTO)) {
            // The TEE is needed to read trust roots and the nonce, so the evidence is read first.
            if (evidence.size() != 1) {
                throw new UsageException("--tee auto reads one --evidence file; name the TEE to join NVIDIA lists");
            }
            content = InputFiles.readDecoded(evidence.get(0), "evidence");
            try {
                found = DetectedEvidence.sniff(content);
            } catch (MalformedEvidenceException e) {
                return undetected(e);
            }
            System.err.println(found.foundLine().orElseThrow());
        }
        TeeType type = found != null ? found.type() : Backends.parseType(tee);
        GpuComposite composite = GpuComposite.of(this, type);
        if (!rimTrustRoots.isEmpty() && type != TeeType.NVIDIA_GPU && composite == null) {
            throw new UsageException("--rim-trust-root applies to --tee nvidia-gpu (or --gpu-evidence) only");
        }
        TeeBackend backend = Backends.forType(type);
        VerificationRequest request = buildRequest(type);
        StartupTrace.mark("backend and request prepared");
        if (found == null) {
            try {
                content = EvidenceFiles.read(type, evidence);
            } catch (MalformedEvidenceException e) {
                return failed(type, e, new byte[0], request);
            }
            try {
                found = DetectedEvidence.forTee(backend, content);
            } catch (MalformedEvidenceException e) {
                return failed(type, e, content, request);
            }
        }
        Evidence ev = SeVerifyOptions.withArpk(type, found.evidence(), seArpk);
        if (noRevocationCheck) {
            System.err.println("tee4j: WARNING: revocation is not checked (--no-revocation-check); "
                    + "a revoked key would be accepted.");
        }
        AttestationResult result;
        try {
            result = composite != null ? composite.verify(backend, ev, request) : backend.verify(ev, request);
            found.checkBindings(result);
            StartupTrace.mark("evidence verified");
        } catch (AttestationException e) {
            int code = failed(type, e, ev.raw(), request);
            printHints(type, backend, ev, e, request);
            return code;
        }
        if (format.equals(NvidiaEatOutput.FORMAT)) {
            System.out.println(Json.write(NvidiaEatOutput.of(result)));
        } else if (!format.equals("native")) {
            printEar(Ear.fromResult(result, ev.raw(), request.clock().instant(), trustRootContents));
        } else {
            print(result, found);
        }
        return ExitCodes.OK;
    }

    /** {@code --tee auto} found nothing it can verify (unknown, ambiguous, or no backend): exit 6. */
    private int undetected(MalformedEvidenceException e) {
        if (json) {
            ObjectNode out = Json.MAPPER.createObjectNode().put("verified", false).put("tee", DetectedEvidence.AUTO)
                    .put("failureClass", e.failureClass().name()).put("exitCode", e.failureClass().exitCode())
                    .put("error", CliWording.forCommandLine(e.getMessage()));
            System.out.println(Json.write(out));
        } else {
            ExitCodes.print(new PrintWriter(System.err, true), e);
        }
        return e.failureClass().exitCode();
    }

    /**
     * Reports a failure of any class (2 to 7): with {@code --json}, the {@code verified: false}
     * JSON (or the EAR) on standard output; otherwise the message on standard error.
     */
    private int failed(TeeType type, AttestationException e, byte[] rawEvidence, VerificationRequest request) {
        if (format.equals("ear") || format.equals("ear-jwt")) {
            printEar(Ear.fromFailure(type, e, rawEvidence, request.clock().instant(), trustRootContents));
        } else if (json) {
            ObjectNode out = ResultJson.failure(type, e);
            out.put("error", CliWording.forCommandLine(e.getMessage()));
            System.out.println(NodeWriter.write(out));
        } else {
            ExitCodes.print(new PrintWriter(System.err, true), e);
        }
        return e.failureClass().exitCode();
    }

    /** The EAR as JSON, or with {@code --format ear-jwt} as one line: the JWT the signing key signed over that JSON. */
    private void printEar(ObjectNode ear) {
        System.out.println(earSigner == null ? Json.write(ear) : earSigner.sign(Json.writeBytes(ear)));
    }

    /** What the user can do next, on standard error: after the failure, never instead of it. */
    private void printHints(TeeType type, TeeBackend backend, Evidence ev, AttestationException e,
            VerificationRequest request) {
        if (e.failureClass() == FailureClass.COLLATERAL_UNAVAILABLE) {
            PassedChecks.beforeMissingCollateral(type, ev, trustRootContents, request.certificates(),
                    request.clock())
                    .ifPresent(passed -> System.err.println("tee4j: note: " + passed + "."));
        }
        if (trustRoots.isEmpty()) {
            SimulatedEvidence.why(backend, ev, givenCertificates).ifPresent(why -> System.err.println(
                    "tee4j: hint: " + SimulatedEvidence.trustRootHint(type) + " (" + why + ")."));
        }
    }

    VerificationRequest buildRequest(TeeType type) throws UsageException, PolicyFormatException,
            CollateralUnavailableException, MalformedEvidenceException {
        VerificationRequest.Builder b = VerificationRequest.builder();
        for (Path p : certs) {
            for (X509Certificate c : InputFiles.readCertificates(p, "certificate file")) {
                givenCertificates.add(c);
                b.addCertificate(encoded(c, p));
            }
        }
        for (Path p : trustRoots) {
            byte[] root = readTrustRoot(type, p);
            trustRootContents.add(root);
            b.addTrustRoot(root);
        }
        // With --gpu-evidence the RIM roots are the GPUs' (GpuComposite), not the CPU backend's.
        for (Path p : type == TeeType.NVIDIA_GPU ? rimTrustRoots : List.<Path>of()) {
            // Read as certificates first, so a file that holds none is a usage error naming it.
            for (X509Certificate c : InputFiles.readCertificates(p)) {
                b.addRimTrustRoot(encoded(c, p));
            }
        }
        Path bundle = null;
        for (String c : collateral) {
            Path p = collateralPath(c);
            if (!CollateralBundle.isBundle(p)) {
                b.addCollateral(p);
            } else if (bundle != null || cacheDir != null) {
                throw new UsageException("--collateral " + p + ": a fetched collateral folder is used as the cache; "
                        + "give one, without --cache-dir");
            } else {
                bundle = p;
            }
        }
        SeVerifyOptions.collateral(type, seRequest, seArpk, seHeader).forEach(b::addCollateral);
        Clock clock = Clock.systemUTC();
        if (at != null) {
            clock = Clock.fixed(Instants.parse(at, "--at"), ZoneOffset.UTC);
        }
        b.clock(clock);
        if (policy != null || nonce != null || referenceManifest != null) {
            Map<String, Object> tree = policy != null ? PolicyFiles.readTree(policy) : new LinkedHashMap<>();
            if (policy != null) {
                ReferenceManifestOption.resolveIn(tree, type, policy);
            }
            if (referenceManifest != null) {
                ReferenceManifestOption.addTo(tree, type, referenceManifest);
            }
            if (nonce != null) {
                NonceOption.addTo(tree, type, nonce);
            }
            b.policy(PolicyDocument.of(tree));
        }
        b.revocationMode(noRevocationCheck ? RevocationMode.SKIP_INSECURE : RevocationMode.REQUIRE);
        CollateralSettings settings = services.settings();
        if (bundle != null && offline) {
            // The backends ask a source only when online; a cache-only source over the bundle
            // answers them and never touches the network, which is what --offline promises.
            b.offline(false);
            b.collateralSource(CliCollateral.source(true, bundle, clock, settings));
        } else {
            b.offline(offline);
            b.collateralSource(CliCollateral.source(offline, bundle != null ? bundle : cacheDir, clock, settings));
        }
        return b.build();
    }

    static byte[] encoded(X509Certificate c, Path file) throws UsageException {
        try {
            return c.getEncoded();
        } catch (CertificateEncodingException e) {
            throw new UsageException("certificate file " + file + ": a certificate does not encode", e);
        }
    }

    /**
     * A trust-root file, checked here so that a file that holds no root is a usage error naming
     * it: certificates (DER, PEM, hex or base64) for every TEE; for CCA also what its trust-anchor
     * reader takes (a JSON store, a JWK, a PEM public key).
     */
    static byte[] readTrustRoot(TeeType type, Path p) throws UsageException {
        if (type != TeeType.CCA) {
            StringBuilder pem = new StringBuilder();
            for (X509Certificate c : InputFiles.readCertificates(p, "trust root")) {
                pem.append(Certificates.toPem(c));
            }
            return pem.toString().getBytes(StandardCharsets.US_ASCII);
        }
        byte[] content = InputFiles.read(p, "trust root", InputFiles.MAX_FILE_BYTES);
        try {
            CcaTrustAnchors.builder().addFrom(content);
        } catch (CcaConfigurationException e) {
            String kind = FileKinds.seemsToBe(content);
            throw new UsageException("trust root " + p + ": not a CCA trust anchor (a trust-anchor store, a JWK or a "
                    + "PEM public key or certificate): " + CliWording.forCommandLine(e.getMessage())
                    + (kind.contains("JSON") ? "" : kind), e);
        }
        return content;
    }

    /** A {@code --collateral} argument as a path that exists; URLs are refused with what to do instead. */
    private static Path collateralPath(String arg) throws UsageException {
        if (URL_SCHEME.matcher(arg).lookingAt()) {
            throw new UsageException("--collateral " + arg + ": URLs are not accepted here, only files and directories; "
                    + "download it and pass the file, or run without --offline and tee4j fetches collateral itself");
        }
        Path p;
        try {
            p = Path.of(arg);
        } catch (InvalidPathException e) {
            throw new UsageException("--collateral " + arg + ": not a file name");
        }
        if (!Files.exists(p)) {
            throw new UsageException("collateral " + p + ": no such file or directory");
        }
        if (!Files.isReadable(p)) {
            throw new UsageException("collateral " + p + ": permission denied");
        }
        return p;
    }

    private static final Pattern URL_SCHEME = Pattern.compile("[A-Za-z][A-Za-z0-9+.-]*://");

    static PolicyDocument readPolicy(Path path) throws UsageException, PolicyFormatException {
        return PolicyDocument.of(PolicyFiles.readTree(path));
    }

    static PolicyDocument parsePolicy(byte[] json) throws UsageException, PolicyFormatException {
        return PolicyDocument.of(PolicyFiles.parseTree(json, "policy"));
    }

    /** See {@link PolicyFiles#rejectNulls}; kept here for the sidecar. */
    static void rejectNulls(JsonNode node, String path) throws PolicyFormatException {
        PolicyFiles.rejectNulls(node, path);
    }

    private void print(AttestationResult result, DetectedEvidence found) {
        if (json) {
            ObjectNode out = ResultJson.success(result);
            found.addTo(out);
            ArrayNode warnings = out.putArray("warnings");
            result.warnings().forEach(w -> warnings.add(CliWording.forCommandLine(w)));
            // Written without an ObjectMapper (NodeWriter): the same text, a shorter one-shot start-up.
            System.out.println(NodeWriter.write(out));
        } else {
            StringBuilder out = new StringBuilder();
            out.append("VERIFIED ").append(result.tee().id()).append(" evidence at ").append(result.verifiedAt())
                    .append(" (trust anchors: ").append(result.explicitTrustAnchors() ? "explicit" : "bundled")
                    .append(", TCB status: ").append(result.commonClaims().tcbStatus())
                    .append(vendorStatus(result)).append(")\n");
            for (String w : result.warnings()) {
                out.append("warning: ").append(CliWording.forCommandLine(w)).append('\n');
            }
            ClaimsText.append(out, result.claims(), "  ");
            System.out.print(out);
        }
    }

    /** The vendor's own status beside the common one, where the backend reports it (TDX: Intel's). */
    private static String vendorStatus(AttestationResult result) {
        Object intel = result.claims().get("intelTcbStatus");
        return intel == null ? "" : " (Intel: " + intel + ")";
    }
}
