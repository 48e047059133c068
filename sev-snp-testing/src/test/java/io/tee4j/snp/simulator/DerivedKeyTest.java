package io.tee4j.snp.simulator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tee4j.core.SecretAccess;
import io.tee4j.core.SecretBytes;
import io.tee4j.core.TeeUnavailableException;
import io.tee4j.core.keys.KeyBinding;
import io.tee4j.core.keys.KeyVersions;
import io.tee4j.core.util.LittleEndian;
import io.tee4j.snp.abi.AttestationReport;
import io.tee4j.snp.abi.ProductLine;
import io.tee4j.snp.client.DerivedKeyRequest.GuestField;
import io.tee4j.snp.client.DerivedKeyRequest;
import io.tee4j.snp.client.SnpSealingKeySource;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class DerivedKeyTest {
    private static final byte[] CHIP = new byte[32];
    private static final byte[] VM = new byte[32];

    static {
        CHIP[0] = 1;
        VM[0] = 2;
    }

    @Test
    void version1MarshalsAsTheKernelStruct() {
        DerivedKeyRequest r = DerivedKeyRequest.builder().rootKey(DerivedKeyRequest.RootKey.VCEK)
                .guestFields(EnumSet.of(GuestField.GUEST_POLICY, GuestField.MEASUREMENT, GuestField.TCB_VERSION))
                .vmpl(2).guestSvn(7).tcbVersion(0xdb18000000000004L).build();
        byte[] b = r.toBytes();
        assertEquals(32, b.length);
        assertEquals("00000000" + "00000000" + "2900000000000000" + "02000000" + "07000000" + "04000000000018db",
                HexFormat.of().formatHex(b));
        assertEquals(1, r.messageVersion());
        DerivedKeyRequest back = DerivedKeyRequest.fromBytes(b);
        assertArrayEquals(b, back.toBytes());
        assertEquals(DerivedKeyRequest.RootKey.VCEK, back.rootKey());
    }

    @Test
    void version2AppendsTheMitigationVectorAndIsChosenWhenNeeded() {
        DerivedKeyRequest r = DerivedKeyRequest.builder().addGuestField(GuestField.LAUNCH_MIT_VECTOR)
                .launchMitVector(1).build();
        assertEquals(2, r.messageVersion());
        byte[] b = r.toBytes();
        assertEquals(40, b.length);
        assertEquals(1, LittleEndian.u32(b, 0), "VMRK is the default root key");
        assertEquals(1L << 6, LittleEndian.u64(b, 8));
        assertEquals(1, LittleEndian.u64(b, 32));
        assertThrows(IllegalStateException.class, () -> DerivedKeyRequest.builder().messageVersion(1)
                .launchMitVector(1).build());
        assertThrows(IllegalArgumentException.class, () -> DerivedKeyRequest.fromBytes(new byte[33]));
        byte[] bad = DerivedKeyRequest.builder().build().toBytes();
        bad[4] = 1;
        assertThrows(IllegalArgumentException.class, () -> DerivedKeyRequest.fromBytes(bad));
    }

    private static SimulatedSnpFirmware firmware(Consumer<SimulatedSnpSigner.ReportBuilder> state) {
        SimulatedSnpSigner s = SimulatedSnpSigner.vcek(SimulatorTest.chain(ProductLine.GENOA));
        return SimulatedSnpFirmware.of(s, state, 0, CHIP, VM);
    }

    private static SnpSealingKeySource source(SimulatedSnpFirmware fw) {
        return SnpSealingKeySource.vmrkRooted(fw, () -> AttestationReport.parse(fw.report(new byte[64], 0)), 0)
                .asSimulated();
    }

    private static byte[] key(SnpSealingKeySource src, Set<KeyBinding> bindings, KeyVersions v) throws Exception {
        try (SecretBytes k = src.deriveKey(bindings, v)) {
            assertEquals(32, k.size());
            return k.toByteArray(SecretAccess.INSECURE);
        }
    }

    @Test
    void sealingKeysFollowTheBoundFields() throws Exception {
        byte[] m1 = new byte[48];
        byte[] m2 = new byte[48];
        m2[0] = 1;
        SnpSealingKeySource a = source(firmware(b -> b.measurement(m1).guestSvn(3).mitigationVectors(1, 1)));
        SnpSealingKeySource a2 = source(firmware(b -> b.measurement(m1).guestSvn(3).mitigationVectors(1, 1)));
        SnpSealingKeySource b = source(firmware(b2 -> b2.measurement(m2).guestSvn(3).mitigationVectors(1, 1)));
        SnpSealingKeySource debug = source(firmware(b2 -> b2.measurement(m1).guestSvn(3).policy(1L << 19)));
        KeyVersions v = a.currentVersions();
        assertEquals(3L, v.get(SnpSealingKeySource.GUEST_SVN).getAsLong());
        assertTrue(v.get(SnpSealingKeySource.LAUNCH_MIT_VECTOR).isPresent());
        Set<KeyBinding> bind = EnumSet.of(KeyBinding.MEASUREMENT, KeyBinding.GUEST_SVN);
        assertArrayEquals(key(a, bind, v), key(a2, bind, v));
        assertFalse(java.util.Arrays.equals(key(a, bind, v), key(b, bind, v)), "measurement is bound");
        assertFalse(java.util.Arrays.equals(key(a, Set.of(), v), key(debug, Set.of(), debug.currentVersions())),
                "policy is always bound");
        // An older SVN still derives (a different key); a newer one is refused.
        KeyVersions older = KeyVersions.of(Map.of(SnpSealingKeySource.GUEST_SVN, 2L,
                SnpSealingKeySource.TCB_VERSION, v.get(SnpSealingKeySource.TCB_VERSION).getAsLong()));
        assertFalse(java.util.Arrays.equals(key(a, bind, v), key(a, bind, older)));
        KeyVersions newer = KeyVersions.of(Map.of(SnpSealingKeySource.GUEST_SVN, 4L,
                SnpSealingKeySource.TCB_VERSION, v.get(SnpSealingKeySource.TCB_VERSION).getAsLong()));
        assertFalse(a.notAbove(newer, v));
        assertThrows(TeeUnavailableException.class, () -> a.deriveKey(bind, newer));
        assertArrayEquals(key(a, EnumSet.of(KeyBinding.LAUNCH_MITIGATION_VECTOR), v),
                key(a2, EnumSet.of(KeyBinding.LAUNCH_MITIGATION_VECTOR), v));
        assertEquals("sev-snp/vmrk", a.id());
        assertTrue(a.simulated());
        assertTrue(a.mandatoryBindings().contains(KeyBinding.POLICY));
    }

    private static byte[] fwKey(SimulatedSnpFirmware fw, DerivedKeyRequest.Builder r) throws Exception {
        try (SecretBytes k = fw.deriveKey(r.build())) {
            return k.toByteArray(SecretAccess.INSECURE);
        }
    }

    /**
     * Issue 25 item 3: the fake firmware follows AMD's field-select rules exactly: the guest SVN and
     * TCB of the request, and the guest's launch fields, change the key only when their bit is set.
     */
    @Test
    void simulatorHonoursTheFieldSelectBitsExactly() throws Exception {
        long tcb = 0xdb18000000000004L;
        long olderTcb = 0xdb17000000000004L;
        SimulatedSnpFirmware fw = firmware(b -> b.guestSvn(3).committedTcb(tcb).currentTcb(tcb));
        assertArrayEquals(fwKey(fw, DerivedKeyRequest.builder().guestSvn(3).tcbVersion(tcb)),
                fwKey(fw, DerivedKeyRequest.builder().guestSvn(1).tcbVersion(olderTcb)),
                "neither GUEST_SVN nor TCB_VERSION selected: the request's values are not in the key");
        assertFalse(java.util.Arrays.equals(
                fwKey(fw, DerivedKeyRequest.builder().addGuestField(GuestField.TCB_VERSION).tcbVersion(tcb)),
                fwKey(fw, DerivedKeyRequest.builder().addGuestField(GuestField.TCB_VERSION).tcbVersion(olderTcb))),
                "TCB_VERSION selected: a rolled-back TCB is another key");
        assertFalse(java.util.Arrays.equals(
                fwKey(fw, DerivedKeyRequest.builder().addGuestField(GuestField.GUEST_SVN).guestSvn(3)),
                fwKey(fw, DerivedKeyRequest.builder().addGuestField(GuestField.GUEST_SVN).guestSvn(1))));
        // Selecting a field changes the key even where its value is zero (the mask is mixed in).
        assertFalse(java.util.Arrays.equals(fwKey(fw, DerivedKeyRequest.builder()),
                fwKey(fw, DerivedKeyRequest.builder().addGuestField(GuestField.IMAGE_ID))));
        // A launch field that is not selected does not matter; selected, it does.
        byte[] m2 = new byte[48];
        m2[47] = 9;
        SimulatedSnpFirmware other = firmware(b -> b.guestSvn(3).committedTcb(tcb).currentTcb(tcb).measurement(m2));
        assertArrayEquals(fwKey(fw, DerivedKeyRequest.builder()), fwKey(other, DerivedKeyRequest.builder()));
        assertFalse(java.util.Arrays.equals(
                fwKey(fw, DerivedKeyRequest.builder().addGuestField(GuestField.MEASUREMENT)),
                fwKey(other, DerivedKeyRequest.builder().addGuestField(GuestField.MEASUREMENT))));
        // The message version is not in the key.
        assertArrayEquals(fwKey(fw, DerivedKeyRequest.builder().messageVersion(1)),
                fwKey(fw, DerivedKeyRequest.builder().messageVersion(2)));
    }

    /**
     * Issue 25 item 4: a guest SVN read from a sealed header is a u64; one with its top bit set (a
     * flipped header byte) is "above", compared unsigned, never an unchecked exception.
     */
    @Test
    void guestSvnIsComparedUnsignedAndOutOfRangeValuesAreAbove() throws Exception {
        SnpSealingKeySource src = source(firmware(b -> b.guestSvn(3)));
        KeyVersions current = src.currentVersions();
        long tcb = current.get(SnpSealingKeySource.TCB_VERSION).getAsLong();
        for (long svn : new long[] {0x8000000000000003L, 0xFFFFFFFFFFFFFFFFL, 0x100000000L, 0x80000000L, 4L}) {
            KeyVersions v = KeyVersions.of(Map.of(SnpSealingKeySource.GUEST_SVN, svn, SnpSealingKeySource.TCB_VERSION,
                    tcb));
            assertFalse(src.notAbove(v, current), Long.toHexString(svn));
            assertThrows(TeeUnavailableException.class, () -> src.deriveKey(Set.of(KeyBinding.POLICY), v),
                    Long.toHexString(svn));
        }
        KeyVersions unknownName = KeyVersions.of(Map.of(SnpSealingKeySource.GUEST_SVN, 3L,
                SnpSealingKeySource.TCB_VERSION, tcb, "rtmr3", 0L));
        assertFalse(src.notAbove(unknownName, current), "a version the source does not know is refused");
        KeyVersions missingTcb = KeyVersions.of(Map.of(SnpSealingKeySource.GUEST_SVN, 3L));
        assertFalse(src.notAbove(missingTcb, current));
        assertThrows(TeeUnavailableException.class, () -> src.deriveKey(Set.of(KeyBinding.POLICY), missingTcb));
        assertTrue(src.notAbove(current, current));
    }

    @Test
    void firmwareRulesAreEnforced() throws Exception {
        SimulatedSnpFirmware fw = SimulatedSnpFirmware.of(SimulatedSnpSigner.vcek(SimulatorTest.chain(ProductLine.GENOA)),
                b -> b.guestSvn(1), 1, CHIP, VM);
        assertThrows(TeeUnavailableException.class, () -> fw.deriveKey(DerivedKeyRequest.builder().vmpl(0).build()));
        assertThrows(TeeUnavailableException.class, () -> fw.deriveKey(DerivedKeyRequest.builder().vmpl(1)
                .guestSvn(2).build()));
        assertThrows(TeeUnavailableException.class, () -> fw.deriveKey(DerivedKeyRequest.builder().vmpl(1)
                .tcbVersion(-1L).build()));
        assertThrows(TeeUnavailableException.class, () -> fw.report(new byte[64], 0));
        try (SecretBytes vmrk = fw.deriveKey(DerivedKeyRequest.builder().vmpl(1).build());
                SecretBytes vcek = fw.deriveKey(DerivedKeyRequest.builder().vmpl(1)
                        .rootKey(DerivedKeyRequest.RootKey.VCEK).build())) {
            assertFalse(vmrk.equalsSecret(vcek));
            assertTrue(vmrk.toString().contains("redacted"), vmrk.toString());
        }
    }
}
