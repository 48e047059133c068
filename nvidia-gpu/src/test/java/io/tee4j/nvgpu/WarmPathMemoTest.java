package io.tee4j.nvgpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tee4j.core.AttestationException;
import io.tee4j.core.Evidence;
import io.tee4j.core.MalformedEvidenceException;
import io.tee4j.core.TeeType;
import io.tee4j.core.VerificationFailedException;
import io.tee4j.nvgpu.abi.DeviceArchitecture;
import io.tee4j.nvgpu.abi.SpdmMeasurementReport;
import io.tee4j.nvgpu.validate.NvGpuPolicy;
import io.tee4j.nvgpu.verify.NvGpuVerifier;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The warm path's memo of the device certificates' names ({@link DeviceArchitecture#detect}, keyed by each
 * certificate's exact DER bytes) never lets a changed certificate through: on a verifier that has verified
 * the real H100 report and chain, a one-bit flip in any byte of the FMC leaf or the BROM certificate (the two
 * whose names are memoised) is still rejected. The normal run flips every byte of the chip names and every 11th
 * byte elsewhere (each flip costs a cold chain validation); {@code -Dtee4j.test.everyByte=true} flips every byte.
 */
class WarmPathMemoTest {
    private static final NvGpuPolicy LAX = NvGpuPolicy.builder().allowUnappraisedMeasurements(true).build();

    private static Evidence evidence(byte[] report, List<byte[]> ders) {
        Evidence.Builder b = Evidence.builder(TeeType.NVIDIA_GPU, report);
        ders.forEach(b::addCertificate);
        return b.build();
    }

    @Test
    void aOneBitFlipOfTheLeafOrBromIsRejectedOnAWarmVerifier() throws Exception {
        byte[] report = Vectors.report();
        List<byte[]> ders = new ArrayList<>();
        for (X509Certificate c : Vectors.chain()) {
            ders.add(Vectors.der(c));
        }
        NvGpuVerifier warm = NvGpuVerifierTest.offline().build();
        warm.verify(evidence(report, ders), LAX);
        warm.verify(evidence(report, ders), LAX);
        for (int cert = 0; cert < 2; cert++) {
            byte[] der = ders.get(cert);
            int accepted = 0;
            boolean[] names = chipNameBytes(der);
            boolean everyByte = Boolean.getBoolean("tee4j.test.everyByte");
            assertTrue(new String(der, java.nio.charset.StandardCharsets.ISO_8859_1).contains("GH100"), "cert " + cert);
            for (int i = 0; i < der.length; i++) {
                if (!everyByte && !names[i] && i % 11 != 0) {
                    continue;
                }
                // the bit rotating with the position
                List<byte[]> flipped = new ArrayList<>(ders);
                byte[] m = der.clone();
                m[i] ^= (byte) (1 << (i % 8));
                flipped.set(cert, m);
                try {
                    warm.verify(evidence(report, flipped), LAX);
                    accepted++;
                } catch (MalformedEvidenceException | VerificationFailedException expected) {
                    // rejected, as a cold verifier rejects it
                } catch (AttestationException other) {
                    throw new AssertionError("certificate " + cert + " byte " + i + ": " + other, other);
                }
            }
            assertEquals(0, accepted, "certificate " + cert);
        }
        // and the memo still answers for the genuine chain
        assertEquals(DeviceArchitecture.HOPPER,
                DeviceArchitecture.detect(SpdmMeasurementReport.parse(report), ders));
        warm.verify(evidence(report, ders), LAX);
    }

    /** The bytes of every "GH100" in a certificate (the chip name the memo answers for) and two on each side. */
    private static boolean[] chipNameBytes(byte[] der) {
        boolean[] in = new boolean[der.length];
        byte[] name = "GH100".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        for (int i = 0; i + name.length <= der.length; i++) {
            if (java.util.Arrays.equals(der, i, i + name.length, name, 0, name.length)) {
                for (int j = Math.max(0, i - 2); j < Math.min(der.length, i + name.length + 2); j++) {
                    in[j] = true;
                }
            }
        }
        return in;
    }
}
