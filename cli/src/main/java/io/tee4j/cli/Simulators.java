package io.tee4j.cli;

import io.tee4j.cca.simulator.CcaSimulator;
import io.tee4j.core.AttestationException;
import io.tee4j.core.Attester;
import io.tee4j.core.Evidence;
import io.tee4j.core.TeeType;
import io.tee4j.core.crypto.Certificates;
import io.tee4j.core.crypto.EcCurve;
import io.tee4j.core.linux.Backoff;
import io.tee4j.nvgpu.simulator.NvGpuSimulator;
import io.tee4j.snp.abi.ProductLine;
import io.tee4j.snp.client.SnpAttester;
import io.tee4j.snp.simulator.SimulatedAmdChain;
import io.tee4j.snp.simulator.SimulatedSevGuestDevice;
import io.tee4j.snp.simulator.SimulatedSnpFirmware;
import io.tee4j.snp.simulator.SimulatedSnpSigner;
import io.tee4j.tdx.simulator.TdxSimulator;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * The simulators of every TEE, kept in a directory so that evidence made by one {@code tee4j}
 * run verifies against roots written by another. NOT SECURE: the directory holds the seed every
 * simulated private key is derived from.
 *
 * <p>How they persist: {@code tee4j simulator init DIR} writes a 32-byte random seed and the
 * creation instant; each simulator is rebuilt on every use from a deterministic generator
 * (SHA1PRNG seeded with SHA-256 of the seed and the TEE's id, which the JDK makes reproducible
 * when seeded before first use), so its keys, and hence its roots, are the same each time.
 * Signatures are not reproducible (some are randomized); they need not be. The NVIDIA simulator's
 * and TDX simulators' certificate validity is pinned to the creation instant (a day before it to
 * ten years after); the SNP chain is valid from 2024-01-01 for seven years (VCEK). Collateral
 * (the SNP CRL, the TDX bundle) is issued afresh at each attest.
 *
 * <p>Files: {@code seed}, {@code created}, {@code README.txt}, {@code <tee>-root.pem} for each
 * TEE (CCA: the CPAK as a PEM public key; NVIDIA: the device identity root, with the RIM signing root
 * apart in {@code nvidia-gpu-rim-root.pem}),
 * {@code sev-snp-crl.der} (a simulated ARK CRL valid 7 days, rewritten by every SNP attest),
 * {@code tdx-collateral.json} (a collateral bundle valid 30 days, rewritten by every TDX attest)
 * and {@code nvidia-gpu-rims/} (the driver and VBIOS RIMs matching the simulated GPU).
 */
final class Simulators {
    static final String SEED = "seed";
    static final String CREATED = "created";
    private static final String README = "README.txt";
    private static final int SIM_RSA_BITS = 2048;

    private final Path dir;
    private final byte[] seed;
    private final Instant created;
    private final Clock clock;

    private Simulators(Path dir, byte[] seed, Instant created, Clock clock) {
        this.dir = dir;
        this.seed = seed;
        this.created = created;
        this.clock = clock;
    }

