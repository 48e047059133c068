package io.tee4j.measure.cca;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.fasterxml.jackson.databind.JsonNode;
import io.tee4j.measure.MeasurementInputException;
import io.tee4j.measure.Vectors;
import io.tee4j.measure.internal.Digests;
import io.tee4j.measure.internal.Le;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** CCA RIM: expected.json cca_rim (SHA-256) and the same tool test's SHA-512 value; descriptor layouts by hand. */
class RealmInitialMeasurementTest {
    /** veraison/cca-realm-measurements src/realm_config.rs test_rim, SHA-512 (see PROVENANCE.md). */
    private static final int[] SHA512_RIM = {121, 158, 67, 64, 72, 251, 87, 235, 157, 79, 14, 42, 43, 152, 21, 135, 32,
        55, 114, 82, 222, 171, 43, 223, 205, 105, 181, 168, 248, 34, 55, 244, 52, 189, 107, 177, 199, 91, 241, 96, 162,
        212, 147, 130, 247, 51, 179, 67, 154, 63, 247, 105, 228, 234, 93, 217, 166, 247, 34, 57, 212, 75, 187, 171};

    private static RealmParams params(RimHashAlgorithm alg) throws MeasurementInputException {
        return RealmParams.of(48, 2, 2, 0, -1, false, alg);
    }

    @Test
    void realmCreateSha256MatchesTheTool() throws Exception {
        JsonNode c = Vectors.byId("cca_rim", "cca-realm-create-sha256");
        RealmInitialMeasurement rim = RealmInitialMeasurement.create(params(RimHashAlgorithm.SHA256));
        assertEquals(c.get("expected_rim_64B").asText(), Vectors.hex(rim.rim64()));
        assertEquals(c.get("expected_rim_64B").asText().substring(0, 64), Vectors.hex(rim.rim()));
    }

    @Test
    void realmCreateSha512MatchesTheTool() throws Exception {
        byte[] expected = new byte[64];
        for (int i = 0; i < 64; i++) {
            expected[i] = (byte) SHA512_RIM[i];
        }
        assertArrayEquals(expected, RealmInitialMeasurement.create(params(RimHashAlgorithm.SHA512)).rim());
    }

    @Test
    void measuredFieldsSitWhereTheSpecSays() throws Exception {
        byte[] p = RealmParams.of(40, 6, 4, 512, 8, true, RimHashAlgorithm.SHA512).encode();
        assertEquals(7, Le.u64(p, 0));
        assertEquals(40, p[0x08]);
        assertEquals(3, p[0x10]);
        assertEquals(5, p[0x18]);
        assertEquals(3, p[0x20]);
        assertEquals(8, p[0x28]);
        assertEquals(1, p[0x30]);
    }

    @Test
    void dataRipasAndRecDescriptorsChainAsWrittenByHand() throws Exception {
        RealmParams rp = params(RimHashAlgorithm.SHA256);
        byte[] blob = new byte[5000];
        Arrays.fill(blob, (byte) 0x5A);
        RealmInitialMeasurement m = RealmInitialMeasurement.create(rp).initRipas(0x80000000L, 0x80400000L)
                .addData(0x80000800L, blob).addRec(0x80000000L, new long[] {0x80200000L}).addUnmeasuredData(0x80300000L, 1);

        byte[] rim = sha256(rp.encode());
        rim = sha256(ripas(rim, 0x80000000L, 0x80200000L));
        rim = sha256(ripas(rim, 0x80200000L, 0x80400000L));
        byte[] g0 = new byte[4096];
        Arrays.fill(g0, 0x800, 4096, (byte) 0x5A);
        byte[] g1 = new byte[4096];
        Arrays.fill(g1, 0, 5000 - 0x800, (byte) 0x5A);
        rim = sha256(data(rim, 0x80000000L, 1, sha256(g0)));
        rim = sha256(data(rim, 0x80001000L, 1, sha256(g1)));
        byte[] rec = new byte[4096];
        Le.putU64(rec, 0, 1);
        Le.putU64(rec, 0x200, 0x80000000L);
        Le.putU64(rec, 0x300, 0x80200000L);
        byte[] d = header(1, rim);
        System.arraycopy(sha256(rec), 0, d, 0x50, 64);
        rim = sha256(d);
        rim = sha256(data(rim, 0x80300000L, 0, new byte[64]));
        assertArrayEquals(rim, m.rim64());
    }

