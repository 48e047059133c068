package io.tee4j.coco.testing;

import io.tee4j.core.Attester;
import io.tee4j.core.Evidence;
import io.tee4j.core.TeeType;
import io.tee4j.snp.abi.ProductLine;
import io.tee4j.snp.simulator.AzureSnpVtpmSimulator;
import io.tee4j.snp.simulator.SimulatedAmdChain;
import io.tee4j.snp.simulator.SimulatedSnpSigner;
import io.tee4j.tdx.simulator.TdxSimulator;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/**
 * A simulated Azure TDX confidential VM: the vTPM part of {@link AzureSnpVtpmSimulator} (its SNP chip
 * unused) around a TDREPORT built here and a TD quote from {@link TdxSimulator} describing the same TD
 * (REPORTDATA, MRTD, RTMR0-3, TDATTRIBUTES, XFAM), as the Azure host's quoting enclave would.
 */
final class AzureTdxVtpmPod {
    private static final long TD_ATTRIBUTES = 1L << 28;
    private static final long XFAM = 0x602e7L;
    private static final byte[] MRTD = filled(0x11, 48);

    private final TdxSimulator tdx;
    private final AzureSnpVtpmSimulator vm = new AzureSnpVtpmSimulator(
            SimulatedSnpSigner.vcek(SimulatedAmdChain.builder(ProductLine.MILAN).rsaBits(2048).build()));

    private final byte[] quotedMrTd;

    AzureTdxVtpmPod(TdxSimulator tdx) {
        this(tdx, MRTD);
    }

    /** A pod whose host quotes a TD with {@code quotedMrTd} (another TD than the TDREPORT's, unless MRTD). */
    AzureTdxVtpmPod(TdxSimulator tdx, byte[] quotedMrTd) {
        this.tdx = tdx;
        this.quotedMrTd = quotedMrTd.clone();
    }

    Attester attester() {
        return new Attester() {
            @Override
            public TeeType type() {
                return TeeType.AZURE_TDX_VTPM;
            }

            @Override
            public Evidence attest(byte[] nonce) {
                return Evidence.of(TeeType.AZURE_TDX_VTPM, vm.tdxEvidence(nonce, AzureTdxVtpmPod::tdReport, rd -> {
                    var q = tdx.quoteBuilder().reportData(rd).mrTd(quotedMrTd).tdAttributes(TD_ATTRIBUTES).xfam(XFAM);
                    for (int i = 0; i < 4; i++) {
                        q.rtmr(i, filled(0x20 + i, 48));
                    }
                    return q.build();
                }));
            }
        };
    }

    /** A TDREPORT (type 0x81) with zero TEE_TCB_INFO, this TD's TDINFO, and both hashes as the TDX module makes them. */
    static byte[] tdReport(byte[] reportData) {
        ByteBuffer b = ByteBuffer.allocate(1024).order(ByteOrder.LITTLE_ENDIAN);
        b.put(0, (byte) 0x81);
        b.put(0x80, reportData, 0, 64);
        b.putLong(0x200, TD_ATTRIBUTES).putLong(0x208, XFAM).put(0x210, MRTD);
        for (int i = 0; i < 4; i++) {
            b.put(0x2D0 + 48 * i, filled(0x20 + i, 48));
        }
        byte[] r = b.array();
        System.arraycopy(sha384(Arrays.copyOfRange(r, 0x100, 0x100 + 239)), 0, r, 0x20, 48);
        System.arraycopy(sha384(Arrays.copyOfRange(r, 0x200, 0x400)), 0, r, 0x50, 48);
        return r;
    }

    private static byte[] filled(int value, int length) {
        byte[] b = new byte[length];
        Arrays.fill(b, (byte) value);
        return b;
    }

    private static byte[] sha384(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-384").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
