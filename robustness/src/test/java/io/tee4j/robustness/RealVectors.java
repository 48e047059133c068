package io.tee4j.robustness;

import io.tee4j.core.AttestationException;
import io.tee4j.core.AttestationResult;
import io.tee4j.core.Evidence;
import io.tee4j.core.FailureClass;
import io.tee4j.core.PolicyDocument;
import io.tee4j.core.PolicyFormatException;
import io.tee4j.core.RevocationMode;
import io.tee4j.core.TeeType;
import io.tee4j.core.crypto.Certificates;
import io.tee4j.core.spi.PreparedVerifier;
import io.tee4j.core.spi.TeeBackend;
import io.tee4j.core.spi.VerificationRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.function.Supplier;

/**
 * The real evidence of every backend, read in place from the backends' own test resources (each
 * folder there carries its PROVENANCE.md), with a verification configuration under which the
 * untouched evidence is accepted. Mutation tests start from that accept and show that every change
 * to the signed bytes turns it into a typed rejection.
 */
final class RealVectors {
    private static final Map<TeeType, TeeBackend> BACKENDS = new EnumMap<>(TeeType.class);

    static {
        for (TeeBackend b : ServiceLoader.load(TeeBackend.class)) {
            BACKENDS.put(b.type(), b);
        }
    }

    private RealVectors() {
    }

    static TeeBackend backend(TeeType t) {
        TeeBackend b = BACKENDS.get(t);
        if (b == null) {
            throw new IllegalStateException("no backend registered for " + t);
        }
        return b;
    }

    /** A test resource of another module, resolved from this module's directory. */
    static Path resource(String module, String path) {
        Path p = Paths.get(System.getProperty("user.dir")).resolve("..").resolve(module)
                .resolve("src/test/resources").resolve(path).normalize();
        if (!Files.exists(p)) {
            throw new IllegalStateException("missing vector " + p);
        }
        return p;
    }

