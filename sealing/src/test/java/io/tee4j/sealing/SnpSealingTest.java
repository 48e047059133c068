package io.tee4j.sealing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tee4j.core.FailureClass;
import io.tee4j.core.keys.KeyBinding;
import io.tee4j.snp.AttestationReport;
import io.tee4j.snp.ProductLine;
import io.tee4j.snp.SnpSealingKeySource;
import io.tee4j.snp.simulator.SimulatedAmdChain;
import io.tee4j.snp.simulator.SimulatedSnpFirmware;
import io.tee4j.snp.simulator.SimulatedSnpSigner;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Sealing through the SEV-SNP key source ({@code MSG_KEY_REQ}) on the SNP simulator's fake
 * firmware, which enforces the firmware's rules (VMPL not below the guest's, guest SVN and TCB not
 * above the launch/committed ones) and mixes the selected report fields into the key.
 */
class SnpSealingTest {
    private static final byte[] CHIP = new byte[32];
    private static final byte[] VM = new byte[32];
    private static final byte[] AAD = "snp".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] PLAIN = "sealed on an SNP guest".getBytes(StandardCharsets.US_ASCII);
    private static final long TCB = 0xdb18000000000004L;
    /** The same platform after a firmware update: microcode, SNP and boot-loader SPLs up by one. */
    private static final long TCB_UPDATED = 0xdc19000000000005L;
    private static SimulatedSnpSigner signer;

    static {
        CHIP[0] = 0x11;
        VM[0] = 0x22;
    }

    @BeforeAll
    static void chain() {
        signer = SimulatedSnpSigner.vcek(SimulatedAmdChain.generate(ProductLine.GENOA));
    }

    private static byte[] measurement(int b) {
        byte[] m = new byte[48];
        m[0] = (byte) b;
        return m;
    }

    private static Consumer<SimulatedSnpSigner.ReportBuilder> guest(byte[] measurement, long svn, long tcb, long policy) {
        return r -> r.measurement(measurement).guestSvn(svn).committedTcb(tcb).currentTcb(tcb).policy(policy);
    }

    private static SnpSealingKeySource vmrk(Consumer<SimulatedSnpSigner.ReportBuilder> guest, long vmpl) {
        SimulatedSnpFirmware fw = SimulatedSnpFirmware.of(signer, guest, 0, CHIP, VM);
        return SnpSealingKeySource.vmrkRooted(fw, () -> AttestationReport.parse(fw.report(new byte[64], vmpl)), vmpl)
                .asSimulated();
    }

    private static SnpSealingKeySource vcek(Consumer<SimulatedSnpSigner.ReportBuilder> guest) {
        SimulatedSnpFirmware fw = SimulatedSnpFirmware.of(signer, guest, 0, CHIP, VM);
        return SnpSealingKeySource.vcekRooted(fw, () -> AttestationReport.parse(fw.report(new byte[64], 0)), 0)
                .asSimulated();
    }

    private static Sealer sealer(SnpSealingKeySource src, KeyBinding... bindings) throws SealingException {
        return Sealer.builder().keySource(src).policy(SealingPolicy.forSource(src).bind(bindings).build())
                .allowSimulatedKeySource().build();
    }

    private static Consumer<SimulatedSnpSigner.ReportBuilder> standard() {
        return guest(measurement(1), 3, TCB, 0x30000L);
    }

    @Test
    void roundTripWithVmrk() throws Exception {
        Sealer s = sealer(vmrk(standard(), 0), KeyBinding.MEASUREMENT, KeyBinding.GUEST_SVN, KeyBinding.TCB_VERSION);
        byte[] sealed = s.seal(PLAIN, AAD);
        SealedDataInfo info = SealedDataInfo.parse(sealed);
        assertEquals("sev-snp/vmrk", info.keySourceId());
        assertEquals(3L, info.versions().get(SnpSealingKeySource.GUEST_SVN).getAsLong());
        assertEquals(TCB, info.versions().get(SnpSealingKeySource.TCB_VERSION).getAsLong());
        assertTrue(info.bindings().contains(KeyBinding.POLICY) && info.bindings().contains(KeyBinding.PRIVILEGE_LEVEL));
        assertArrayEquals(PLAIN, s.unseal(sealed, AAD));
        // A fresh sealer on the same guest (a restart of the workload, same VM) opens it.
        assertArrayEquals(PLAIN, sealer(vmrk(standard(), 0), KeyBinding.MEASUREMENT, KeyBinding.GUEST_SVN,
                KeyBinding.TCB_VERSION).unseal(sealed, AAD));
        // Streams too.
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (SealingOutputStream o = s.newSealingStream(out, AAD)) {
            o.write(new byte[100_000]);
        }
        ByteArrayOutputStream back = new ByteArrayOutputStream();
        s.unsealStream(new ByteArrayInputStream(out.toByteArray()), back, AAD);
        assertArrayEquals(new byte[100_000], back.toByteArray());
    }

    @Test
    void simulatedSnpSourceNeedsToBeChosenByName() throws Exception {
        SnpSealingKeySource src = vmrk(standard(), 0);
        SealingPolicy p = SealingPolicy.forSource(src).build();
        assertThrows(SealingPolicyException.class, () -> Sealer.builder().keySource(src).policy(p).build());
    }

    @Test
    void vcekRootNeedsTheMeasurement() throws Exception {
        SnpSealingKeySource src = vcek(standard());
        assertEquals("sev-snp/vcek", src.id());
        SealingPolicyException e = assertThrows(SealingPolicyException.class,
                () -> SealingPolicy.forSource(src).bind(KeyBinding.IMAGE_ID, KeyBinding.FAMILY_ID).build());
        assertEquals(FailureClass.POLICY_VIOLATION, e.failureClass());
        Sealer s = sealer(src, KeyBinding.MEASUREMENT);
        byte[] sealed = s.seal(PLAIN, AAD);
        assertArrayEquals(PLAIN, s.unseal(sealed, AAD));
        // Another image on the same chip derives another key.
        Sealer other = sealer(vcek(guest(measurement(2), 3, TCB, 0x30000L)), KeyBinding.MEASUREMENT);
        assertThrows(SealedDataAuthenticationException.class, () -> other.unseal(sealed, AAD));
    }

    @Test
    void otherMeasurementOrDebugPolicyCannotUnseal() throws Exception {
        byte[] sealed = sealer(vmrk(standard(), 0), KeyBinding.MEASUREMENT).seal(PLAIN, AAD);
        Sealer otherImage = sealer(vmrk(guest(measurement(2), 3, TCB, 0x30000L), 0), KeyBinding.MEASUREMENT);
        assertThrows(SealedDataAuthenticationException.class, () -> otherImage.unseal(sealed, AAD));
        Sealer debug = sealer(vmrk(guest(measurement(1), 3, TCB, 0x30000L | 1L << 19), 0), KeyBinding.MEASUREMENT);
        assertThrows(SealedDataAuthenticationException.class, () -> debug.unseal(sealed, AAD));
    }

    @Test
    void otherVmplCannotUnseal() throws Exception {
        byte[] sealed = sealer(vmrk(standard(), 0), KeyBinding.MEASUREMENT).seal(PLAIN, AAD);
        for (int vmpl = 1; vmpl <= 3; vmpl++) {
            Sealer less = sealer(vmrk(standard(), vmpl), KeyBinding.MEASUREMENT);
            assertThrows(SealedDataAuthenticationException.class, () -> less.unseal(sealed, AAD), "VMPL " + vmpl);
        }
    }

    @Test
    void otherBindingCannotUnseal() throws Exception {
        byte[] sealed = sealer(vmrk(standard(), 0), KeyBinding.MEASUREMENT).seal(PLAIN, AAD);
        Sealer wider = sealer(vmrk(standard(), 0), KeyBinding.MEASUREMENT, KeyBinding.IMAGE_ID);
        assertThrows(SealingPolicyException.class, () -> wider.unseal(sealed, AAD));
    }

    @Test
    void olderTcbOpensAfterAFirmwareUpdateAndNewerIsRefused() throws Exception {
        KeyBinding[] bind = {KeyBinding.MEASUREMENT, KeyBinding.TCB_VERSION, KeyBinding.GUEST_SVN};
        Sealer before = sealer(vmrk(standard(), 0), bind);
        byte[] sealed = before.seal(PLAIN, AAD);
        Sealer after = sealer(vmrk(guest(measurement(1), 4, TCB_UPDATED, 0x30000L), 0), bind);
        assertTrue(after.needsReseal(sealed));
        assertArrayEquals(PLAIN, after.unseal(sealed, AAD), "sealed at the older TCB and SVN, opened after the update");
        byte[] resealed = after.reseal(sealed, AAD);
        assertFalse(after.needsReseal(resealed));
        assertEquals(TCB_UPDATED, SealedDataInfo.parse(resealed).versions()
                .get(SnpSealingKeySource.TCB_VERSION).getAsLong());
        assertArrayEquals(PLAIN, after.unseal(resealed, AAD));
        // Rolled back to the old firmware: the blob sealed at the newer TCB is refused.
        assertThrows(SealingPolicyException.class, () -> before.unseal(resealed, AAD));
        assertThrows(SealingPolicyException.class, () -> before.needsReseal(resealed));
    }

    @Test
    void everyHeaderByteOfAnSnpBlobIsAuthenticated() throws Exception {
        Sealer s = sealer(vmrk(standard(), 0), KeyBinding.MEASUREMENT, KeyBinding.TCB_VERSION);
        byte[] sealed = s.seal(PLAIN, AAD);
        int headerLength = sealed.length - PLAIN.length - 16;
        for (int i = 0; i < sealed.length; i++) {
            byte[] bad = sealed.clone();
            bad[i] ^= 0x01;
            try {
                s.unseal(bad, AAD);
                throw new AssertionError("byte " + i + " (header " + (i < headerLength) + ") accepted");
            } catch (SealingException expected) {
                // typed
            }
        }
    }
}
