package io.tee4j.measure.snp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.tee4j.measure.MeasurementInputException;
import io.tee4j.measure.Vectors;
import io.tee4j.measure.internal.Digests;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Debian bookworm's OVMF.fd (package {@code ovmf} 2022.11-6+deb12u2), when installed, against
 * values sev-snp-measure computed (see vectors/PROVENANCE.md); and a synthetic SVSM launch.
 * Skips when the file is absent or is another build.
 */
class RealFirmwareTest {
    static final Path DEBIAN_OVMF = Path.of("/usr/share/ovmf/OVMF.fd");
    static final String DEBIAN_SHA256 = "7b456907dd0786d415999e801a1ac4637b8ed4d7cf5378cfc6edbe5e574dd773";

    /** The Debian image, or a skipped test. */
    static byte[] debianOvmf() throws Exception {
        assumeTrue(Files.isRegularFile(DEBIAN_OVMF), "Debian's ovmf package is not installed");
        byte[] fw = Files.readAllBytes(DEBIAN_OVMF);
        assumeTrue(Vectors.hex(Digests.sha256(fw)).equals(DEBIAN_SHA256), "OVMF.fd is not the 2022.11-6+deb12u2 build");
        return fw;
    }

    @Test
    void debianOvmfMatchesSevSnpMeasure() throws Exception {
        OvmfImage fw = OvmfImage.parse(debianOvmf());
        assertEquals(5, fw.sections().size());
        assertEquals(0x0080B004L, fw.apResetEip());
        assertEquals("ba2c811512ef868474f239a21f7d7057d65a20de87a003c4f116e4fb1573183bfbcd75c3e99b2f558575a5d0094f73c6",
                Vectors.hex(SnpLaunchDigest.firmwareDigest(fw)));
        assertEquals("32ac9d7a17d28f7cd4404a4516d2f00519668c40ada2062351c36767e908eb3f090d66c33ab10f80150e00a4385b6d0f",
                snp(fw, 4, VcpuTypes.byName("EPYC-v4"), VmmType.QEMU, 1));
        assertEquals("179c6ad39ad318c8c8d18444634df7217b63695830f1cde0b2f01fe53d2cd2f4d39207f50bf659554e2f5ec4ee0f72b6",
                snp(fw, 1, VcpuTypes.byName("EPYC-Milan"), VmmType.QEMU, 0x21));
        assertEquals("0ac6e9cd302e3547fbcf5bffe97dc7e2e067a8037c2cf5c8e9dbabc3dbbd1797d809545674b6855d4d3be162dc00f578",
                snp(fw, 8, 0, VmmType.EC2, 1));
        assertEquals("54089cc1872606eb58e09c0c780095ec910d96faf61d0ddbc608539b6b3338fb109b89f3e3662ee6cdb74552629e86d5",
                snp(fw, 2, 0, VmmType.GCE, 1));
        assertEquals("e4b4746142b2df911ee18a0b0e71af077529f26f150b6b788e5135a1d7cf14f1", Vectors.hex(LegacySevDigest.seves(
                SnpLaunch.builder(fw).vcpus(2).vcpuSignature(VcpuTypes.byName("EPYC-Genoa")).build())));
        assertEquals(DEBIAN_SHA256, Vectors.hex(LegacySevDigest.sev(fw, null)));
        assertThrows(MeasurementInputException.class, () -> SnpLaunchDigest.compute(SnpLaunch.builder(fw)
                .hashes(SevHashesTable.of(new byte[0], null, null)).build()));
    }

    private static String snp(OvmfImage fw, int vcpus, long sig, VmmType vmm, long features) throws Exception {
        return Vectors.hex(SnpLaunchDigest.compute(SnpLaunch.builder(fw).vcpus(vcpus).vcpuSignature(sig).vmm(vmm)
                .guestFeatures(features).build()));
    }

    @Test
    void svsmLaunchMatchesSevSnpMeasure() throws Exception {
        OvmfImage ovmf = OvmfImage.parse(Vectors.bytes("sev-snp-measure/ovmf_AmdSev_suffix.bin"));
        byte[] svsm = Vectors.bytes("tee4j-derived/svsm-synthetic-16k.bin");
        long epycV4 = VcpuTypes.byName("EPYC-v4");
        assertEquals("567dbefaa47fd88e91821ada9a26d4cb9d77eabb7c13759635e944fe8d3d3e513826063972bff051305daa15d76d8c45",
                Vectors.hex(SvsmLaunchDigest.compute(ovmf, 540672, svsm, 1, epycV4)));
        assertEquals("92269cd28160575aa9b31c3144d101858eb8d87a3714fcaf3e9b37e709a0a245250369eb8fcc76582f69f9e40dfaba8e",
                Vectors.hex(SvsmLaunchDigest.compute(ovmf, 540672, svsm, 4, epycV4)));
        assertThrows(MeasurementInputException.class, () -> SvsmLaunchDigest.compute(ovmf, 540672, new byte[4096], 1, 0));
    }
}
