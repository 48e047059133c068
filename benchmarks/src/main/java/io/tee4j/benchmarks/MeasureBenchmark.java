package io.tee4j.benchmarks;

import io.tee4j.core.MalformedEvidenceException;
import io.tee4j.measure.MeasurementInputException;
import io.tee4j.measure.snp.OvmfImage;
import io.tee4j.measure.snp.SnpLaunch;
import io.tee4j.measure.snp.SnpLaunchDigest;
import io.tee4j.measure.snp.VcpuTypes;
import io.tee4j.measure.tdx.Mrtd;
import io.tee4j.measure.tdx.PageAddOrder;
import io.tee4j.measure.tdx.TdvfMetadata;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Measured identity on a 2 MiB OVMF image: Debian's {@code /usr/share/ovmf/OVMF.fd} (package
 * {@code ovmf}, which carries SEV and TDX metadata) when installed, else a synthetic 2 MiB image
 * with the same shape (a 1.75 MiB measured BFV, SEV sections and an AP reset address).
 *
 * <ul>
 *   <li>{@code snpLaunchDigest}: SEV-SNP launch digest with 4 vCPUs (EPYC-v4): every firmware page
 *       hashed, the metadata pages and 4 VMSAs chained;
 *   <li>{@code tdxMrtdSinglePass}: MRTD of the same image (the BFV's bytes plus a 128-byte block per
 *       256 bytes, so about 1.5 times the BFV's size is hashed);
 *   <li>{@code sha384Floor}: one SHA-384 over the whole image in this JVM, the floor both share;
 *   <li>{@code sha384FloorBouncyCastle}: the same with Bouncy Castle's {@code SHA384Digest}.
 * </ul>
 * Compare with {@code openssl dgst -sha384} / {@code openssl speed -evp sha384 -bytes 2097152} over the
 * same bytes; the target is within 1.5 times that.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Threads(1)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class MeasureBenchmark {

    @State(Scope.Benchmark)
    public static class Firmware {
        @Param("/usr/share/ovmf/OVMF.fd")
        String path;

        byte[] image;
        SnpLaunch launch;
        TdvfMetadata tdvf;

        @Setup
        public void load() throws IOException, MalformedEvidenceException, MeasurementInputException {
            Path p = Path.of(path);
            image = Files.isRegularFile(p) ? Files.readAllBytes(p) : synthetic();
            launch = SnpLaunch.builder(OvmfImage.parse(image)).vcpus(4).vcpuSignature(VcpuTypes.byName("EPYC-v4"))
                    .build();
            tdvf = TdvfMetadata.parse(image);
        }
    }

    @Benchmark
    public byte[] snpLaunchDigest(Firmware f) throws MalformedEvidenceException, MeasurementInputException {
        return SnpLaunchDigest.compute(f.launch);
    }

    @Benchmark
    public byte[] tdxMrtdSinglePass(Firmware f) {
        return Mrtd.compute(f.tdvf, PageAddOrder.SINGLE_PASS);
    }

    @Benchmark
    public byte[] sha384Floor(Firmware f) throws NoSuchAlgorithmException {
        return MessageDigest.getInstance("SHA-384").digest(f.image);
    }

    /** The same hash with Bouncy Castle's pure-Java digest: the alternative tee4j-measure did not pick. */
    @Benchmark
    public byte[] sha384FloorBouncyCastle(Firmware f) {
        org.bouncycastle.crypto.digests.SHA384Digest d = new org.bouncycastle.crypto.digests.SHA384Digest();
        d.update(f.image, 0, f.image.length);
        byte[] out = new byte[48];
        d.doFinal(out, 0);
        return out;
    }

    /**
     * 2 MiB of pseudo-random bytes with an OVMF footer table (SEV-ES reset block, SEV metadata, TDX
     * metadata), an ASEV block of 4 sections and a TDVF descriptor: BFV 0x40000..0x200000 measured,
     * CFV 0..0x40000 page-added, TD_HOB and TempMem.
     */
    static byte[] synthetic() {
        int size = 2 << 20;
        byte[] img = new byte[size];
        new Random(18).nextBytes(img);
        ByteBuffer b = ByteBuffer.wrap(img).order(ByteOrder.LITTLE_ENDIAN);
        int asev = 0x3000;
        b.put(asev, (byte) 'A').put(asev + 1, (byte) 'S').put(asev + 2, (byte) 'E').put(asev + 3, (byte) 'V');
        b.putInt(asev + 4, 16 + 12 * 4).putInt(asev + 8, 1).putInt(asev + 12, 4);
        int[][] sev = {{0x800000, 0x9000, 1}, {0x809000, 0x1000, 2}, {0x80A000, 0x1000, 3}, {0x80B000, 0x5000, 1}};
        for (int i = 0; i < sev.length; i++) {
            b.putInt(asev + 16 + 12 * i, sev[i][0]).putInt(asev + 20 + 12 * i, sev[i][1]).putInt(asev + 24 + 12 * i, sev[i][2]);
        }
        int tdvf = 0x2000;
        b.put(tdvf, TdvfMetadata.DESCRIPTOR_GUID.stored());
        int d = tdvf + 16;
        b.put(d, (byte) 'T').put(d + 1, (byte) 'D').put(d + 2, (byte) 'V').put(d + 3, (byte) 'F');
        b.putInt(d + 4, 16 + 32 * 4).putInt(d + 8, 1).putInt(d + 12, 4);
        long[][] tdx = {{0x40000, 0x1C0000, 0xFFE40000L, 0x1C0000, 0, 1}, {0, 0x40000, 0xFFE00000L, 0x40000, 1, 0},
            {0, 0, 0x809000, 0x2000, 2, 0}, {0, 0, 0x800000, 0x9000, 3, 0}};
        for (int i = 0; i < tdx.length; i++) {
            int s = d + 16 + 32 * i;
            b.putInt(s, (int) tdx[i][0]).putInt(s + 4, (int) tdx[i][1]).putLong(s + 8, tdx[i][2]).putLong(s + 16, tdx[i][3])
                    .putInt(s + 24, (int) tdx[i][4]).putInt(s + 28, (int) tdx[i][5]);
        }
        byte[][] entries = {entry(OvmfImage.SEV_ES_RESET_BLOCK.stored(), 0x0080B004),
            entry(guid("dc886566-984a-4798-a75e-5585a7bf67cc"), size - asev), entry(guid("e47a6535-984a-4798-865e-4685a7bf8ec2"),
            size - d)};
        int end = size - 32 - 18;
        int at = end;
        for (byte[] e : entries) {
            at -= e.length;
            b.put(at, e);
        }
        b.putShort(end, (short) (end - at + 18)).put(end + 2, guid("96b582de-1fb2-45f7-baea-a366c55a082d"));
        return img;
    }

    private static byte[] entry(byte[] guid, int value) {
        ByteBuffer e = ByteBuffer.allocate(4 + 18).order(ByteOrder.LITTLE_ENDIAN);
        return e.putInt(value).putShort((short) 22).put(guid).array();
    }

    private static byte[] guid(String text) {
        return io.tee4j.measure.ovmf.Guid.parse(text).stored();
    }
}
