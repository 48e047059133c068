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
import io.tee4j.snp.AttestationReport;
import io.tee4j.snp.DerivedKeyRequest;
import io.tee4j.snp.DerivedKeyRequest.GuestField;
import io.tee4j.snp.ProductLine;
import io.tee4j.snp.SnpSealingKeySource;
import io.tee4j.snp.internal.Le;
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
        assertEquals(1, Le.u32(b, 0), "VMRK is the default root key");
        assertEquals(1L << 6, Le.u64(b, 8));
        assertEquals(1, Le.u64(b, 32));
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
