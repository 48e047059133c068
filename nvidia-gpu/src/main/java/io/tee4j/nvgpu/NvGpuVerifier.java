package io.tee4j.nvgpu;

import io.tee4j.core.AttestationException;
import io.tee4j.core.CollateralUnavailableException;
import io.tee4j.core.Evidence;
import io.tee4j.core.MalformedEvidenceException;
import io.tee4j.core.PolicyViolationException;
import io.tee4j.core.RevocationMode;
import io.tee4j.core.TeeType;
import io.tee4j.core.TrustAnchors;
import io.tee4j.core.VerificationFailedException;
import io.tee4j.core.VerificationFailedException.Reason;
import io.tee4j.core.Verifier;
import io.tee4j.core.collateral.CollateralKind;
import io.tee4j.core.collateral.CollateralRequest;
import io.tee4j.core.collateral.CollateralSource;
import io.tee4j.core.collateral.FetchedCollateral;
import io.tee4j.core.crypto.CertificateChainValidator;
import io.tee4j.core.crypto.Certificates;
import io.tee4j.core.crypto.EcCurve;
import io.tee4j.core.crypto.EcdsaVerifier;
import io.tee4j.core.crypto.InvalidKeyException;
import io.tee4j.nvgpu.internal.DiceFwid;
import io.tee4j.nvgpu.internal.OcspChecker;
import io.tee4j.nvgpu.internal.RimServiceJson;
import java.net.URI;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Verifies NVIDIA H100 GPU attestation reports (SPDM 1.1 GET_MEASUREMENTS request and response)
 * with the device certificate chain that came with them ({@link Evidence#certificates()}, leaf
 * first, as NVML's {@code attestationCertChain} holds it).
 *
 * <p>Two separate sets of trust anchors: <b>device identity roots</b> for the GPU's certificate
 * chain and <b>RIM signing roots</b> for the signatures of the reference manifests. A GPU must not
 * endorse itself, so a RIM signing chain may contain no certificate of the device hierarchy (see
 * {@link #verify}, step 9); a root given in both sets is refused as a RIM root.
 *
 * <p>Steps, in order, each failing with its own typed error:
 *
 * <ol>
 *   <li>parse the report by offsets ({@link SpdmMeasurementReport#parse(byte[])}) →
 *       {@link MalformedEvidenceException};
 *   <li>refuse architectures not supported yet: Blackwell (GB100…), by the CHIP_INFO opaque field
 *       or the certificate names → {@link UnsupportedGpuArchitectureException} (malformed, exit 6);
 *   <li>every report field that names a RIM (driver version, project, SKUs) must be a plain
 *       identifier ({@link RimIds}), since it becomes part of the RIM service URL →
 *       {@link MalformedEvidenceException};
 *   <li>the device chain (FMC leaf ← BROM ← Provisioner ICA ← GH100 Identity ← NVIDIA Device
 *       Identity CA): exactly these five certificates (the root may be left out), valid to the
 *       device anchors at the clock's instant through core's {@link CertificateChainValidator} (the
 *       DICE extension 2.23.133.5.4.1 is named as handled and checked here) → {@code CERTIFICATE_CHAIN};
 *   <li>the leaf's DICE extension must hold a SHA-384 FWID ({@code CERTIFICATE_CHAIN} if absent)
 *       equal to the report's FWID opaque field → {@code BINDING};
 *   <li>the ECDSA P-384 signature over request ‖ response up to the signature with the leaf key →
 *       {@code SIGNATURE};
 *   <li>the request nonce must equal the policy's expected nonce and the evidence's nonce, when
 *       given → {@code BINDING};
 *   <li>OCSP for the device chain from the BROM certificate up to, not including, the root (nvtrust
 *       starts at index 1 for GPU attestation: the FMC leaf is minted by the GPU) unless
 *       {@link RevocationMode#SKIP_INSECURE}, which adds a warning → {@code REVOKED} or
 *       {@link io.tee4j.core.RevocationUnavailableException};
 *   <li>the driver and VBIOS RIMs: taken from the RIMs given to the builder, else fetched by id from
 *       the configured RIM service through the collateral source; each signature and signing chain
 *       checked at the clock's instant to the RIM anchors; the signing chain may hold no certificate
 *       of the report's device chain, no device anchor and no device-minted (DICE) certificate →
 *       {@code CERTIFICATE_CHAIN}; then OCSP on every RIM chain certificate but the root; a RIM that
 *       is not found raises {@link RimNotFoundException};
 *   <li>the policy: every active RIM measurement (driver XOR VBIOS; an index active in both is a
 *       conflict) must match one of its alternatives (index 35 is skipped when NVDEC0 is disabled,
 *       as nvtrust does), the RIM versions must be the report's, versions allowed →
 *       {@link MeasurementMismatchException} / {@link PolicyViolationException} listing every
 *       failed check.
 * </ol>
 *
 * <p>Outbound requests go only to the configured services: the RIM service (default NVIDIA's) with
 * the RIM id as one percent-encoded path segment, and the OCSP responder (default NVIDIA's). No
 * address is ever taken from a certificate or from the evidence.
 *
 * <p>Defaults: bundled NVIDIA roots (device identity CA, CoRIM signing root), revocation required,
 * no collateral source (so RIMs must be given or cached, and OCSP fails as unavailable), NVIDIA's
 * RIM service and OCSP responder, system UTC clock.
 *
 * <p>Performance: the verifier keeps one {@link EcdsaVerifier} per leaf certificate (its
 * precomputation is reused) and remembers validated device chains and verified RIMs by their exact
 * bytes, together with the window in which every certificate involved is valid, so later reports
 * of a known GPU cost one ECDSA verification plus the RIM lookups and the OCSP round trips.
 * Revocation is checked on every verification, with a fresh nonce-bound answer per certificate (a
 * cache is never asked to keep OCSP answers). Thread-safe; the caches are bounded.
 *
 * @since 0.1
 */
public final class NvGpuVerifier implements Verifier<NvGpuPolicy, NvGpuResult> {
    /** NVIDIA's RIM service. */
    public static final URI NVIDIA_RIM_SERVICE = URI.create("https://rim.attestation.nvidia.com/v1/rim/");
    /** The largest RIM service answer accepted. */
    public static final int MAX_RIM_BYTES = 1 << 20;
    private static final int MAX_CACHED = 1024;
    /** FMC leaf, BROM, Provisioner ICA, GH100 Identity, root: nvtrust's MAX_CERT_CHAIN_LENGTH for Hopper. */
    private static final int DEVICE_CHAIN_LENGTH = 5;
    private static final int NVDEC_MEASUREMENT_INDEX = 35;
    private static final Logger LOG = LoggerFactory.getLogger(NvGpuVerifier.class);

    private final Clock clock;
    private final TrustAnchors deviceAnchors;
    private final TrustAnchors rimAnchors;
    private final CollateralSource source;
    private final RevocationMode revocationMode;
    private final URI rimService;
    private final OcspChecker ocsp;
    private final List<LocalRim> rims;
    private final CertificateChainValidator deviceValidator;
    private final Map<ByteBuffer, EcdsaVerifier> leafKeys = new ConcurrentHashMap<>();
    private final Map<ChainKey, ValidatedChain> chains = new ConcurrentHashMap<>();
    private final Map<ByteBuffer, CachedRim> fetchedRims = new ConcurrentHashMap<>();

    private NvGpuVerifier(Builder b) {
        this.clock = b.clock;
        this.deviceAnchors = b.deviceAnchors;
        this.rimAnchors = b.rimAnchors;
        this.source = b.source;
        this.revocationMode = b.revocationMode;
        this.rimService = b.rimService;
        this.ocsp = new OcspChecker(b.source, b.ocspResponder, b.allowCertificateHold);
        List<LocalRim> local = new ArrayList<>();
        b.rims.forEach(x -> local.add(new LocalRim(x, b.rimAnchors)));
        this.rims = List.copyOf(local);
        this.deviceValidator = CertificateChainValidator.of(deviceAnchors, Set.of(DiceFwid.OID));
    }

    /** A verifier with every default (see the class documentation). */
    public static NvGpuVerifier create() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public TeeType type() {
        return TeeType.NVIDIA_GPU;
    }

    @Override
    public NvGpuResult verify(Evidence evidence, NvGpuPolicy policy) throws AttestationException {
        return verify(evidence, policy, clock.instant());
    }

    /**
     * {@link #verify(Evidence, NvGpuPolicy)} as of {@code at} instead of the builder's clock, so that one
     * verifier (and its caches) serves calls that each bring their own time, as a
     * {@link io.tee4j.core.spi.PreparedVerifier} does.
     */
    public NvGpuResult verify(Evidence evidence, NvGpuPolicy policy, Instant at) throws AttestationException {
        Objects.requireNonNull(evidence, "evidence");
        Objects.requireNonNull(policy, "policy");
        if (evidence.type() != TeeType.NVIDIA_GPU) {
            throw new MalformedEvidenceException("evidence is for " + evidence.type() + ", not nvidia-gpu");
        }
        Instant now = Objects.requireNonNull(at, "at");
        List<String> warnings = new ArrayList<>();
        SpdmMeasurementReport report = SpdmMeasurementReport.parse(evidence.raw());
        GpuArchitecture.refuseUnsupported(report, evidence.certificates());
        RimIds.requirePlain(report);
        if (report.trailingZeroBytes() > 0) {
            warnings.add(report.trailingZeroBytes() + " zero byte(s) after the report signature were ignored");
        }
        ValidatedChain chain = deviceChain(evidence.certificates(), now);
        byte[] reportFwid = report.opaqueData().fwid().orElseThrow(() -> new VerificationFailedException(
                Reason.BINDING, "the report carries no FWID opaque field to bind it to the leaf certificate"));
        if (!MessageDigest.isEqual(chain.fwid, reportFwid)) {
            throw new VerificationFailedException(Reason.BINDING, "the report's FWID "
                    + HexFormat.of().formatHex(reportFwid) + " differs from the leaf certificate's "
                    + HexFormat.of().formatHex(chain.fwid));
        }
        if (!chain.leafKey.verifyP1363(report.rawUnsafe(), 0, report.signedLength(), report.signature())) {
            throw new VerificationFailedException(Reason.SIGNATURE,
                    "the report signature does not verify with the device leaf key");
        }
        boolean nonceChecked = checkNonce(report, evidence, policy, warnings);
        boolean revocationChecked = revocationMode == RevocationMode.REQUIRE;
        if (revocationChecked) {
            // From index 1, as nvtrust does for GPU attestation: the FMC leaf is minted by the GPU at
            // boot and NVIDIA's responder is not asked about it; its issuer (the BROM) and up are.
            warnings.addAll(ocsp.checkChain(chain.certificates, 1, now, "GPU device chain"));
        } else {
            warnings.add("revocation NOT checked (RevocationMode.SKIP_INSECURE): a revoked GPU or RIM signing "
                    + "certificate would be accepted");
        }
        ReferenceManifest driverRim = null;
        ReferenceManifest vbiosRim = null;
        MeasurementResult measurementResult;
        try {
            driverRim = rim(report, chain.certificates, ReferenceManifest.Kind.DRIVER, now, warnings);
            vbiosRim = rim(report, chain.certificates, ReferenceManifest.Kind.VBIOS, now, warnings);
            measurementResult = MeasurementResult.SUCCESS;
        } catch (CollateralUnavailableException e) {
            if (!policy.allowUnappraisedMeasurements()) {
                throw e;
            }
            driverRim = null;
            vbiosRim = null;
            measurementResult = MeasurementResult.NOT_APPRAISED;
            warnings.add("measurements NOT appraised (policy allowUnappraisedMeasurements): " + e.getMessage()
                    + "; the GPU firmware state, debug mode included, is unknown");
        }
        List<Integer> appraised = appraise(report, policy, driverRim, vbiosRim);
        return new NvGpuResult(report, chain.certificates, measurementResult, driverRim, vbiosRim, appraised,
                nonceChecked, revocationChecked, warnings, now, deviceAnchors, rimAnchors);
    }

    private boolean checkNonce(SpdmMeasurementReport report, Evidence evidence, NvGpuPolicy policy,
            List<String> warnings) throws AttestationException {
        byte[] actual = report.requestNonce();
        boolean checked = false;
        Optional<byte[]> fromPolicy = policy.expectedNonce();
        if (fromPolicy.isPresent()) {
            if (!MessageDigest.isEqual(fromPolicy.get(), actual)) {
                throw new VerificationFailedException(Reason.BINDING,
                        "the report's request nonce differs from the policy's expected nonce");
            }
            checked = true;
        }
        Optional<byte[]> fromEvidence = evidence.nonce();
        if (fromEvidence.isPresent()) {
            if (!MessageDigest.isEqual(fromEvidence.get(), actual)) {
                throw new VerificationFailedException(Reason.BINDING,
                        "the report's request nonce differs from the nonce the evidence was requested with");
            }
            checked = true;
        }
        if (!checked) {
            if (policy.requireNonce()) {
                throw new PolicyViolationException(List.of(
                        "no expected nonce given (policy requireNonce): the report's freshness cannot be checked"));
            }
            warnings.add("nonce NOT checked: no expected nonce was given; compare reportData (the request nonce) "
                    + "with your challenge yourself");
        }
        return checked;
    }

    private ValidatedChain deviceChain(List<byte[]> ders, Instant now) throws AttestationException {
        if (ders.isEmpty()) {
            throw new CollateralUnavailableException("no GPU device certificate chain came with the report "
                    + "(NVML's attestationCertChain; pass it with the evidence or --cert)", null, false);
        }
        if (ders.size() < DEVICE_CHAIN_LENGTH - 1 || ders.size() > DEVICE_CHAIN_LENGTH) {
            throw wrongChainLength(ders.size());
        }
        ChainKey key = new ChainKey(ders);
        ValidatedChain cached = chains.get(key);
        if (cached != null && !now.isBefore(cached.notBefore) && !now.isAfter(cached.notAfter)) {
            return cached;
        }
        List<X509Certificate> certs = new ArrayList<>();
        for (byte[] der : ders) {
            try {
                certs.add(Certificates.parseOne(der));
            } catch (CertificateException e) {
                throw new VerificationFailedException(Reason.CERTIFICATE_CHAIN,
                        "a device certificate does not parse: " + e.getMessage(), e);
            }
        }
        standInTheAnchorForItsCopy(certs);
        List<X509Certificate> full = deviceValidator.validate(certs, now);
        X509Certificate leaf = full.get(0);
        byte[] fwid;
        try {
            fwid = DiceFwid.read(leaf).orElseThrow(() -> new VerificationFailedException(Reason.CERTIFICATE_CHAIN,
                    "the FWID extension (TCG DICE " + DiceFwid.OID + ") is not in the signing certificate '"
                            + leaf.getSubjectX500Principal().getName()
                            + "': the chain does not start with the GPU's FMC leaf"));
        } catch (DiceFwid.MalformedExtensionException e) {
            throw new VerificationFailedException(Reason.CERTIFICATE_CHAIN, "leaf DICE extension: " + e.getMessage(), e);
        }
        // After the FWID read, so that a chain without its leaf says so rather than only its length.
        if (full.size() != DEVICE_CHAIN_LENGTH) {
            throw wrongChainLength(full.size());
        }
        for (int i = 1; i < full.size(); i++) {
            if (DiceFwid.present(full.get(i)) && full.get(i).getCriticalExtensionOIDs() != null
                    && full.get(i).getCriticalExtensionOIDs().contains(DiceFwid.OID)) {
                try {
                    DiceFwid.read(full.get(i));
                } catch (DiceFwid.MalformedExtensionException e) {
                    throw new VerificationFailedException(Reason.CERTIFICATE_CHAIN, "critical DICE extension of '"
                            + full.get(i).getSubjectX500Principal().getName() + "': " + e.getMessage(), e);
                }
            }
        }
        boolean[] ku = leaf.getKeyUsage();
        if (ku != null && !ku[0]) {
            throw new VerificationFailedException(Reason.CERTIFICATE_CHAIN,
                    "the device leaf certificate may not sign (keyUsage lacks digitalSignature)");
        }
        EcdsaVerifier leafKey = leafKey(ders.get(0), leaf);
        Instant notBefore = Instant.MIN;
        Instant notAfter = Instant.MAX;
        for (X509Certificate c : full) {
            Instant nb = c.getNotBefore().toInstant();
            Instant na = c.getNotAfter().toInstant();
            notBefore = nb.isAfter(notBefore) ? nb : notBefore;
            notAfter = na.isBefore(notAfter) ? na : notAfter;
        }
        ValidatedChain v = new ValidatedChain(List.copyOf(full), fwid, leafKey, notBefore, notAfter);
        if (chains.size() >= MAX_CACHED) {
            chains.clear();
        }
        chains.put(key, v);
        return v;
    }

    /**
     * nvtrust drops the root that comes with the device chain and uses its configured root in its
     * place. tee4j does so only when the chain's last certificate is self-issued with the name and
     * key of a device anchor (another issuance of the same root, as a re-signed simulator root is),
     * so that the chain is counted with its root once; any other last certificate is left for the
     * validator to judge.
     */
    private void standInTheAnchorForItsCopy(List<X509Certificate> certs) {
        X509Certificate last = certs.get(certs.size() - 1);
        if (!last.getIssuerX500Principal().equals(last.getSubjectX500Principal())) {
            return;
        }
        for (X509Certificate anchor : deviceAnchors.roots()) {
            if (anchor.getSubjectX500Principal().equals(last.getSubjectX500Principal())
                    && anchor.getPublicKey().equals(last.getPublicKey())) {
                certs.set(certs.size() - 1, anchor);
                return;
            }
        }
    }

    /**
     * nvtrust requires the full chain length for GPU attestation: FMC leaf, BROM, Provisioner ICA,
     * GH100 Identity and the root (the root may be left out of the evidence; the anchor completes it).
     */
    private static VerificationFailedException wrongChainLength(int size) {
        return new VerificationFailedException(Reason.CERTIFICATE_CHAIN, "the GPU device certificate chain must "
                + "hold the signing (FMC leaf) certificate and its issuers up to the root, " + DEVICE_CHAIN_LENGTH
                + " certificates in all (FMC leaf, BROM, Provisioner ICA, Identity, root); got " + size);
    }

    private EcdsaVerifier leafKey(byte[] der, X509Certificate leaf) throws VerificationFailedException {
        ByteBuffer k = ByteBuffer.wrap(der.clone());
        EcdsaVerifier v = leafKeys.get(k);
        if (v != null) {
            return v;
        }
        try {
            v = EcdsaVerifier.fromPublicKey(leaf.getPublicKey());
        } catch (InvalidKeyException e) {
            throw new VerificationFailedException(Reason.CERTIFICATE_CHAIN, "device leaf key: " + e.getMessage(), e);
        }
        if (v.curve() != EcCurve.P384) {
            throw new VerificationFailedException(Reason.CERTIFICATE_CHAIN, "device leaf key is on "
                    + v.curve().curveName() + ", not P-384");
        }
        if (leafKeys.size() >= MAX_CACHED) {
            leafKeys.clear();
        }
        leafKeys.put(k, v);
        return v;
    }

    /**
     * A device chain's exact DER bytes as a map key, without copying them: the list is the verifier's
     * own copy from {@link Evidence#certificates()}. Equality compares every byte; the hash reads only
     * each certificate's length and last 32 bytes (its signature), which is enough to spread distinct
     * chains and keeps the per-report cost independent of the certificates' size.
     */
    private static final class ChainKey {
        private final List<byte[]> ders;
        private final int hash;

        ChainKey(List<byte[]> ders) {
            this.ders = ders;
            int h = ders.size();
            for (byte[] d : ders) {
                h = 31 * h + d.length;
                for (int i = Math.max(0, d.length - 32); i < d.length; i++) {
                    h = 31 * h + d[i];
                }
            }
            this.hash = h;
        }

        @Override
        public boolean equals(Object o) {
            if (!(o instanceof ChainKey)) {
                return false;
            }
            ChainKey k = (ChainKey) o;
            if (k.hash != hash || k.ders.size() != ders.size()) {
                return false;
            }
            for (int i = 0; i < ders.size(); i++) {
                if (!Arrays.equals(k.ders.get(i), ders.get(i))) {
                    return false;
                }
            }
            return true;
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }

    private ReferenceManifest rim(SpdmMeasurementReport report, List<X509Certificate> deviceChain,
            ReferenceManifest.Kind kind, Instant now, List<String> warnings) throws AttestationException {
        String version = kind == ReferenceManifest.Kind.DRIVER ? report.opaqueData().driverVersion().orElse(null)
                : report.opaqueData().vbiosVersion().orElse(null);
        String id = (kind == ReferenceManifest.Kind.DRIVER ? RimIds.driver(report) : RimIds.vbios(report))
                .orElse(null);
        if (version == null || id == null) {
            throw new RimNotFoundException(kind == ReferenceManifest.Kind.DRIVER ? "NV_GPU_DRIVER_?" : "NV_GPU_VBIOS_?",
                    null, "the report lacks the opaque fields that name its " + kind.name().toLowerCase(Locale.ROOT)
                            + " RIM", null);
        }
        CachedRim local = localRim(kind, version, now);
        CachedRim rim = local != null ? local : fetchRim(id, now);
        String what = kind.name().toLowerCase(Locale.ROOT) + " RIM signing chain";
        RimSignerSeparation.check(rim.chain, deviceChain, deviceAnchors, what);
        if (revocationMode == RevocationMode.REQUIRE) {
            warnings.addAll(ocsp.checkChain(rim.chain, 0, now, what));
        }
        return rim.rim;
    }

    private CachedRim localRim(ReferenceManifest.Kind kind, String version, Instant now)
            throws VerificationFailedException {
        List<CachedRim> ofKind = new ArrayList<>();
        for (LocalRim local : rims) {
            CachedRim c = local.verified(now);
            if (c.rim.kind() == kind) {
                if (c.rim.isFor(version)) {
                    return c;
                }
                ofKind.add(c);
            }
        }
        // A single RIM of the right kind given explicitly is used even for another version: the
        // version mismatch is then reported by the policy together with the measurement result.
        return ofKind.size() == 1 ? ofKind.get(0) : null;
    }

    private CachedRim fetchRim(String id, Instant now) throws AttestationException {
        URI uri = RimIds.uri(rimService, id);
        FetchedCollateral fetched;
        try {
            fetched = source.fetch(CollateralRequest.builder(uri, CollateralKind.IMMUTABLE_DOCUMENT)
                    .maxBytes(MAX_RIM_BYTES).build());
        } catch (CollateralUnavailableException e) {
            if (e.isRetryable()) {
                throw e;
            }
            throw new RimNotFoundException(id, uri.toString(), e.getMessage(), e);
        }
        LOG.debug("RIM {} from {} (cached: {})", id, fetched.location(), fetched.fromCache());
        byte[] body = fetched.body();
        ByteBuffer key = ByteBuffer.wrap(body);
        CachedRim cached = fetchedRims.get(key);
        if (cached != null && cached.validAt(now)) {
            return cached;
        }
        byte[] xml;
        try {
            xml = RimServiceJson.extractRim(body);
        } catch (IllegalArgumentException e) {
            // The service answered with something that is not a RIM answer (empty, garbage, another
            // document): the RIM could not be had, as with any other unusable collateral answer. A
            // RIM that is there but fails its XML or signature checks stays a verification failure.
            throw new RimNotFoundException(id, uri.toString(), "the RIM service answer is unreadable: "
                    + e.getMessage(), e);
        }
        CachedRim fresh = verifyRim(xml, rimAnchors, now);
        if (fetchedRims.size() >= MAX_CACHED) {
            fetchedRims.clear();
        }
        fetchedRims.put(key, fresh);
        return fresh;
    }

    /**
     * Verifies a RIM and notes the window in which every certificate of its signing chain is valid,
     * so the verification can be reused in that window (revocation is still checked on every use).
     */
    static CachedRim verifyRim(byte[] xml, TrustAnchors anchors, Instant now) throws VerificationFailedException {
        ReferenceManifest rim = ReferenceManifest.verify(xml, anchors, now);
        Instant notBefore = Instant.MIN;
        Instant notAfter = Instant.MAX;
        List<X509Certificate> chain = CertificateChainValidator.of(anchors).validate(rim.signerChain(), now);
        for (X509Certificate cert : chain) {
            Instant nb = cert.getNotBefore().toInstant();
            Instant na = cert.getNotAfter().toInstant();
            notBefore = nb.isAfter(notBefore) ? nb : notBefore;
            notAfter = na.isBefore(notAfter) ? na : notAfter;
        }
        return new CachedRim(rim, List.copyOf(chain), notBefore, notAfter);
    }

    /** A verified RIM and the window its verification holds in. */
    static final class CachedRim {
        final ReferenceManifest rim;
        final List<X509Certificate> chain;
        final Instant notBefore;
        final Instant notAfter;

        CachedRim(ReferenceManifest rim, List<X509Certificate> chain, Instant notBefore, Instant notAfter) {
            this.rim = rim;
            this.chain = chain;
            this.notBefore = notBefore;
            this.notAfter = notAfter;
        }

        boolean validAt(Instant now) {
            return !now.isBefore(notBefore) && !now.isAfter(notAfter);
        }
    }

    /** A RIM given to the builder, verified on first use and again only outside its window. */
    private static final class LocalRim {
        private final byte[] xml;
        private final TrustAnchors anchors;
        private volatile CachedRim cached;

        LocalRim(byte[] xml, TrustAnchors anchors) {
            this.xml = xml;
            this.anchors = anchors;
        }

        CachedRim verified(Instant now) throws VerificationFailedException {
            CachedRim c = cached;
            if (c == null || !c.validAt(now)) {
                c = verifyRim(xml, anchors, now);
                cached = c;
            }
            return c;
        }
    }

    /** Appraises, returning the report block indices that were compared with a reference value. */
    private static List<Integer> appraise(SpdmMeasurementReport report, NvGpuPolicy policy, ReferenceManifest driver,
            ReferenceManifest vbios) throws PolicyViolationException {
        List<String> violations = new ArrayList<>();
        List<Integer> mismatched = new ArrayList<>();
        List<Integer> compared = new ArrayList<>();
        OpaqueData o = report.opaqueData();
        String driverVersion = o.driverVersion().orElse("");
        String vbiosVersion = o.vbiosVersion().orElse("");
        if (!policy.allowedDriverVersions().isEmpty() && !policy.allowedDriverVersions().contains(driverVersion)) {
            violations.add("driver version " + driverVersion + " is not among the allowed "
                    + policy.allowedDriverVersions());
        }
        if (!policy.allowedVbiosVersions().isEmpty() && policy.allowedVbiosVersions().stream()
                .noneMatch(v -> v.equalsIgnoreCase(vbiosVersion))) {
            violations.add("VBIOS version " + vbiosVersion + " is not among the allowed " + policy.allowedVbiosVersions());
        }
        if (driver != null && vbios != null) {
            if (!driver.isFor(driverVersion)) {
                violations.add("the driver RIM describes version " + driver.colloquialVersion()
                        + " but the report's driver is " + driverVersion);
            }
            if (!vbios.isFor(vbiosVersion)) {
                violations.add("the VBIOS RIM describes version " + vbios.colloquialVersion()
                        + " but the report's VBIOS is " + vbiosVersion);
            }
            Map<Integer, RimMeasurement> golden = new TreeMap<>();
            for (RimMeasurement m : driver.measurements()) {
                if (m.active()) {
                    golden.put(m.index(), m);
                }
            }
            for (RimMeasurement m : vbios.measurements()) {
                if (m.active() && golden.containsKey(m.index())) {
                    violations.add("measurement index " + m.index() + " is active in both the driver and the VBIOS RIM");
                } else if (m.active()) {
                    golden.put(m.index(), m);
                }
            }
            boolean nvdecDisabled = o.nvdec0Disabled();
            for (RimMeasurement m : golden.values()) {
                if (m.index() == NVDEC_MEASUREMENT_INDEX && nvdecDisabled) {
                    continue;
                }
                MeasurementBlock block = report.block(m.index() + 1);
                compared.add(m.index() + 1);
                if (block == null || !m.matches(block.valueUnsafe())) {
                    mismatched.add(m.index());
                }
            }
            if (!mismatched.isEmpty()) {
                violations.add("measurements at RIM indices " + mismatched
                        + " match none of their reference values (measres: fail)");
            }
        }
        if (!mismatched.isEmpty()) {
            throw new MeasurementMismatchException(violations, mismatched);
        }
        if (!violations.isEmpty()) {
            throw new PolicyViolationException(violations);
        }
        return compared;
    }

    /** A device chain validated once, with the window in which that validation stays true. */
    private static final class ValidatedChain {
        final List<X509Certificate> certificates;
        final byte[] fwid;
        final EcdsaVerifier leafKey;
        final Instant notBefore;
        final Instant notAfter;

        ValidatedChain(List<X509Certificate> certificates, byte[] fwid, EcdsaVerifier leafKey, Instant notBefore,
                Instant notAfter) {
            this.certificates = certificates;
            this.fwid = fwid;
            this.leafKey = leafKey;
            this.notBefore = notBefore;
            this.notAfter = notAfter;
        }
    }

    /** Builds an {@link NvGpuVerifier}. */
    public static final class Builder {
        private Clock clock = Clock.systemUTC();
        private TrustAnchors deviceAnchors = NvGpuTrustAnchors.deviceIdentity();
        private TrustAnchors rimAnchors = NvGpuTrustAnchors.corimSigning();
        private CollateralSource source = CollateralSource.none();
        private RevocationMode revocationMode = RevocationMode.REQUIRE;
        private URI ocspResponder = OcspChecker.NVIDIA_OCSP;
        private URI rimService = NVIDIA_RIM_SERVICE;
        private final List<byte[]> rims = new ArrayList<>();
        private boolean allowCertificateHold;

        private Builder() {
        }

        /**
         * Accept certificates whose OCSP status is "revoked" with reason certificateHold (a
         * temporary suspension), as nvtrust's {@code --allow_hold_cert} does; the result then
         * carries a warning. Default false: a hold fails like a revocation.
         */
        public Builder allowCertificateHold(boolean allow) {
            this.allowCertificateHold = allow;
            return this;
        }

        /** The clock verification runs at (default: system UTC). */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** Roots for device chains (default: the bundled NVIDIA Device Identity CA). */
        public Builder deviceTrustAnchors(TrustAnchors anchors) {
            this.deviceAnchors = Objects.requireNonNull(anchors, "anchors");
            return this;
        }

        /** Roots for RIM signing chains (default: the bundled NVIDIA CoRIM signing Root CA). */
        public Builder rimTrustAnchors(TrustAnchors anchors) {
            this.rimAnchors = Objects.requireNonNull(anchors, "anchors");
            return this;
        }

        /** Where RIMs and OCSP answers are fetched (default: nowhere, {@link CollateralSource#none()}). */
        public Builder collateralSource(CollateralSource source) {
            this.source = Objects.requireNonNull(source, "source");
            return this;
        }

        /** Revocation checking (default {@link RevocationMode#REQUIRE}). */
        public Builder revocationMode(RevocationMode mode) {
            this.revocationMode = Objects.requireNonNull(mode, "mode");
            return this;
        }

        /**
         * The OCSP responder every request goes to (default NVIDIA's, {@code https://ocsp.ndis.nvidia.com/}).
         * No address is ever taken from a certificate's AIA extension: the certificates come with the
         * evidence.
         */
        public Builder ocspResponder(URI uri) {
            this.ocspResponder = Objects.requireNonNull(uri, "uri");
            return this;
        }

        /** The RIM service base URL; a RIM is fetched from {@code base + id} (default NVIDIA's). */
        public Builder rimService(URI base) {
            Objects.requireNonNull(base, "base");
            String s = base.toString();
            this.rimService = s.endsWith("/") ? base : URI.create(s + "/");
            return this;
        }

        /**
         * Adds a RIM document (SWID XML, or a RIM-service JSON answer) to use before fetching. Each
         * is verified when used. A RIM whose version is the report's is preferred; a single RIM of
         * a kind is used even for another version, and the mismatch is then a policy violation.
         */
        public Builder addRim(byte[] document) {
            Objects.requireNonNull(document, "document");
            byte[] xml;
            try {
                xml = RimServiceJson.extractRim(document);
            } catch (IllegalArgumentException e) {
                xml = document;
            }
            rims.add(Arrays.copyOf(xml, xml.length));
            return this;
        }

        public NvGpuVerifier build() {
            return new NvGpuVerifier(this);
        }
    }

    static byte[] der(X509Certificate c) {
        try {
            return c.getEncoded();
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
    }
}
