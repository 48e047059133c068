package io.tee4j.nvgpu.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.tee4j.core.CollateralUnavailableException;
import io.tee4j.core.Evidence;
import io.tee4j.core.RevocationUnavailableException;
import io.tee4j.core.TeeType;
import io.tee4j.core.VerificationFailedException;
import io.tee4j.core.collateral.CollateralKind;
import io.tee4j.core.collateral.CollateralRequest;
import io.tee4j.core.collateral.CollateralSource;
import io.tee4j.core.collateral.FetchedCollateral;
import io.tee4j.nvgpu.validate.MeasurementResult;
import io.tee4j.nvgpu.validate.NvGpuPolicy;
import io.tee4j.nvgpu.verify.NvGpuVerifier;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;

/**
 * Issue 23, item 3: a GPU seen for the first time reuses the RIMs, OCSP verdicts and CA signatures
 * other GPUs' verifications established, and that reuse never lets through what a fresh verifier
 * would refuse. Every input a new GPU skips re-verifying while the caches are warm (both RIMs, the
 * OCSP answers for the shared device and RIM signing certificates, the shared device chain
 * certificates) is flipped by one bit and must still be refused by the same verifier instance.
 */
class FleetCollateralCacheTest {
    static final Instant NOW = Instant.parse("2026-01-15T10:00:00Z");
    static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    static final NvGpuSimulator SIM = NvGpuSimulator.builder().clock(CLOCK).build();
    static final NvGpuSimulator SECOND = SIM.anotherGpu();
    static final NvGpuSimulator THIRD = SIM.anotherGpu();
    static final byte[] NONCE = new byte[32];
    static final NvGpuPolicy POLICY = NvGpuPolicy.builder().expectedNonce(NONCE).build();

    /**
     * A caller's collateral store: RIMs by URL and OCSP answers by certificate (the request nonce left
     * out of the key), served as cached copies, as a sidecar or an offline store would; {@link #change}
     * rewrites what it serves.
     */
    static final class Store implements CollateralSource {
        final Map<String, FetchedCollateral> kept = new ConcurrentHashMap<>();
        volatile BiFunction<CollateralRequest, byte[], byte[]> change;

        @Override
        public FetchedCollateral fetch(CollateralRequest request) throws CollateralUnavailableException {
            String key = key(request);
            FetchedCollateral f = kept.get(key);
            if (f == null) {
                f = fromSimulators(request);
                kept.put(key, f);
            }
            BiFunction<CollateralRequest, byte[], byte[]> c = change;
            return c == null ? f : new FetchedCollateral(c.apply(request, f.body()), f.headers(), f.location(),
                    f.fetchedAt(), null, true);
        }

        private static FetchedCollateral fromSimulators(CollateralRequest request)
                throws CollateralUnavailableException {
            CollateralUnavailableException last = null;
            for (NvGpuSimulator s : List.of(SIM, SECOND, THIRD)) {
                try {
                    return s.collateralSource().fetch(request).asCached();
                } catch (CollateralUnavailableException e) {
                    last = e;
                }
            }
            throw last;
        }

        static String key(CollateralRequest request) {
            String k = request.cacheKey();
            return request.kind() == CollateralKind.OCSP_RESPONSE ? k.substring(0, k.lastIndexOf(':')) : k;
        }
    }

    private static NvGpuVerifier fleetVerifier(Store store) {
        // One GPU's own state only: every other GPU is seen for the first time.
        return SIM.verifier().collateralSource(store).cacheSize(1).build();
    }

    private static Evidence evidence(NvGpuSimulator gpu) {
        return gpu.evidence(NONCE);
    }

    private static byte[] flipLast(byte[] b) {
        byte[] c = b.clone();
        c[c.length - 1] ^= 1;
        return c;
    }

    /** The RIM service answer with one bit of the RIM's signature value flipped (a letter's case: still base64). */
    private static byte[] flipRimSignature(byte[] json) {
        String s = new String(json, StandardCharsets.UTF_8);
        int from = s.indexOf("\"rim\":\"") + 7;
        String b64 = s.substring(from, s.indexOf('"', from));
        byte[] xml = Base64.getDecoder().decode(b64);
        String x = new String(xml, StandardCharsets.UTF_8);
        int i = x.indexOf("SignatureValue>") + "SignatureValue>".length();
        while (!Character.isLetter(x.charAt(i))) {
            i++;
        }
        xml[i] ^= 0x20;
        return (s.substring(0, from) + Base64.getEncoder().encodeToString(xml) + s.substring(from + b64.length()))
                .getBytes(StandardCharsets.UTF_8);
    }

    /** Evidence of {@code gpu} with one bit of its chain certificate {@code index}'s signature flipped. */
    private static Evidence withFlippedCertificate(NvGpuSimulator gpu, int index) throws Exception {
        Evidence e = evidence(gpu);
        Evidence.Builder b = Evidence.builder(TeeType.NVIDIA_GPU, e.raw()).nonce(NONCE);
        List<X509Certificate> chain = gpu.deviceChain();
        for (int i = 0; i < chain.size(); i++) {
            byte[] der = chain.get(i).getEncoded();
            b.addCertificate(i == index ? flipLast(der) : der);
        }
        return b.build();
    }

