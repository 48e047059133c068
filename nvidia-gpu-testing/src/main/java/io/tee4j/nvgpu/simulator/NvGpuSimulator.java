package io.tee4j.nvgpu.simulator;

import io.tee4j.core.CollateralUnavailableException;
import io.tee4j.core.Evidence;
import io.tee4j.core.RevocationMode;
import io.tee4j.core.TeeType;
import io.tee4j.core.TrustAnchors;
import io.tee4j.core.collateral.CollateralKind;
import io.tee4j.core.collateral.CollateralRequest;
import io.tee4j.core.collateral.CollateralSource;
import io.tee4j.core.collateral.FetchedCollateral;
import io.tee4j.core.crypto.Certificates;
import io.tee4j.nvgpu.verify.NvGpuVerifier;
import java.math.BigInteger;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A simulated NVIDIA H100 for tests without hardware: a fake device chain in NVIDIA's shape
 * (FMC leaf with the DICE FWID extension ← BROM ← Provisioner ICA ← GH100 Identity ← a simulated
 * Device Identity CA), SPDM 1.1 reports signed by the leaf for any nonce, driver and VBIOS RIMs
 * signed by a simulated CoRIM chain that match the reports, an OCSP responder and a RIM service as
 * a {@link CollateralSource}, and a {@link FakeNvml} for the attester.
 *
 * <p><b>Trust</b>: the simulated roots are never trusted by default. A verifier accepts simulated
 * evidence only when given {@link #deviceTrustAnchors()} and {@link #rimTrustAnchors()} explicitly,
 * each as its own set ({@link #verifier()} does that and nothing else); results then say their
 * anchors were explicit. Keys are fresh per instance; all certificates are valid from a day before
 * the clock's instant for ten years. The certificates' AIA extension names a simulated responder
 * address that nothing fetches (verifiers use their configured responder).
 *
 * @since 0.1
 */
public final class NvGpuSimulator {
    /** The number of measurement blocks (as on H100). */
    public static final int BLOCKS = 64;
    private static final String OCSP_URL = "https://ocsp.simulated.tee4j.invalid/";
    private static final String RIM_SERVICE = "https://rim.simulated.tee4j.invalid/v1/rim/";

    private final Clock clock;
    private final SecureRandom random;
    private final String driverVersion;
    private final byte[] vbios;
    private final byte[][] measurements;
    private final byte[] fwid;
    private final SimulatedPki.Entity deviceRoot;
    private final SimulatedPki.Entity identity;
    private final SimulatedPki.Entity provisioner;
    private final SimulatedPki.Entity brom;
    private final SimulatedPki.Entity leaf;
    private final SimulatedPki.Entity rimRoot;
    private final SimulatedPki.Entity rimCa;
    private final SimulatedPki.Entity rimSigner;
    private final byte[] driverRim;
    private final byte[] vbiosRim;
    private final Set<BigInteger> revoked;
    private final Map<Integer, byte[]> extraOpaque;
    private final SimulatedOcspResponder ocspResponder;

    private NvGpuSimulator(Builder b) {
        this.clock = b.clock;
        this.random = b.seed == null ? new SecureRandom() : seeded(b.seed);
        this.revoked = ConcurrentHashMap.newKeySet();
        this.driverVersion = b.driverVersion;
        this.extraOpaque = new TreeMap<>(b.extraOpaque);
        this.vbios = new byte[] {0x00, (byte) 0x9f, 0x00, (byte) 0x96, 0x01, 0, 0, 0};
        this.measurements = new byte[BLOCKS][48];
        for (byte[] m : measurements) {
            random.nextBytes(m);
        }
        this.fwid = new byte[48];
        random.nextBytes(fwid);
        Instant now = clock.instant();
        SimulatedPki pki = new SimulatedPki(random, now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(3650)),
                OCSP_URL);
        this.deviceRoot = pki.root("CN=tee4j SIMULATED NVIDIA Device Identity CA,O=tee4j simulator");
        this.identity = pki.ca(deviceRoot, "CN=tee4j SIMULATED GH100 Identity,O=tee4j simulator");
        this.provisioner = pki.ca(identity, "CN=tee4j SIMULATED GH100 Provisioner ICA 1,O=tee4j simulator");
        this.brom = pki.ca(provisioner, "CN=GH100 A01 GSP BROM,O=tee4j simulator");
        this.leaf = pki.leaf(brom, "CN=GH100 A01 GSP FMC LF,O=tee4j simulator", fwid);
        this.rimRoot = pki.root("CN=tee4j SIMULATED CoRIM signing Root CA,O=tee4j simulator");
        this.rimCa = pki.ca(rimRoot, "CN=tee4j SIMULATED Reference Value GH100 CA,O=tee4j simulator");
        this.rimSigner = pki.leaf(rimCa, "CN=tee4j SIMULATED RIM Signer,O=tee4j simulator", null);
        List<X509Certificate> rimChain = List.of(rimSigner.cert, rimCa.cert, rimRoot.cert);
        Map<Integer, List<byte[]>> driverActive = new TreeMap<>();
        Map<Integer, List<byte[]>> vbiosActive = new TreeMap<>();
        for (int i = 0; i < BLOCKS; i++) {
            if (i == 7 || (i >= 21 && i <= 40)) {
                driverActive.put(i, List.of(measurements[i]));
            } else if (i <= 12) {
                // Two alternatives, the right one second, as some real VBIOS RIMs have.
                byte[] other = new byte[48];
                random.nextBytes(other);
                vbiosActive.put(i, i == 3 ? List.of(other, measurements[i]) : List.of(measurements[i]));
            }
        }
        this.driverRim = SimulatedRim.signed(driverVersion, BLOCKS, driverActive, rimSigner, rimChain);
        this.vbiosRim = SimulatedRim.signed(vbiosVersion(), BLOCKS, vbiosActive, rimSigner, rimChain);
        this.ocspResponder = new SimulatedOcspResponder(clock,
                List.of(deviceRoot, identity, provisioner, brom, rimRoot, rimCa), rimSigner, rimChain, leaf,
                deviceChain(), revoked, OCSP_URL);
    }

    /**
     * Another GPU of the same model and firmware, as a fleet has many: its own BROM certificate and
     * FMC leaf (new keys, new serials) under this simulator's Provisioner ICA, Identity and root,
     * the same measurements, FWID and versions, so the same driver and VBIOS RIMs (and the OCSP
     * answers for the shared certificates) serve both. Its collateral source and OCSP responder
     * answer for its own chain too; {@link #revoke} on either applies to both.
     */
    public NvGpuSimulator anotherGpu() {
        return new NvGpuSimulator(this);
    }

    private NvGpuSimulator(NvGpuSimulator same) {
        this.clock = same.clock;
        this.random = same.random;
        this.driverVersion = same.driverVersion;
        this.extraOpaque = same.extraOpaque;
        this.vbios = same.vbios;
        this.measurements = same.measurements;
        this.fwid = same.fwid;
        this.deviceRoot = same.deviceRoot;
        this.identity = same.identity;
        this.provisioner = same.provisioner;
        this.rimRoot = same.rimRoot;
        this.rimCa = same.rimCa;
        this.rimSigner = same.rimSigner;
        this.driverRim = same.driverRim;
        this.vbiosRim = same.vbiosRim;
        this.revoked = same.revoked;
        SimulatedPki pki = new SimulatedPki(random, same.brom.cert.getNotBefore().toInstant(),
                same.brom.cert.getNotAfter().toInstant(), OCSP_URL);
        this.brom = pki.ca(provisioner, same.brom.cert.getSubjectX500Principal().getName());
        this.leaf = pki.leaf(brom, same.leaf.cert.getSubjectX500Principal().getName(), fwid);
        this.ocspResponder = new SimulatedOcspResponder(clock,
                List.of(deviceRoot, identity, provisioner, brom, rimRoot, rimCa), rimSigner, rimSigningChain(), leaf,
                deviceChain(), revoked, OCSP_URL);
    }

    private static SecureRandom seeded(long seed) {
        try {
            SecureRandom r = SecureRandom.getInstance("SHA1PRNG");
            r.setSeed(seed);
            return r;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A simulator at the system clock with random keys. */
    public static NvGpuSimulator create() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The simulated driver version (default "550.90.07"). */
    public String driverVersion() {
        return driverVersion;
    }

    /** The simulated VBIOS version, "96.00.9F.00.01". */
    public String vbiosVersion() {
        return String.format(Locale.ROOT, "%02X.%02X.%02X.%02X.%02X", vbios[3] & 0xff, vbios[2] & 0xff, vbios[1] & 0xff,
                vbios[0] & 0xff, vbios[4] & 0xff);
    }

    /** The measurement of block {@code index} (1-based), a copy. */
    public byte[] measurement(int index) {
        return measurements[index - 1].clone();
    }

    /** A report for {@code nonce} (32 bytes), signed by the simulated FMC leaf. */
    public byte[] report(byte[] nonce) {
        Objects.requireNonNull(nonce, "nonce");
        if (nonce.length != 32) {
            throw new IllegalArgumentException("nonce must have 32 bytes");
        }
        return SimulatedReport.build(nonce, measurements, vbios, driverVersion, fwid, extraOpaque, leaf.keys.getPrivate(),
                random);
    }

    /** Evidence for {@code nonce}: the report, the device chain and the nonce. */
    public Evidence evidence(byte[] nonce) {
        Evidence.Builder b = Evidence.builder(TeeType.NVIDIA_GPU, report(nonce)).nonce(nonce);
        for (X509Certificate c : deviceChain()) {
            b.addCertificate(der(c));
        }
        return b.build();
    }

    /** The device chain, leaf first, root last. */
    public List<X509Certificate> deviceChain() {
        return List.of(leaf.cert, brom.cert, provisioner.cert, identity.cert, deviceRoot.cert);
    }

    /** The device chain as PEM text (what NVML returns). */
    public String deviceChainPem() {
        StringBuilder sb = new StringBuilder();
        deviceChain().forEach(c -> sb.append(Certificates.toPem(c)));
        return sb.toString();
    }

    /** The simulated device identity root, as explicit anchors (for {@code --trust-root}). */
    public TrustAnchors deviceTrustAnchors() {
        return TrustAnchors.explicit("tee4j NVIDIA GPU simulator device identity root", List.of(deviceRoot.cert));
    }

    /** The simulated CoRIM (RIM signing) root, as explicit anchors (for {@code --rim-trust-root}). */
    public TrustAnchors rimTrustAnchors() {
        return TrustAnchors.explicit("tee4j NVIDIA GPU simulator RIM signing root", List.of(rimRoot.cert));
    }

    /** The simulated RIM signing chain, signer first, root last. */
    public List<X509Certificate> rimSigningChain() {
        return List.of(rimSigner.cert, rimCa.cert, rimRoot.cert);
    }

    /** The simulated OCSP responder's address ({@link #collateralSource()} answers OCSP there). */
    public URI ocspResponder() {
        return URI.create(OCSP_URL);
    }

    /** The signed driver RIM (SWID XML) matching the reports. */
    public byte[] driverRim() {
        return driverRim.clone();
    }

    /** The signed VBIOS RIM (SWID XML) matching the reports. */
    public byte[] vbiosRim() {
        return vbiosRim.clone();
    }

    /**
     * A SWID document (for example a changed copy of {@link #driverRim()}) with any signature
     * removed and signed again by the simulated RIM signer, as NVIDIA signs: for tests of the RIM
     * content rules under a genuine signature.
     *
     * @throws IllegalArgumentException if {@code swid} is not XML the simulator can sign
     */
    public byte[] signRim(byte[] swid) {
        return SimulatedRim.resigned(Objects.requireNonNull(swid, "swid"), rimSigner.keys.getPrivate(),
                rimSigningChain());
    }

    /**
     * A SWID document signed with the simulated GPU's own FMC leaf key, its KeyInfo carrying the
     * device chain: the forgery of a GPU endorsing itself, which every verifier must refuse.
     *
     * @throws IllegalArgumentException if {@code swid} is not XML the simulator can sign
     */
    public byte[] signRimWithDeviceLeaf(byte[] swid) {
        return SimulatedRim.resigned(Objects.requireNonNull(swid, "swid"), leaf.keys.getPrivate(), deviceChain());
    }

    /** The simulated RIM service base URL ({@link #collateralSource()} answers under it). */
    public URI rimService() {
        return URI.create(RIM_SERVICE);
    }

    /** Makes the OCSP responder answer "revoked" for the certificate. */
    public void revoke(X509Certificate cert) {
        revoked.add(cert.getSerialNumber());
    }

    /**
     * A collateral source answering like NVIDIA's services: RIM ids under {@link #rimService()}
     * (404-like terminal failure for unknown ids) and OCSP requests for the simulated certificates
     * (good unless {@link #revoke revoked}, nonce echoed, valid for one hour from the clock).
     */
    public CollateralSource collateralSource() {
        return request -> {
            if (request.kind() == CollateralKind.OCSP_RESPONSE && request.postBody().isPresent()) {
                return fetched(request, ocsp(request.postBody().get()));
            }
            String uri = request.uri().toString();
            if (request.kind() == CollateralKind.IMMUTABLE_DOCUMENT && uri.startsWith(RIM_SERVICE)) {
                String id = uri.substring(RIM_SERVICE.length());
                byte[] xml = id.equals("NV_GPU_DRIVER_GH100_" + driverVersion) ? driverRim
                        : id.equals("NV_GPU_VBIOS_1010_0200_882_" + vbiosVersion().replace(".", "")) ? vbiosRim : null;
                if (xml == null) {
                    throw new CollateralUnavailableException("HTTP 404 for " + uri, uri, false);
                }
                String json = "{\"id\":\"" + id + "\",\"rim\":\"" + Base64.getEncoder().encodeToString(xml) + "\"}";
                return fetched(request, json.getBytes(StandardCharsets.UTF_8));
            }
            throw new CollateralUnavailableException("the simulator does not serve " + uri, uri, false);
        };
    }

    /** A verifier that trusts exactly this simulator's roots, with its collateral source and clock. */
    public NvGpuVerifier.Builder verifier() {
        return NvGpuVerifier.builder().clock(clock).deviceTrustAnchors(deviceTrustAnchors())
                .rimTrustAnchors(rimTrustAnchors()).collateralSource(collateralSource()).rimService(rimService())
                .ocspResponder(ocspResponder()).revocationMode(RevocationMode.REQUIRE);
    }

    /** A fake NVML serving this simulator's reports. */
    public FakeNvml nvml() {
        return new FakeNvml(this);
    }

    private FetchedCollateral fetched(CollateralRequest request, byte[] body) {
        return new FetchedCollateral(body, Map.of(), request.uri().toString(), clock.instant(), null, false);
    }

    private byte[] ocsp(byte[] requestBody) throws CollateralUnavailableException {
        try {
            return ocspResponder.answer(requestBody, OcspAnswer.standard());
        } catch (CollateralUnavailableException e) {
            throw e;
        } catch (Exception e) {
            throw new CollateralUnavailableException("simulated OCSP responder: " + e.getMessage(), OCSP_URL, false, e);
        }
    }

    /**
     * The simulated responder's answer to an OCSP request (DER, as POSTed), shaped by {@code answer}:
     * for fault tests that serve OCSP from a loopback responder of their own and need answers that
     * are stale, revoked, unknown, for another serial, with a wrong nonce or from a wrong signer.
     * {@link OcspAnswer#standard()} gives exactly what {@link #collateralSource()} answers.
     *
     * @param requestDer an OCSP request for one of the simulated certificates
     * @param answer how to shape the answer
     * @return the OCSP response, DER
     * @throws IllegalArgumentException if the request does not parse or asks about an issuer the
     *     simulator does not have
     */
    public byte[] ocspResponse(byte[] requestDer, OcspAnswer answer) {
        Objects.requireNonNull(requestDer, "requestDer");
        Objects.requireNonNull(answer, "answer");
        try {
            return ocspResponder.answer(requestDer, answer);
        } catch (CollateralUnavailableException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        } catch (Exception e) {
            throw new IllegalArgumentException("not an OCSP request the simulator can answer: " + e, e);
        }
    }

    private static byte[] der(X509Certificate c) {
        try {
            return c.getEncoded();
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Builds an {@link NvGpuSimulator}. */
    public static final class Builder {
        private Clock clock = Clock.systemUTC();
        private String driverVersion = "550.90.07";
        private Long seed;
        private final Map<Integer, byte[]> extraOpaque = new TreeMap<>();

        private Builder() {
        }

        /**
         * An opaque-data field the reports carry after the usual ones (for example CHIP_INFO, type
         * 35, as Blackwell GPUs send it), signed like the rest.
         */
        public Builder extraOpaqueField(int type, byte[] value) {
            if (type < 0 || type > 0xffff || value.length > 0xffff) {
                throw new IllegalArgumentException("an opaque field has a 16-bit type and length");
            }
            extraOpaque.put(type, value.clone());
            return this;
        }

        /** The clock certificates and OCSP answers are dated from. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** The driver version the reports and the driver RIM name. */
        public Builder driverVersion(String version) {
            this.driverVersion = Objects.requireNonNull(version, "version");
            return this;
        }

        /** A seed for reproducible measurements and keys (tests only; never for anything secret). */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        public NvGpuSimulator build() {
            return new NvGpuSimulator(this);
        }
    }

    @Override
    public String toString() {
        return "NvGpuSimulator[driver " + driverVersion + ", VBIOS " + vbiosVersion() + "]";
    }
}
