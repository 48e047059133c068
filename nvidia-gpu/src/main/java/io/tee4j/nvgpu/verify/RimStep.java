package io.tee4j.nvgpu.verify;

import io.tee4j.core.AttestationException;
import io.tee4j.core.CollateralUnavailableException;
import io.tee4j.core.RevocationMode;
import io.tee4j.core.TrustAnchors;
import io.tee4j.core.VerificationFailedException;
import io.tee4j.core.collateral.CollateralKind;
import io.tee4j.core.collateral.CollateralRequest;
import io.tee4j.core.collateral.CollateralSource;
import io.tee4j.core.collateral.FetchedCollateral;
import io.tee4j.core.crypto.CertificateChainValidator;
import io.tee4j.core.util.BoundedCache;
import io.tee4j.core.util.BytesKey;
import io.tee4j.nvgpu.abi.ReferenceManifest;
import io.tee4j.nvgpu.abi.SpdmMeasurementReport;
import io.tee4j.nvgpu.collateral.OcspChecker;
import io.tee4j.nvgpu.abi.DeviceArchitecture;
import io.tee4j.nvgpu.collateral.RimIds;
import io.tee4j.nvgpu.validate.MeasurementAppraisal;
import io.tee4j.nvgpu.collateral.RimNotFoundException;
import io.tee4j.nvgpu.collateral.RimServiceJson;
import io.tee4j.nvgpu.validate.MeasurementAppraisal;
import java.net.URI;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Step 9 of {@link NvGpuVerifier}: finds the driver or VBIOS RIM a report names (a RIM given to the builder,
 * else one fetched by id from the configured RIM service), verifies its signature and signing chain to the
 * RIM anchors, keeps the RIM signer apart from the device hierarchy ({@link RimSignerSeparation}) and checks
 * the RIM chain's revocation when required. Does not compare measurements ({@link MeasurementAppraisal}).
 * Fetched RIMs are remembered by their exact bytes in a bounded cache, for their chain's validity window.
 */
final class RimStep {
    private static final Logger LOG = LoggerFactory.getLogger(NvGpuVerifier.class);

    private final TrustAnchors rimAnchors;
    private final TrustAnchors deviceAnchors;
    private final CollateralSource source;
    private final RevocationMode revocationMode;
    private final URI rimService;
    private final OcspChecker ocsp;
    private final List<LocalRim> rims;
    private final BoundedCache<BytesKey, CachedRim> fetchedRims;

    RimStep(TrustAnchors rimAnchors, TrustAnchors deviceAnchors, CollateralSource source,
            RevocationMode revocationMode, URI rimService, OcspChecker ocsp, List<byte[]> rimDocuments,
            int cacheCapacity) {
        this.rimAnchors = rimAnchors;
        this.deviceAnchors = deviceAnchors;
        this.source = source;
        this.revocationMode = revocationMode;
        this.rimService = rimService;
        this.ocsp = ocsp;
        List<LocalRim> local = new ArrayList<>();
        rimDocuments.forEach(x -> local.add(new LocalRim(x, rimAnchors)));
        this.rims = List.copyOf(local);
        this.fetchedRims = new BoundedCache<>(cacheCapacity);
    }

    ReferenceManifest rim(SpdmMeasurementReport report, DeviceArchitecture arch, List<X509Certificate> deviceChain,
            ReferenceManifest.Kind kind, Instant now, List<String> warnings) throws AttestationException {
        String version = kind == ReferenceManifest.Kind.DRIVER ? report.opaqueData().driverVersion().orElse(null)
                : MeasurementAppraisal.firmwareVersion(report, arch);
        String id = (kind == ReferenceManifest.Kind.DRIVER ? RimIds.driver(report, arch) : RimIds.vbios(report, arch))
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
                    .maxBytes(NvGpuVerifier.MAX_RIM_BYTES).build());
        } catch (CollateralUnavailableException e) {
            if (e.isRetryable()) {
                throw e;
            }
            throw new RimNotFoundException(id, uri.toString(), e.getMessage(), e);
        }
        LOG.debug("RIM {} from {} (cached: {})", id, fetched.location(), fetched.fromCache());
        byte[] body = fetched.body();
        BytesKey key = BytesKey.of(body);
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
    static final class LocalRim {
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
}