    /** Creates a simulator directory (refuses one that already holds a seed) and writes every root. */
    static Simulators init(Path dir, Clock clock) throws UsageException {
        Objects.requireNonNull(dir, "dir");
        try {
            Files.createDirectories(dir);
            if (Files.exists(dir.resolve(SEED))) {
                throw new UsageException(dir + " already holds a simulator (" + SEED + " exists); use another directory");
            }
            byte[] s = new byte[32];
            new SecureRandom().nextBytes(s);
            Instant now = clock.instant().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
            write(dir.resolve(README), readme().getBytes(StandardCharsets.UTF_8));
            write(dir.resolve(CREATED), (now + "\n").getBytes(StandardCharsets.US_ASCII));
            write(dir.resolve(SEED), (HexFormat.of().formatHex(s) + "\n").getBytes(StandardCharsets.US_ASCII));
            if (dir.getFileSystem().supportedFileAttributeViews().contains("posix")) {
                // Not secret in any real sense (see README.txt), but no reason to share it either.
                Files.setPosixFilePermissions(dir.resolve(SEED),
                        java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
            }
            Simulators sims = new Simulators(dir, s, now, clock);
            sims.writeRoots();
            return sims;
        } catch (IOException e) {
            throw new UsageException("cannot create the simulator directory " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Loads the simulators of a directory made by {@link #init}. */
    static Simulators load(Path dir, Clock clock) throws UsageException {
        try {
            byte[] s = HexFormat.of().parseHex(Files.readString(dir.resolve(SEED), StandardCharsets.US_ASCII).trim());
            if (s.length != 32) {
                throw new UsageException(dir.resolve(SEED) + " is not a 32-byte hex seed");
            }
            Instant created = Instant.parse(Files.readString(dir.resolve(CREATED), StandardCharsets.US_ASCII).trim());
            return new Simulators(dir, s, created, clock);
        } catch (IOException e) {
            throw new UsageException(dir + " is not a simulator directory (run 'tee4j simulator init " + dir
                    + "' first): " + e.getMessage(), e);
        } catch (IllegalArgumentException | DateTimeParseException e) {
            throw new UsageException(dir + ": damaged simulator files: " + e.getMessage(), e);
        }
    }

    Path dir() {
        return dir;
    }

    static Path rootFile(Path dir, TeeType tee) {
        return dir.resolve(tee.id() + "-root.pem");
    }

    /** The simulated NVIDIA RIM signing root, for {@code --rim-trust-root} (kept apart from the device root). */
    static Path nvidiaRimRootFile(Path dir) {
        return dir.resolve("nvidia-gpu-rim-root.pem");
    }

    private static String readme() {
        return "tee4j SIMULATOR DIRECTORY - NOT SECURE\n"
                + "======================================\n\n"
                + "The files here are simulated TEE roots and the seed all their private keys are\n"
                + "derived from. Anyone who can read this directory can forge evidence that verifies\n"
                + "against these roots. They are test roots: never pass them to a production verifier,\n"
                + "never trust them by default (tee4j never does; they must be given explicitly with\n"
                + "--trust-root).\n\n"
                + "  seed, created            the simulators' seed and creation time\n"
                + "  <tee>-root.pem           each simulated root (sev-snp, tdx, cca, nvidia-gpu device root)\n"
                + "  nvidia-gpu-rim-root.pem  the simulated NVIDIA RIM signing root (--rim-trust-root)\n"
                + "  sev-snp-crl.der          a simulated AMD CRL (rewritten by each SNP attest)\n"
                + "  tdx-collateral.json      simulated Intel collateral (rewritten by each TDX attest)\n"
                + "  nvidia-gpu-rims/         simulated NVIDIA reference manifests\n"
                + "  ibm-se-hkd.pem, ibm-se-certs.pem, ibm-se-crls.pem  a simulated IBM host-key document, signing\n"
                + "                           key + intermediate and CRLs (tee4j se request --trust-root ibm-se-root.pem)\n";
    }

    private void writeRoots() throws IOException {
        SimulatedAmdChain amd = amdChain();
        write(rootFile(dir, TeeType.SEV_SNP), Certificates.toPem(amd.ark()).getBytes(StandardCharsets.US_ASCII));
        writeSnpCrl(amd);
        TdxSimulator tdx = tdx();
        write(rootFile(dir, TeeType.TDX), pem(tdx.trustAnchors().roots()));
        write(dir.resolve("tdx-collateral.json"), tdx.collateralBundle());
        CcaSimulator cca = cca();
        write(rootFile(dir, TeeType.CCA),
                Certificates.toPem("PUBLIC KEY", cca.cpakPublicKey().getEncoded()).getBytes(StandardCharsets.US_ASCII));
        NvGpuSimulator gpu = gpu();
        write(rootFile(dir, TeeType.NVIDIA_GPU), pem(gpu.deviceTrustAnchors().roots()));
        write(nvidiaRimRootFile(dir), pem(gpu.rimTrustAnchors().roots()));
        Path rims = Files.createDirectories(dir.resolve("nvidia-gpu-rims"));
        write(rims.resolve("driver-rim.xml"), gpu.driverRim());
        write(rims.resolve("vbios-rim.xml"), gpu.vbiosRim());
        SeSimulatorFiles.write(dir, clock);
    }

    private void writeSnpCrl(SimulatedAmdChain amd) throws IOException {
        Instant now = clock.instant();
        try {
            write(dir.resolve("sev-snp-crl.der"), amd.crl(now.minus(Duration.ofMinutes(5)), now.plus(Duration.ofDays(7)))
                    .getEncoded());
        } catch (java.security.cert.CRLException e) {
            throw new IOException("encoding the simulated CRL: " + e.getMessage(), e);
        }
    }

    private static byte[] pem(List<X509Certificate> certs) {
        StringBuilder sb = new StringBuilder();
        certs.forEach(c -> sb.append(Certificates.toPem(c)));
        return sb.toString().getBytes(StandardCharsets.US_ASCII);
    }

    /** A deterministic generator for one TEE's keys. */
    private SecureRandom random(String purpose) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(seed);
            sha.update(purpose.getBytes(StandardCharsets.US_ASCII));
            SecureRandom r = SecureRandom.getInstance("SHA1PRNG");
            r.setSeed(sha.digest());
            return r;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 and SHA1PRNG are in every Java 17 runtime", e);
        }
    }

    private SimulatedAmdChain amdChain;
    private TdxSimulator tdx;
    private CcaSimulator cca;
    private NvGpuSimulator gpu;

    synchronized SimulatedAmdChain amdChain() {
        if (amdChain == null) {
            amdChain = newAmdChain();
        }
        return amdChain;
    }

    synchronized TdxSimulator tdx() {
        if (tdx == null) {
            tdx = newTdx();
        }
        return tdx;
    }

    synchronized CcaSimulator cca() {
        if (cca == null) {
            cca = newCca();
        }
        return cca;
    }

    synchronized NvGpuSimulator gpu() {
        if (gpu == null) {
            gpu = newGpu();
        }
        return gpu;
    }

    SimulatedAmdChain newAmdChain() {
        return SimulatedAmdChain.builder(ProductLine.GENOA).random(random("sev-snp")).rsaBits(SIM_RSA_BITS).build();
    }

    TdxSimulator newTdx() {
        return TdxSimulator.builder().random(random("tdx")).clock(clock)
                .certificateValidity(created.minus(Duration.ofDays(1)), created.plus(Duration.ofDays(3650))).build();
    }

    CcaSimulator newCca() {
        return CcaSimulator.create(EcCurve.P384, random("cca"));
    }

    NvGpuSimulator newGpu() {
        long s = ByteBuffer.wrap(Arrays.copyOf(digest("nvidia-gpu"), 8)).getLong();
        return NvGpuSimulator.builder().seed(s).clock(Clock.fixed(created, ZoneOffset.UTC)).build();
    }

    private byte[] digest(String purpose) {
        byte[] out = new byte[32];
        random(purpose).nextBytes(out);
        return out;
    }

    /** Evidence and the certificates to verify it with, from a simulator. */
    record Attested(Evidence evidence, List<X509Certificate> certificates, List<String> verifyHints) {
    }

    /** An attester backed by this directory's simulator for {@code tee}. */
    Attester attester(TeeType tee) {
        return new Attester() {
            @Override
            public TeeType type() {
                return tee;
            }

            @Override
            public Evidence attest(byte[] reportData) throws AttestationException {
                Attested a = Simulators.this.attest(tee, reportData);
                if (!a.evidence().certificates().isEmpty() || a.certificates().isEmpty()) {
                    return a.evidence();
                }
                Evidence.Builder b = a.evidence().toBuilder();
                for (X509Certificate c : a.certificates()) {
                    try {
                        b.addCertificate(c.getEncoded());
                    } catch (java.security.cert.CertificateEncodingException e) {
                        throw new IllegalStateException("a simulated certificate does not encode", e);
                    }
                }
                return b.build();
            }

            @Override
            public String toString() {
                return "simulated " + tee.id() + " (" + dir + ")";
            }
        };
    }

    /** Produces simulated evidence for {@code reportData} and refreshes the collateral the TEE needs. */
    Attested attest(TeeType tee, byte[] reportData) throws AttestationException {
        try {
            switch (tee) {
                case SEV_SNP: {
                    if (reportData.length > 64) {
                        throw new IllegalArgumentException("SNP report data is at most 64 bytes");
                    }
                    return attestSnp(reportData, r -> { });
                }
                case TDX: {
                    if (reportData.length > 64) {
                        throw new IllegalArgumentException("TDX report data is at most 64 bytes");
                    }
                    TdxSimulator sim = tdx();
                    byte[] quote = sim.quote(Arrays.copyOf(reportData, 64));
                    write(dir.resolve("tdx-collateral.json"), sim.collateralBundle());
                    return new Attested(Evidence.of(TeeType.TDX, quote), List.of(), List.of("--collateral",
                            dir.resolve("tdx-collateral.json").toString()));
                }
                case CCA: {
                    if (reportData.length == 0 || reportData.length > 64) {
                        throw new IllegalArgumentException("the CCA challenge is 1 to 64 bytes");
                    }
                    return new Attested(cca().attester().attest(reportData), List.of(), List.of());
                }
                case NVIDIA_GPU: {
                    if (reportData.length != 32) {
                        throw new IllegalArgumentException("the NVIDIA GPU nonce is 32 bytes");
                    }
                    NvGpuSimulator gpu = gpu();
                    return new Attested(gpu.evidence(reportData), gpu.deviceChain(), List.of("--rim-trust-root",
                            nvidiaRimRootFile(dir).toString(), "--collateral", dir.resolve("nvidia-gpu-rims").toString(),
                            "--no-revocation-check"));
                }
                default:
                    throw new IllegalArgumentException("no simulator for " + tee.id());
            }
        } catch (IOException e) {
            throw new io.tee4j.core.TeeUnavailableException("simulator directory " + dir + ": " + e.getMessage(), e);
        }
    }

    /**
     * A simulated SNP report of a guest launched with {@code measurement} (what a firmware, kernel
     * and VM shape measure to), e.g. the value a reference manifest derives.
     */
    Attested attestSnpLaunchedWith(byte[] measurement, byte[] reportData) throws AttestationException {
        try {
            return attestSnp(reportData, r -> r.measurement(measurement));
        } catch (IOException e) {
            throw new io.tee4j.core.TeeUnavailableException("simulator directory " + dir + ": " + e.getMessage(), e);
        }
    }

    private Attested attestSnp(byte[] reportData, java.util.function.Consumer<SimulatedSnpSigner.ReportBuilder> launch)
            throws AttestationException, IOException {
        SimulatedAmdChain amd = amdChain();
        SimulatedSnpSigner signer = SimulatedSnpSigner.vcek(amd);
        byte[] secrets = digest("sev-snp firmware");
        SimulatedSnpFirmware fw = SimulatedSnpFirmware.of(signer, launch, 0, Arrays.copyOf(secrets, 16),
                Arrays.copyOfRange(secrets, 16, 32));
        String path = "/dev/sev-guest";
        Evidence ev = SnpAttester.device(SimulatedSevGuestDevice.of(path, fw), path, Backoff.none(), 0)
                .attest(reportData);
        writeSnpCrl(amd);
        return new Attested(ev, List.of(amd.vcek(), amd.ask()), List.of("--collateral",
                dir.resolve("sev-snp-crl.der").toString()));
    }

    private static void write(Path target, byte[] content) throws IOException {
        Path tmp = Files.createTempFile(target.toAbsolutePath().getParent(), "." + target.getFileName(), ".tmp");
        try {
            Files.write(tmp, content);
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