    @Test
    void blockSizesFollowTheIpaWidth() {
        assertEquals(0x8040201000L, RttBlockSizes.forIpaBits(48));
        assertEquals(0x0040201000L, RttBlockSizes.forIpaBits(43));
        assertEquals(0x0000201000L, RttBlockSizes.forIpaBits(34));
        assertEquals(0x0000001000L, RttBlockSizes.forIpaBits(25));
        assertEquals(0x200000L, RttBlockSizes.largestBlock(0x400000, 0x800000, 0x40201000L));
        assertEquals(0x1000L, RttBlockSizes.largestBlock(0x400000, 0x500000, 0x40201000L));
        assertEquals(0x40000000L, RttBlockSizes.largestBlock(0, 0x40000000L, 0x40201000L));
        assertEquals(0x1000L, RttBlockSizes.largestBlock(0x80001000L, 0x80200000L, 0x40201000L));
    }

    @Test
    void outOfRangeInputsAreRefused() throws Exception {
        assertThrows(MeasurementInputException.class, () -> RealmParams.of(53, 2, 2, 0, -1, false, RimHashAlgorithm.SHA256));
        assertThrows(MeasurementInputException.class, () -> RealmParams.of(48, 1, 2, 0, -1, false, RimHashAlgorithm.SHA256));
        assertThrows(MeasurementInputException.class, () -> RealmParams.of(48, 2, 2, 100, -1, false, RimHashAlgorithm.SHA256));
        assertThrows(MeasurementInputException.class, () -> RealmParams.of(48, 2, 2, 0, 32, false, RimHashAlgorithm.SHA256));
        RealmInitialMeasurement m = RealmInitialMeasurement.create(params(RimHashAlgorithm.SHA256));
        assertThrows(MeasurementInputException.class, () -> m.initRipas(0x1000, 0x1000));
        assertThrows(MeasurementInputException.class, () -> m.initRipas(0x1800, 0x4000));
        assertThrows(MeasurementInputException.class, () -> m.addData(1L << 52, new byte[1]));
        assertThrows(MeasurementInputException.class, () -> m.addRec(0, new long[9]));
        // One hash per granule: 2^48 unmeasured bytes would be 2^36 hashes, so a size past 1 GiB is
        // refused at once rather than run for hours (the CLI's --unmeasured and manifests reach here).
        assertTimeoutPreemptively(java.time.Duration.ofSeconds(5), () -> assertThrows(MeasurementInputException.class,
                () -> m.addUnmeasuredData(0x80000000L, 1L << 48)));
        assertThrows(MeasurementInputException.class, () -> m.addUnmeasuredData(0x80000000L, -1));
    }

    private static byte[] sha256(byte[] b) {
        return Arrays.copyOf(Digests.sha256(b), 64);
    }

    private static byte[] header(int type, byte[] rim) {
        byte[] d = new byte[256];
        d[0] = (byte) type;
        Le.putU64(d, 8, 256);
        System.arraycopy(rim, 0, d, 16, 64);
        return d;
    }

    private static byte[] ripas(byte[] rim, long base, long top) {
        byte[] d = header(2, rim);
        Le.putU64(d, 80, base);
        Le.putU64(d, 88, top);
        return d;
    }

    private static byte[] data(byte[] rim, long ipa, long flags, byte[] content) {
        byte[] d = header(0, rim);
        Le.putU64(d, 80, ipa);
        Le.putU64(d, 88, flags);
        System.arraycopy(content, 0, d, 96, 64);
        return d;
    }
}
