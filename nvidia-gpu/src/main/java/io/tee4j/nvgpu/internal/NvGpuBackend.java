package io.tee4j.nvgpu.internal;

import io.tee4j.core.AttestationException;
import io.tee4j.core.Claims;
import io.tee4j.core.CollateralUnavailableException;
import io.tee4j.core.Evidence;
import io.tee4j.core.MalformedEvidenceException;
import io.tee4j.core.PolicyFormatException;
import io.tee4j.core.TeeType;
import io.tee4j.core.TrustAnchors;
import io.tee4j.core.collateral.CollateralSource;
import io.tee4j.core.crypto.Certificates;
import io.tee4j.core.spi.NonceBinding;
import io.tee4j.core.spi.PreparedVerifier;
import io.tee4j.core.spi.TeeBackend;
import io.tee4j.core.spi.TypedPreparedVerifier;
import io.tee4j.core.spi.VerifierConfiguration;
import io.tee4j.nvgpu.abi.DeviceArchitecture;
import io.tee4j.nvgpu.abi.DeviceEvidence;
import io.tee4j.nvgpu.abi.EvidenceList;
import io.tee4j.nvgpu.abi.SpdmMeasurementReport;
import io.tee4j.nvgpu.verify.EvidenceListVerifier;
import io.tee4j.nvgpu.validate.NvGpuPolicy;
import io.tee4j.nvgpu.verify.NvGpuClaims;
import io.tee4j.nvgpu.verify.NvGpuVerifier;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * The NVIDIA GPU backend as the {@code tee4j} command sees it.
 *
 * <ul>
 *   <li>{@link #readEvidence(byte[])}: NVIDIA's JSON evidence list ({@link EvidenceList}, GPUs and switches; its
 *       devices are verified one by one and as a set by {@link EvidenceListVerifier}), or the report bytes (the command decodes a hex text file first;
 *       hex text is also accepted here), trailing zero bytes tolerated;
 *   <li>{@link #prepare} (and the one-shot {@link #verify}): the request's certificates are the device
 *       chain (leaf first) when the evidence has none; the request's trust roots
 *       ({@code --trust-root}) replace the bundled <b>device identity</b> root only; the RIM signing
 *       roots are the bundled NVIDIA CoRIM signing root unless this backend was made with
 *       {@link #withRimTrustRoots(List)} or given the configuration's {@code rimTrustRoots}
 *       ({@code --rim-trust-root}): the two sets stay separate, so
 *       a device root never vouches for a RIM signer; {@code --collateral} files and
 *       directories are read for RIMs ({@code *.swidtag}, {@code *.xml}, {@code *.json} answers of
 *       the RIM service); the policy document is read by {@link NvGpuPolicy#fromDocument}; without
 *       one the default policy applies (measurements must be appraised).
 * </ul>
 *
 * @since 0.1
 */
public final class NvGpuBackend implements TeeBackend {
    private static final long MAX_COLLATERAL_FILE = 4L << 20;
    private static final int MAX_COLLATERAL_FILES = 256;

    /** Explicit RIM signing roots, or null for the bundled NVIDIA CoRIM signing root. */
    private final TrustAnchors rimAnchors;

    /** The backend with the bundled RIM signing root (what the service loader creates). */
    public NvGpuBackend() {
        this.rimAnchors = null;
    }

    private NvGpuBackend(TrustAnchors rimAnchors) {
        this.rimAnchors = rimAnchors;
    }

    /**
     * A backend that trusts exactly {@code roots} for RIM signing chains instead of the bundled
     * NVIDIA CoRIM signing root ({@code tee4j verify --rim-trust-root}); device identity roots still
     * come from the request's trust roots (or the bundled device root).
     *
     * @throws IllegalArgumentException if {@code roots} is empty
     */
    public static NvGpuBackend withRimTrustRoots(List<X509Certificate> roots) {
        if (roots.isEmpty()) {
            throw new IllegalArgumentException("at least one RIM signing root is needed");
        }
        return new NvGpuBackend(TrustAnchors.explicit("caller-supplied RIM signing roots", List.copyOf(roots)));
    }

    @Override
    public TeeType type() {
        return TeeType.NVIDIA_GPU;
    }

    /** The nonce is the SPDM request nonce: exactly 32 bytes. */
    @Override
    public Optional<NonceBinding> nonceBinding() {
        return Optional.of(NonceBinding.exactly("expectedNonce", SpdmMeasurementReport.NONCE_LENGTH));
    }

    @Override
    public Evidence readEvidence(byte[] content) throws MalformedEvidenceException {
        if (EvidenceList.looksLikeList(content)) {
            // NVIDIA's evidence list: checked whole here, kept as given, verified device by device.
            EvidenceList.parse(content);
            return Evidence.of(TeeType.NVIDIA_GPU, content);
        }
        byte[] raw = content;
        if (raw.length > SpdmMeasurementReport.MAX_LENGTH * 2 + 64) {
            throw new MalformedEvidenceException("evidence file too large for a GPU report");
        }
        if (raw.length > 0 && raw[0] != 0x11) {
            String text = new String(raw, StandardCharsets.US_ASCII).replaceAll("\\s+", "");
            if (text.matches("(0x)?[0-9a-fA-F]+") && text.length() % 2 == 0) {
                raw = HexFormat.of().parseHex(text.startsWith("0x") ? text.substring(2) : text);
            }
        }
        SpdmMeasurementReport.parse(raw);
        return Evidence.of(TeeType.NVIDIA_GPU, raw);
    }

    @Override
    public Claims describe(Evidence evidence) throws MalformedEvidenceException {
        if (EvidenceList.looksLikeList(evidence.raw())) {
            List<Object> devices = new ArrayList<>();
            for (DeviceEvidence d : EvidenceList.parse(evidence.raw())) {
                SpdmMeasurementReport r = SpdmMeasurementReport.parse(d.report());
                devices.add(Claims.builder().put("index", d.index()).put("arch", d.declaredArchitecture().name())
                        .put("report", NvGpuClaims.describe(r, DeviceArchitecture.detect(r, d.certificates()))).build());
            }
            return Claims.builder().put("devices", devices).build();
        }
        return NvGpuClaims.describe(SpdmMeasurementReport.parse(evidence.raw()));
    }

    /**
     * An {@link NvGpuVerifier} built once from the configuration: device identity roots
     * ({@code trustRoots}), RIM signing roots ({@code rimTrustRoots}, else this backend's, else the
     * bundled one), RIM files (read now), collateral source (none when offline), revocation mode.
     * Its caches of decoded leaf keys, validated device chains, verified local and fetched RIMs
     * serve every call; each call's certificates stand for the device chain when the evidence has
     * none, and each call runs at its clock's instant.
     */
    @Override
    public PreparedVerifier prepare(VerifierConfiguration config) throws AttestationException, PolicyFormatException {
        NvGpuVerifier.Builder b = NvGpuVerifier.builder()
                .revocationMode(config.revocationMode())
                .collateralSource(config.offline() || config.collateralSource().isEmpty() ? CollateralSource.none()
                        : config.collateralSource().get());
        if (!config.trustRoots().isEmpty()) {
            b.deviceTrustAnchors(TrustAnchors.explicit("caller-supplied device identity roots",
                    certificates(config.trustRoots(), "a trust root")));
        }
        if (!config.rimTrustRoots().isEmpty()) {
            List<X509Certificate> roots = certificates(config.rimTrustRoots(), "a RIM trust root");
            if (roots.isEmpty()) {
                throw new CollateralUnavailableException("the RIM trust roots hold no certificate", null, false);
            }
            b.rimTrustAnchors(TrustAnchors.explicit("caller-supplied RIM signing roots", roots));
        } else if (rimAnchors != null) {
            b.rimTrustAnchors(rimAnchors);
        }
        for (Path p : config.collateral()) {
            for (byte[] doc : collateralFiles(p)) {
                b.addRim(doc);
            }
        }
        NvGpuVerifier verifier = b.build();
        EvidenceListVerifier lists = new EvidenceListVerifier(verifier);
        // NVIDIA's evidence lists are verified device by device and as a set; certificates given
        // beside a single report stand for the device chain only when the evidence has none.
        return TypedPreparedVerifier.of(TeeType.NVIDIA_GPU, NvGpuPolicy.defaults(), NvGpuPolicy::fromDocument,
                (evidence, certificates, policy, at) -> EvidenceList.looksLikeList(evidence.raw())
                        ? lists.verify(EvidenceList.parse(evidence.raw()), policy, at)
                        : verifier.verify(withDeviceChain(evidence, certificates), policy, at));
    }

    private static Evidence withDeviceChain(Evidence evidence, List<byte[]> certificates) {
        if (!evidence.certificates().isEmpty() || certificates.isEmpty()) {
            return evidence;
        }
        Evidence.Builder eb = evidence.toBuilder();
        certificates.forEach(eb::addCertificate);
        return eb.build();
    }

    private static List<X509Certificate> certificates(List<byte[]> contents, String what)
            throws CollateralUnavailableException {
        List<X509Certificate> roots = new ArrayList<>();
        for (byte[] content : contents) {
            try {
                roots.addAll(Certificates.parseAll(content));
            } catch (CertificateException e) {
                throw new CollateralUnavailableException(what + " does not parse: " + e.getMessage(), null, false, e);
            }
        }
        return roots;
    }

    private static List<byte[]> collateralFiles(Path p) throws CollateralUnavailableException {
        List<byte[]> out = new ArrayList<>();
        try {
            if (Files.isDirectory(p)) {
                try (Stream<Path> s = Files.list(p)) {
                    List<Path> files = s.filter(Files::isRegularFile).filter(NvGpuBackend::isRimFile).sorted()
                            .limit(MAX_COLLATERAL_FILES + 1L).toList();
                    if (files.size() > MAX_COLLATERAL_FILES) {
                        throw new CollateralUnavailableException("more than " + MAX_COLLATERAL_FILES
                                + " RIM files in " + p, p.toString(), false);
                    }
                    for (Path f : files) {
                        out.add(read(f));
                    }
                }
            } else {
                out.add(read(p));
            }
        } catch (IOException e) {
            throw new CollateralUnavailableException("cannot read collateral " + p + ": " + e.getMessage(),
                    p.toString(), false, e);
        }
        return out;
    }

    private static boolean isRimFile(Path f) {
        String n = f.getFileName().toString().toLowerCase(Locale.ROOT);
        return n.endsWith(".swidtag") || n.endsWith(".xml") || n.endsWith(".json");
    }

    private static byte[] read(Path f) throws IOException, CollateralUnavailableException {
        if (Files.size(f) > MAX_COLLATERAL_FILE) {
            throw new CollateralUnavailableException(f + " is larger than " + MAX_COLLATERAL_FILE + " bytes",
                    f.toString(), false);
        }
        return Files.readAllBytes(f);
    }
}