    @Test
    void newGpusUnderVerifiedCollateralVerifyAsAFreshVerifierWould() throws Exception {
        Store store = new Store();
        NvGpuVerifier v = fleetVerifier(store);
        for (NvGpuSimulator gpu : List.of(SIM, SECOND, THIRD, SIM, SECOND)) {
            assertEquals(MeasurementResult.SUCCESS, v.verify(evidence(gpu), POLICY).measurementResult());
            assertEquals(MeasurementResult.SUCCESS, fleetVerifier(store).verify(evidence(gpu), POLICY)
                    .measurementResult());
        }
    }

    @Test
    void aOneBitFlipOfEveryReusedInputIsRefusedWhileTheCachesAreWarm() throws Exception {
        Map<String, BiFunction<CollateralRequest, byte[], byte[]>> flips = new LinkedHashMap<>();
        flips.put("driver RIM", (r, body) -> r.uri().toString().contains("DRIVER") ? flipRimSignature(body) : body);
        flips.put("VBIOS RIM", (r, body) -> r.uri().toString().contains("VBIOS") ? flipRimSignature(body) : body);
        List<X509Certificate> shared = List.of(SIM.deviceChain().get(2), SIM.deviceChain().get(3),
                SIM.rimSigningChain().get(0), SIM.rimSigningChain().get(1));
        for (X509Certificate c : shared) {
            String serial = ":" + c.getSerialNumber().toString(16) + ":";
            flips.put("OCSP answer for " + c.getSubjectX500Principal().getName(),
                    (r, body) -> r.cacheKey().contains(serial) ? flipLast(body) : body);
        }
        Store store = new Store();
        NvGpuVerifier v = fleetVerifier(store);
        List<String> refused = new ArrayList<>();
        for (Map.Entry<String, BiFunction<CollateralRequest, byte[], byte[]>> f : flips.entrySet()) {
            store.change = null;
            v.verify(evidence(SIM), POLICY);
            store.change = f.getValue();
            VerificationFailedException e = assertThrows(VerificationFailedException.class,
                    () -> v.verify(evidence(SECOND), POLICY), f.getKey());
            refused.add(f.getKey() + " " + e.reason());
        }
        store.change = null;
        // BROM, Provisioner ICA and Identity; a root that comes with the evidence is replaced by the
        // anchor of the same name and key (as nvtrust does), so its own bytes are never relied on.
        for (int index = 1; index < 4; index++) {
            v.verify(evidence(SIM), POLICY);
            Evidence flipped = withFlippedCertificate(SECOND, index);
            VerificationFailedException e = assertThrows(VerificationFailedException.class,
                    () -> v.verify(flipped, POLICY), "device certificate " + index);
            assertEquals(VerificationFailedException.Reason.CERTIFICATE_CHAIN, e.reason());
            refused.add("device certificate " + index);
        }
        assertEquals(flips.size() + 3, refused.size(), refused.toString());
        assertEquals(MeasurementResult.SUCCESS, v.verify(evidence(THIRD), POLICY).measurementResult());
    }

    @Test
    void aCachedOcspVerdictIsNotServedOutsideItsAnswersWindow() throws Exception {
        Store store = new Store();
        NvGpuVerifier v = fleetVerifier(store);
        v.verify(evidence(SIM), POLICY);
        v.verify(evidence(SECOND), POLICY);
        // The simulated answers hold from NOW - 60 s (thisUpdate) to NOW + 1 h (nextUpdate).
        assertThrows(RevocationUnavailableException.class,
                () -> v.verify(evidence(SIM), POLICY, NOW.plus(Duration.ofHours(1))));
        assertThrows(RevocationUnavailableException.class,
                () -> v.verify(evidence(SECOND), POLICY, NOW.minus(Duration.ofMinutes(10))));
        assertEquals(MeasurementResult.SUCCESS, v.verify(evidence(THIRD), POLICY).measurementResult());
    }

    @Test
    void verifiersWithDifferentTrustAnchorsShareNoVerdict() throws Exception {
        NvGpuSimulator other = NvGpuSimulator.builder().clock(CLOCK).build();
        Store store = new Store();
        fleetVerifier(store).verify(evidence(SIM), POLICY);
        NvGpuVerifier otherDevices = SIM.verifier().collateralSource(store).cacheSize(1)
                .deviceTrustAnchors(other.deviceTrustAnchors()).build();
        assertEquals(VerificationFailedException.Reason.CERTIFICATE_CHAIN, assertThrows(
                VerificationFailedException.class, () -> otherDevices.verify(evidence(SECOND), POLICY)).reason());
        NvGpuVerifier otherRims = SIM.verifier().collateralSource(store).cacheSize(1)
                .rimTrustAnchors(other.rimTrustAnchors()).build();
        assertThrows(VerificationFailedException.class, () -> otherRims.verify(evidence(SECOND), POLICY));
    }
}