    static byte[] bytes(String module, String path) {
        try {
            byte[] b = Files.readAllBytes(resource(module, path));
            if (path.endsWith(".hex")) {
                String s = new String(b, StandardCharsets.US_ASCII).strip();
                return HexFormat.of().parseHex(s.startsWith("0x") ? s.substring(2) : s);
            }
            return b;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Clock at(String instant) {
        return Clock.fixed(Instant.parse(instant), ZoneOffset.UTC);
    }

    /**
     * One real evidence with a configuration that accepts it.
     *
     * @param signedFrom first byte of the region a signature (or a signed digest) covers
     * @param signedTo end (exclusive) of that region
     * @param trailingForbidden whether the format forbids bytes after the evidence
     * @param significantLength the length the format defines (a TDX quote ends with its signature data;
     *     zero padding after it is ignored by design, see {@code TdxQuote#trailingBytes})
     * @param keySelector offsets of signed bytes that choose which key signed the evidence (SNP
     *     SIGNER_INFO, REPORTED_TCB and CHIP_ID, by which the signing certificate is selected as
     *     go-sev-guest addresses it at KDS): a flip there names a certificate that was not supplied,
     *     which is {@link FailureClass#COLLATERAL_UNAVAILABLE} as much as a verification failure
     */
    record Case(String name, TeeType tee, byte[] evidence, Supplier<VerificationRequest> request, int signedFrom,
            int signedTo, boolean trailingForbidden, int significantLength, java.util.Set<Integer> keySelector) {
        Case(String name, TeeType tee, byte[] evidence, Supplier<VerificationRequest> request, int signedFrom,
                int signedTo, boolean trailingForbidden) {
            this(name, tee, evidence, request, signedFrom, signedTo, trailingForbidden, evidence.length,
                    java.util.Set.of());
        }

        @Override
        public String toString() {
            return tee + " " + name;
        }

        /** Reads and verifies evidence bytes; returns null when accepted, the failure class otherwise. */
        FailureClass verdict(byte[] raw) {
            TeeBackend b = backend(tee);
            try {
                Evidence ev = b.readEvidence(raw);
                AttestationResult r = b.verify(ev, request.get());
                if (r == null) {
                    throw new AssertionError("null result");
                }
                return null;
            } catch (AttestationException e) {
                return e.failureClass();
            } catch (PolicyFormatException e) {
                throw new AssertionError("policy document refused: " + e.getMessage(), e);
            }
        }

        /**
         * {@link #verdict} through one prepared verifier per case, shared by every caller and
         * thread (prepared at first use): its warm caches must never change a verdict.
         */
        FailureClass preparedVerdict(byte[] raw) {
            TeeBackend b = backend(tee);
            try {
                PreparedVerifier v = prepared(this);
                AttestationResult r = v.verify(b.readEvidence(raw), request.get().perCallInputs());
                if (r == null) {
                    throw new AssertionError("null result");
                }
                return null;
            } catch (AttestationException e) {
                return e.failureClass();
            } catch (PolicyFormatException e) {
                throw new AssertionError("policy document refused: " + e.getMessage(), e);
            }
        }
    }

    private static final Map<String, PreparedVerifier> PREPARED = new java.util.concurrent.ConcurrentHashMap<>();

    private static PreparedVerifier prepared(Case c) throws AttestationException, PolicyFormatException {
        PreparedVerifier v = PREPARED.get(c.toString());
        if (v == null) {
            PreparedVerifier fresh = backend(c.tee()).prepare(c.request().get().configuration());
            v = PREPARED.putIfAbsent(c.toString(), fresh);
            v = v != null ? v : fresh;
        }
        return v;
    }

    static final String SNP = "sev-snp";
    /** SIGNER_INFO (0x48), REPORTED_TCB (0x180..0x187), CHIP_ID (0x1A0..0x1DF): they name the signing certificate. */
    static final java.util.Set<Integer> SNP_KEY_SELECTOR = snpKeySelector();

    private static java.util.Set<Integer> snpKeySelector() {
        java.util.Set<Integer> s = new java.util.HashSet<>();
        s.add(0x48);
        for (int i = 0x180; i < 0x188; i++) {
            s.add(i);
        }
        for (int i = 0x1A0; i < 0x1E0; i++) {
            s.add(i);
        }
        return java.util.Set.copyOf(s);
    }
    static final String SNP_DIR = "io/tee4j/snp/vectors/";
    static final String TDX = "tdx";
    static final String TDX_DIR = "io/tee4j/tdx/vectors/";
    static final String CCA = "cca";
    static final String CCA_DIR = "io/tee4j/cca/vectors/";
    static final String NV = "nvidia-gpu";
    static final String NV_DIR = "io/tee4j/nvgpu/vectors/";

    /** Every real vector with an accepting configuration. */
    static List<Case> all(Path tmp) {
        List<Case> out = new ArrayList<>();
        out.addAll(snp());
        out.addAll(tdx(tmp));
        out.addAll(cca(tmp));
        out.addAll(nvidia());
        return out;
    }

    private static byte[] der(byte[] pemOrDer) {
        try {
            return Certificates.parseOne(pemOrDer).getEncoded();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static List<Case> snp() {
        // name, cert file, certificate notBefore + 1 day (see the module's expected.json)
        String[][] v = {
            {"gsg-milan-v2", "vcek.der", "2022-09-25T00:55:28Z"},
            {"virtee-milan-v2", "vcek.der", null},
            {"trustee-milan-v2", "vcek.der", null},
            {"azure-milan-v2-hcl", "vcek.der", null},
            {"azure-genoa-v3-hcl", "vcek.pem", null},
            {"oak-milan-v3", "vcek.der", null},
            {"oak-genoa-v5", "vcek.der", null},
            {"oak-turin-v5", "vcek.der", null},
            {"trustee-milan-v3-vlek", "vlek.der", null},
        };
        List<Case> out = new ArrayList<>();
        for (String[] e : v) {
            byte[] cert = der(bytes(SNP, SNP_DIR + e[0] + "/" + e[1]));
            Instant at;
            try {
                at = Certificates.parseOne(cert).getNotBefore().toInstant().plusSeconds(86400);
            } catch (Exception ex) {
                throw new IllegalStateException(ex);
            }
            Clock clock = Clock.fixed(at, ZoneOffset.UTC);
            Supplier<VerificationRequest> req = () -> VerificationRequest.builder().addCertificate(cert).clock(clock)
                    .offline(true).revocationMode(RevocationMode.SKIP_INSECURE)
                    .policy(PolicyDocument.of(Map.of("allowDebug", true))).build();
            byte[] report = bytes(SNP, SNP_DIR + e[0] + "/report.bin");
            out.add(new Case(e[0], TeeType.SEV_SNP, report, req, 0, 0x2A0, true, report.length, SNP_KEY_SELECTOR));
        }
        return out;
    }

    /** Offset of the PEM PCK chain in a v4/v5 quote: everything before it is signed or framing. */
    static int tdxPemOffset(byte[] q) {
        int version = (q[0] & 0xff) | (q[1] & 0xff) << 8;
        int off = 48;
        if (version == 4) {
            off += 584;
        } else {
            int size = le32(q, off + 2);
            off += 6 + size;
        }
        off += 4 + 64 + 64; // signature data length, quote signature, attestation key
        off += 6; // certification data type 6 + size
        off += 384 + 64; // QE report and its signature
        int auth = (q[off] & 0xff) | (q[off + 1] & 0xff) << 8;
        off += 2 + auth;
        off += 6; // certification data type 5 + size
        return off;
    }

    /** End of a quote's signature data: what follows is padding, ignored by design. */
    static int tdxEnd(byte[] q) {
        int version = (q[0] & 0xff) | (q[1] & 0xff) << 8;
        int off = version == 4 ? 48 + 584 : 48 + 6 + le32(q, 48 + 2);
        return off + 4 + le32(q, off);
    }

    private static int le32(byte[] b, int o) {
        return (b[o] & 0xff) | (b[o + 1] & 0xff) << 8 | (b[o + 2] & 0xff) << 16 | (b[o + 3] & 0xff) << 24;
    }

    static Path copyTo(Path dir, String module, String... paths) {
        try {
            Files.createDirectories(dir);
            for (String p : paths) {
                Files.write(dir.resolve(Paths.get(p).getFileName()), bytes(module, p));
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<Case> tdx(Path tmp) {
        List<Case> out = new ArrayList<>();
        Path phala = copyTo(tmp.resolve("tdx-phala"), TDX, TDX_DIR + "phala-dcap-qvl/tdx_quote_collateral.json");
        byte[] q = bytes(TDX, TDX_DIR + "phala-dcap-qvl/tdx_quote");
        out.add(new Case("phala-dcap-qvl", TeeType.TDX, q, () -> VerificationRequest.builder()
                .clock(at("2025-07-04T10:24:00Z")).addCollateral(phala).offline(true).build(), 0, tdxPemOffset(q), false,
                tdxEnd(q), java.util.Set.of()));
        Path trustee = copyTo(tmp.resolve("tdx-trustee"), TDX, TDX_DIR + "trustee/tcbInfo.json",
                TDX_DIR + "trustee/enclaveIdentity.json", TDX_DIR + "phala-dcap-qvl/tcb_signing_issuer_chain_2025-2032.pem");
        PolicyDocument anyStatus = PolicyDocument.of(Map.of("acceptedTcbStatuses",
                List.of("UpToDate", "OutOfDate", "SWHardeningNeeded", "ConfigurationNeeded",
                        "ConfigurationAndSWHardeningNeeded", "OutOfDateConfigurationNeeded"),
                "allowDebug", true));
        byte[] q6 = bytes(TDX, TDX_DIR + "trustee/tdx_quote_6.dat");
        out.add(new Case("trustee-6", TeeType.TDX, q6, () -> VerificationRequest.builder()
                .clock(at("2025-11-10T00:00:00Z")).addCollateral(trustee).offline(true)
                .revocationMode(RevocationMode.SKIP_INSECURE).policy(anyStatus).build(), 0, tdxPemOffset(q6), false,
                tdxEnd(q6), java.util.Set.of()));
        String g = TDX_DIR + "go-tdx-guest/";
        Path gtg = copyTo(tmp.resolve("tdx-gtg"), TDX, g + "sample_tcbInfo_response", g + "sample_qeIdentity_response",
                g + "tcb_signing_issuer_chain_2018-2025.pem", g + "pckcrl", g + "rootcrl.der",
                g + "pck_platform_crl_issuer_chain.pem");
        byte[] q4 = bytes(TDX, TDX_DIR + "trustee/tdx_quote_4.dat");
        out.add(new Case("trustee-4", TeeType.TDX, q4, () -> VerificationRequest.builder()
                .clock(at("2023-07-01T01:00:00Z")).addCollateral(gtg).offline(true).policy(anyStatus).build(), 0,
                tdxPemOffset(q4), false, tdxEnd(q4), java.util.Set.of()));
        return out;
    }

    static List<Case> cca(Path tmp) {
        List<Case> out = new ArrayList<>();
        Path rv = copyTo(tmp.resolve("cca-rv"), CCA, CCA_DIR + "rust-ccatoken-rv.json");
        byte[] ta = bytes(CCA, CCA_DIR + "rust-ccatoken-ta-tfa.json");
        byte[] tok = bytes(CCA, CCA_DIR + "tfrmm-cca-token-tag399.cbor");
        out.add(new Case("tfrmm-tag399", TeeType.CCA, tok, () -> VerificationRequest.builder().addTrustRoot(ta)
                .addCollateral(rv).policy(PolicyDocument.of(Map.of("expectedChallenge", "ab".repeat(64))))
                .clock(at("2025-01-01T00:00:00Z")).build(), 0, tok.length, true));
        byte[] ta02 = bytes(CCA, CCA_DIR + "rust-ccatoken-ta-02-ok.json");
        byte[] tok02 = bytes(CCA, CCA_DIR + "rust-ccatoken-cca-token-02.cbor");
        out.add(new Case("rust-ccatoken-02", TeeType.CCA, tok02, () -> VerificationRequest.builder().addTrustRoot(ta02)
                .clock(at("2025-01-01T00:00:00Z")).build(), 0, tok02.length, true));
        return out;
    }

    static List<Case> nvidia() {
        List<Case> out = new ArrayList<>();
        byte[] report = bytes(NV, NV_DIR + "nvtrust-hopperAttestationReport.hex");
        List<byte[]> chain = new ArrayList<>();
        try {
            for (X509Certificate c : Certificates.parseAll(bytes(NV, NV_DIR + "nvtrust-hopperCertChain.pem"))) {
                chain.add(c.getEncoded());
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        PolicyDocument doc = PolicyDocument.of(Map.of("allowUnappraisedMeasurements", true,
                "expectedNonce", "931d8dd0add203ac3d8b4fbde75e115278eefcdceac5b87671a748f32364dfcb"));
        out.add(new Case("nvtrust-hopper", TeeType.NVIDIA_GPU, report, () -> {
            VerificationRequest.Builder b = VerificationRequest.builder().clock(at("2025-06-01T00:00:00Z"))
                    .revocationMode(RevocationMode.SKIP_INSECURE).offline(true).policy(doc);
            chain.forEach(b::addCertificate);
            return b.build();
        }, 0, report.length, false));
        return out;
    }
}
