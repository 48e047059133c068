package io.tee4j.measure;

import io.tee4j.core.MalformedEvidenceException;
import io.tee4j.measure.snp.OvmfImage;
import io.tee4j.measure.snp.SevHashesTable;
import io.tee4j.measure.snp.SnpLaunch;
import io.tee4j.measure.snp.SnpLaunchDigest;
import io.tee4j.measure.tdx.CcEventLog;
import io.tee4j.measure.tdx.EventLogReplay;
import io.tee4j.measure.tdx.Mrtd;
import io.tee4j.measure.tdx.PageAddOrder;
import io.tee4j.measure.tdx.TdvfMetadata;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Seeded mutations of the real vectors (byte flips near the metadata, where the parsers read):
 * every outcome is a value or a checked error, never an unchecked exception.
 */
class ParserMutationTest {
    private static final int ROUNDS = 1500;

    private interface Parser {
        void run(byte[] input) throws Exception;
    }

    private static void mutate(byte[] seed, int regionStart, long randomSeed, Parser p) throws Exception {
        Random rnd = new Random(randomSeed);
        for (int i = 0; i < ROUNDS; i++) {
            byte[] b = seed.clone();
            for (int n = 1 + rnd.nextInt(4); n > 0; n--) {
                int at = regionStart + rnd.nextInt(b.length - regionStart);
                b[at] = rnd.nextInt(3) == 0 ? (byte) 0xFF : (byte) rnd.nextInt(256);
            }
            try {
                p.run(b);
            } catch (MalformedEvidenceException | MeasurementInputException expected) {
                // typed
            }
        }
    }

    @Test
    void ovmfSuffix() throws Exception {
        byte[] seed = Vectors.bytes("sev-snp-measure/ovmf_AmdSev_suffix.bin");
        mutate(seed, seed.length - 0x600, 1, b -> SnpLaunchDigest.compute(SnpLaunch.builder(OvmfImage.parse(b))
                .vcpus(2).hashes(SevHashesTable.of(new byte[0], null, null)).build()));
    }

    @Test
    void tdvf() throws Exception {
        byte[] seed = Vectors.bytes("synthetic-tdvf/synthetic-tdvf-64k.bin");
        mutate(seed, 0xE000, 2, b -> Mrtd.compute(TdvfMetadata.parse(b), PageAddOrder.TWO_PASS));
    }

    @Test
    void ccel() throws Exception {
        byte[] seed = java.util.Arrays.copyOf(Vectors.bytes("go-tdx-guest/ccel_data.dat"), 18200);
        mutate(seed, 0, 3, b -> EventLogReplay.replay(CcEventLog.parse(b), List.of()));
    }
}
