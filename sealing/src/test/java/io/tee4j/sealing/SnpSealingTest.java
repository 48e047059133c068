package io.tee4j.sealing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tee4j.core.FailureClass;
import io.tee4j.core.keys.KeyBinding;
import io.tee4j.snp.abi.AttestationReport;
import io.tee4j.snp.abi.ProductLine;
import io.tee4j.snp.client.SnpSealingKeySource;
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

    /**
     * Issue 25 item 4: any single-byte change of an SNP blob's header, in every bit, gives a typed
     * error (a guest SVN with its top bit set used to pass a signed compare and then throw
     * IllegalArgumentException out of unseal).
     */
    @Test
    void everyHeaderByteOfAnSnpBlobIsAuthenticated() throws Exception {
        Sealer s = sealer(vmrk(standard(), 0), KeyBinding.MEASUREMENT, KeyBinding.TCB_VERSION);
        byte[] sealed = s.seal(PLAIN, AAD);
        int headerLength = sealed.length - PLAIN.length - 16;
        for (int i = 0; i < sealed.length; i++) {
            int[] masks = i < headerLength ? new int[] {0x01, 0x02, 0x04, 0x08, 0x10, 0x20, 0x40, 0x80, 0xFF}
                    : new int[] {0x01};
            for (int mask : masks) {
                byte[] bad = sealed.clone();
                bad[i] ^= (byte) mask;
                try {
                    s.unseal(bad, AAD);
                    throw new AssertionError("byte " + i + " ^ " + mask + " (header " + (i < headerLength) + ") accepted");
                } catch (SealingException expected) {
                    // typed
                } catch (RuntimeException e) {
                    throw new AssertionError("byte " + i + " ^ " + mask + ": unchecked " + e, e);
                }
            }
        }
    }

    /**
     * Issue 25 item 3: the default policy binds the TCB version and guest SVN into the firmware key
     * (the SNP firmware mixes them in only when selected), so the key a rolled-back, older firmware
     * can derive does not open data sealed after the update.
     */
    @Test
    void rolledBackFirmwareCannotDeriveTheKeyOfDataSealedAfterTheUpdate() throws Exception {
        SnpSealingKeySource updated = vmrk(guest(measurement(1), 3, TCB_UPDATED, 0x30000L), 0);
        SnpSealingKeySource rolledBack = vmrk(standard(), 0);
        Sealer s = sealer(updated, KeyBinding.MEASUREMENT);
        assertTrue(s.policy().bindings().containsAll(java.util.Set.of(KeyBinding.TCB_VERSION, KeyBinding.GUEST_SVN)),
                "versions bound by default: " + s.policy().bindings());
        byte[] sealed = s.seal(PLAIN, AAD);
        io.tee4j.sealing.format.Header header = io.tee4j.sealing.format.Header.parse(sealed);
        // The best the old firmware gives: the same bindings at its own (lower) TCB.
        try (io.tee4j.core.SecretBytes old = rolledBack.deriveKey(header.bindings(), rolledBack.currentVersions())) {
            byte[] root = old.toByteArray(io.tee4j.core.SecretAccess.INSECURE);
            // The format layer's own authentication failure (Sealer turns it into SealedDataAuthenticationException).
            assertThrows(io.tee4j.sealing.internal.TagMismatchException.class,
                    () -> io.tee4j.sealing.internal.SealingCrypto.openBlob(root, header, sealed, AAD));
        }
        // Without the TCB bound (an earlier release's default), the old firmware's key opened it.
        java.util.Set<KeyBinding> unbound = java.util.EnumSet.of(KeyBinding.POLICY, KeyBinding.PRIVILEGE_LEVEL,
                KeyBinding.MEASUREMENT);
        try (io.tee4j.core.SecretBytes a = updated.deriveKey(unbound, updated.currentVersions());
                io.tee4j.core.SecretBytes b = rolledBack.deriveKey(unbound, rolledBack.currentVersions())) {
            assertTrue(a.equalsSecret(b), "unbound, the TCB is not in the firmware key");
        }
    }

    /**
     * Issue 25 item 3: blobs sealed by earlier releases, without the version bindings, still open
     * (their header says how their key was derived) and are reported for re-sealing, which binds
     * the versions. Any other difference in bindings is still refused.
     */
    @Test
    void blobsSealedWithoutVersionBindingsStillOpenAndAreResealed() throws Exception {
        SnpSealingKeySource src = vmrk(standard(), 0);
        Sealer s = sealer(src, KeyBinding.MEASUREMENT);
        java.util.Set<KeyBinding> earlier = java.util.EnumSet.of(KeyBinding.POLICY, KeyBinding.PRIVILEGE_LEVEL,
                KeyBinding.MEASUREMENT);
        byte[] legacy = sealWith(src, earlier);
        assertArrayEquals(PLAIN, s.unseal(legacy, AAD));
        assertTrue(s.needsReseal(legacy), "versions not bound: reseal binds them");
        byte[] resealed = s.reseal(legacy, AAD);
        assertEquals(s.policy().bindings(), SealedDataInfo.parse(resealed).bindings());
        assertFalse(s.needsReseal(resealed));
        java.util.Set<KeyBinding> onlyTcbMissing = java.util.EnumSet.copyOf(s.policy().bindings());
        onlyTcbMissing.remove(KeyBinding.TCB_VERSION);
        assertArrayEquals(PLAIN, s.unseal(sealWith(src, onlyTcbMissing), AAD));
        // Not a difference of version bindings only: refused as before.
        assertThrows(SealingPolicyException.class, () -> s.unseal(sealWith(src,
                java.util.EnumSet.of(KeyBinding.POLICY, KeyBinding.PRIVILEGE_LEVEL)), AAD));
        assertThrows(SealingPolicyException.class, () -> s.unseal(sealWith(src, java.util.EnumSet.of(KeyBinding.POLICY,
                KeyBinding.PRIVILEGE_LEVEL, KeyBinding.MEASUREMENT, KeyBinding.IMAGE_ID)), AAD));
    }

    /** A blob as an earlier release sealed it: the given bindings, this source's current versions. */
    private static byte[] sealWith(SnpSealingKeySource src, java.util.Set<KeyBinding> bindings) throws Exception {
        io.tee4j.core.keys.KeyVersions v = src.currentVersions();
        io.tee4j.sealing.format.Header h = io.tee4j.sealing.format.Header.blob(src.id(), bindings, v,
                new byte[32], new byte[12], AAD.length);
        try (io.tee4j.core.SecretBytes root = src.deriveKey(bindings, v)) {
            return io.tee4j.sealing.internal.SealingCrypto.sealBlob(root.toByteArray(io.tee4j.core.SecretAccess.INSECURE),
                    h, PLAIN, AAD);
        }
    }
}
