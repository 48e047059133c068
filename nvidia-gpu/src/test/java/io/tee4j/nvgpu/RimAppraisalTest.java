package io.tee4j.nvgpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tee4j.core.CollateralUnavailableException;
import io.tee4j.core.VerificationFailedException;
import io.tee4j.core.collateral.CollateralRequest;
import io.tee4j.core.collateral.FetchedCollateral;
import io.tee4j.nvgpu.collateral.RimNotFoundException;
import io.tee4j.nvgpu.validate.MeasurementMismatchException;
import io.tee4j.nvgpu.validate.NvGpuPolicy;
import io.tee4j.nvgpu.verify.NvGpuVerifier;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RimAppraisalTest {
    static final NvGpuPolicy POLICY = NvGpuPolicy.builder().expectedNonce(Vectors.REPORT_NONCE).build();

    @Test
    void sampleRimsDoNotMatchTheSampleReport() {
        NvGpuVerifier v = NvGpuVerifierTest.offline()
                .addRim(Vectors.bytes(ReferenceManifestTest.DRIVER_TEST))
                .addRim(Vectors.bytes(ReferenceManifestTest.VBIOS_TEST))
                .build();
        MeasurementMismatchException e = assertThrows(MeasurementMismatchException.class,
                () -> v.verify(NvGpuVerifierTest.evidence(Vectors.report(), Vectors.chain()), POLICY));
        assertEquals(List.of(1, 2, 3, 7, 9, 11, 21, 22, 25, 26, 27, 29, 30, 31, 32, 34, 36, 37, 39, 40),
                e.mismatchedIndices());
        assertTrue(e.violations().stream().anyMatch(s -> s.contains("driver RIM describes version 545.00")),
                e.violations().toString());
        assertTrue(e.violations().stream().anyMatch(s -> s.contains("VBIOS RIM describes version 96.00.5E.00.01")),
                e.violations().toString());
    }

    @Test
    void rimsAreFetchedByIdFromTheConfiguredService() {
        List<String> asked = new ArrayList<>();
        NvGpuVerifier v = NvGpuVerifierTest.offline()
                .rimService(java.net.URI.create("https://rim.example/v1/rim"))
                .collateralSource(request -> {
                    asked.add(request.uri() + " " + request.kind());
                    String id = request.uri().getPath().substring("/v1/rim/".length());
                    String file = id.startsWith("NV_GPU_DRIVER") ? ReferenceManifestTest.DRIVER_TEST
                            : ReferenceManifestTest.VBIOS_TEST;
                    String json = "{\"id\":\"" + id + "\",\"rim\":\""
                            + Base64.getEncoder().encodeToString(Vectors.bytes(file)) + "\",\"sha256\":\"x\"}";
                    return new FetchedCollateral(json.getBytes(StandardCharsets.UTF_8), Map.of(), request.uri().toString(),
                            Instant.EPOCH, null, false);
                })
                .build();
        assertThrows(MeasurementMismatchException.class,
                () -> v.verify(NvGpuVerifierTest.evidence(Vectors.report(), Vectors.chain()), POLICY));
        assertEquals(List.of("https://rim.example/v1/rim/NV_GPU_DRIVER_GH100_550.90.07 IMMUTABLE_DOCUMENT",
                "https://rim.example/v1/rim/NV_GPU_VBIOS_1010_0200_882_96009F0001 IMMUTABLE_DOCUMENT"), asked);
    }

    @Test
    void notFoundIsDistinctFromABadSignature() {
        NvGpuVerifier missing = NvGpuVerifierTest.offline().collateralSource(request -> {
            throw new CollateralUnavailableException("HTTP 404", request.uri().toString(), false);
        }).build();
        RimNotFoundException nf = assertThrows(RimNotFoundException.class,
                () -> missing.verify(NvGpuVerifierTest.evidence(Vectors.report(), Vectors.chain()), POLICY));
        assertEquals("NV_GPU_DRIVER_GH100_550.90.07", nf.rimId());

        String xml = new String(Vectors.bytes(ReferenceManifestTest.DRIVER_TEST), StandardCharsets.UTF_8);
        int i = xml.indexOf("<ds:SignatureValue>") + 19;
        String bad = xml.substring(0, i) + (xml.charAt(i) == 'A' ? 'B' : 'A') + xml.substring(i + 1);
        NvGpuVerifier tampered = NvGpuVerifierTest.offline()
                .collateralSource((CollateralRequest request) -> new FetchedCollateral(
                        bad.getBytes(StandardCharsets.UTF_8), Map.of(), "x", Instant.EPOCH, null, false))
                .build();
        assertThrows(VerificationFailedException.class,
                () -> tampered.verify(NvGpuVerifierTest.evidence(Vectors.report(), Vectors.chain()), POLICY));
    }

    @Test
    void retryableFailureStaysRetryable() {
        NvGpuVerifier v = NvGpuVerifierTest.offline().collateralSource(request -> {
            throw new CollateralUnavailableException("timeout", request.uri().toString(), true);
        }).build();
        CollateralUnavailableException e = assertThrows(CollateralUnavailableException.class,
                () -> v.verify(NvGpuVerifierTest.evidence(Vectors.report(), Vectors.chain()), POLICY));
        assertTrue(e.isRetryable());
        assertTrue(!(e instanceof RimNotFoundException));
    }
}
