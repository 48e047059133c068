package io.tee4j.sealing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.tee4j.core.FailureClass;
import io.tee4j.core.keys.KeyBinding;
import io.tee4j.core.keys.KeyVersions;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SealerTest {
    private static final byte[] AAD = "file=/var/lib/app/state".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] PLAIN = "the workload's secret state".getBytes(StandardCharsets.US_ASCII);

    @Test
    void releasedRoundTrip() throws Exception {
        Sealer s = TestKeys.releasedSealer();
        assertEquals(EnumSet.noneOf(KeyBinding.class), s.policy().bindings());
        for (int len : new int[] {0, 1, 15, 16, 17, 1000, 100_000}) {
            byte[] p = new byte[len];
            new Random(len).nextBytes(p);
            byte[] sealed = s.seal(p, AAD);
            assertArrayEquals(p, s.unseal(sealed, AAD));
            assertArrayEquals(p, TestKeys.releasedSealer().unseal(sealed, AAD), "another sealer, same key");
        }
    }

    @Test
    void simulatedRoundTrip() throws Exception {
        Sealer s = TestKeys.simulatedSealer(KeyBinding.GUEST_SVN, KeyBinding.TCB_VERSION);
        assertEquals(EnumSet.of(KeyBinding.POLICY, KeyBinding.MEASUREMENT, KeyBinding.PRIVILEGE_LEVEL,
                KeyBinding.GUEST_SVN, KeyBinding.TCB_VERSION), s.policy().bindings());
        byte[] sealed = s.seal(PLAIN, AAD);
        assertArrayEquals(PLAIN, s.unseal(sealed, AAD));
        SealedDataInfo info = SealedDataInfo.parse(sealed);
        assertEquals("simulated", info.keySourceId());
        assertEquals(s.policy().bindings(), info.bindings());
        assertEquals(Map.of("guest_svn", 2L, "tcb_version", 0x0300000000000814L), info.versions().asMap());
        assertFalse(info.isStream());
        assertEquals(AAD.length, info.associatedDataLength());
    }

    @Test
    void everyBlobHasItsOwnSaltAndNonce() throws Exception {
        Sealer s = TestKeys.releasedSealer();
        assertNotEquals(new String(s.seal(PLAIN, AAD), StandardCharsets.ISO_8859_1),
                new String(s.seal(PLAIN, AAD), StandardCharsets.ISO_8859_1));
    }

    @Test
    void simulatedSourceRefusedUnlessChosenByName() throws Exception {
        SimulatedKeySource src = TestKeys.simulated().build();
        SealingPolicy p = SealingPolicy.forSource(src).bind(KeyBinding.MEASUREMENT).build();
        SealingPolicyException e = assertThrows(SealingPolicyException.class,
                () -> Sealer.builder().keySource(src).policy(p).build());
        assertTrue(e.getMessage().contains("allowSimulatedKeySource"));
        assertEquals(FailureClass.POLICY_VIOLATION, e.failureClass());
    }

    @Test
    void policyThatBindsNothingSecretIsRefused() {
        SimulatedKeySource src = TestKeys.simulated().build();
        // Chip-wide root key: POLICY (mandatory), IMAGE_ID, FAMILY_ID, versions... identify no workload.
        assertThrows(SealingPolicyException.class, () -> SealingPolicy.forSource(src).build());
        assertThrows(SealingPolicyException.class, () -> SealingPolicy.forSource(src)
                .bind(KeyBinding.IMAGE_ID, KeyBinding.FAMILY_ID, KeyBinding.GUEST_SVN, KeyBinding.TCB_VERSION,
                        KeyBinding.LAUNCH_MITIGATION_VECTOR).build());
        assertThrows(SealingPolicyException.class, () -> Sealer.builder().keySource(src)
                .allowSimulatedKeySource().build(), "default policy of a chip-wide source");
    }

    @Test
    void bindingNamesParse() {
        assertEquals(EnumSet.of(KeyBinding.MEASUREMENT, KeyBinding.POLICY, KeyBinding.TCB_VERSION),
                SealingPolicy.parseBindings("measurement, policy,TCB"));
        assertEquals(EnumSet.allOf(KeyBinding.class), SealingPolicy.parseBindings(
                "policy,measurement,image-id,family_id,guest-svn,tcb-version,vmpl,launch-mit-vector"));
        assertEquals(EnumSet.noneOf(KeyBinding.class), SealingPolicy.parseBindings(" "));
        assertThrows(IllegalArgumentException.class, () -> SealingPolicy.parseBindings("measurement,rtmr3"));
        assertThrows(IllegalArgumentException.class, () -> SealingPolicy.parseBindings("measurement,"));
    }

    @Test
    void mandatoryBindingsAlwaysIncluded() throws Exception {
        SimulatedKeySource src = TestKeys.simulated().build();
        SealingPolicy p = SealingPolicy.forSource(src).bind(KeyBinding.MEASUREMENT).build();
        assertTrue(p.bindings().containsAll(src.mandatoryBindings()));
        assertTrue(p.bindings().contains(KeyBinding.POLICY));
    }

    @Test
    void unsupportedBindingRefused() {
        ReleasedKeySource src = TestKeys.released();
        SealingPolicyException e = assertThrows(SealingPolicyException.class,
                () -> SealingPolicy.forSource(src).bind(KeyBinding.MEASUREMENT).build());
        assertTrue(e.getMessage().contains("MEASUREMENT"));
    }

    @Test
    void policyForAnotherSourceRefused() throws Exception {
        SealingPolicy forReleased = SealingPolicy.forSource(TestKeys.released()).build();
        assertThrows(SealingPolicyException.class, () -> Sealer.builder().keySource(TestKeys.simulated().build())
                .allowSimulatedKeySource().policy(forReleased).build());
    }

    @Test
    void differentBindingCannotUnseal() throws Exception {
        Sealer a = TestKeys.simulatedSealer();
        Sealer b = TestKeys.simulatedSealer(KeyBinding.IMAGE_ID);
        byte[] sealed = a.seal(PLAIN, AAD);
        assertThrows(SealingPolicyException.class, () -> b.unseal(sealed, AAD));
        // The bindings are also in the key: forging the header's binding bits only breaks the tag.
        byte[] forged = sealed.clone();
        int maskOffset = 4 + 4 + 1 + "simulated".length();
        forged[maskOffset + 1] |= 1 << 1; // IMAGE_ID
        SealedDataInfo info = SealedDataInfo.parse(forged);
        assertEquals(b.policy().bindings(), info.bindings());
        assertThrows(SealedDataAuthenticationException.class, () -> b.unseal(forged, AAD));
    }

    @Test
    void differentWorkloadCannotUnseal() throws Exception {
        byte[] sealed = TestKeys.simulatedSealer().seal(PLAIN, AAD);
        byte[] otherMeasurement = TestKeys.MEASUREMENT.clone();
        otherMeasurement[47] ^= 1;
        Sealer other = TestKeys.simulatedSealer(TestKeys.simulated().measurement(otherMeasurement).build());
        assertThrows(SealedDataAuthenticationException.class, () -> other.unseal(sealed, AAD));
        Sealer debug = TestKeys.simulatedSealer(TestKeys.simulated().guestPolicy(0x30000L | 1L << 19).build());
        assertThrows(SealedDataAuthenticationException.class, () -> debug.unseal(sealed, AAD));
        byte[] otherSeed = TestKeys.SEED.clone();
        otherSeed[0] ^= 1;
        Sealer otherChip = TestKeys.simulatedSealer(TestKeys.simulated().seed(otherSeed).build());
        assertThrows(SealedDataAuthenticationException.class, () -> otherChip.unseal(sealed, AAD));
    }

    @Test
    void differentVmplCannotUnseal() throws Exception {
        byte[] sealed = TestKeys.simulatedSealer(TestKeys.simulated().privilegeLevel(0).build()).seal(PLAIN, AAD);
        for (int vmpl = 1; vmpl <= 3; vmpl++) {
            Sealer other = TestKeys.simulatedSealer(TestKeys.simulated().privilegeLevel(vmpl).build());
            assertThrows(SealedDataAuthenticationException.class, () -> other.unseal(sealed, AAD), "VMPL " + vmpl);
        }
    }

    @Test
    void higherTcbCannotBeUnsealedOnOlderPlatform() throws Exception {
        Sealer newer = TestKeys.simulatedSealer(TestKeys.simulated().tcbVersion(0x0300000000000815L).build(),
                KeyBinding.TCB_VERSION);
        byte[] sealed = newer.seal(PLAIN, AAD);
        Sealer older = TestKeys.simulatedSealer(KeyBinding.TCB_VERSION);
        SealingPolicyException e = assertThrows(SealingPolicyException.class, () -> older.unseal(sealed, AAD));
        assertTrue(e.getMessage().contains("above"));
        assertThrows(SealingPolicyException.class, () -> older.needsReseal(sealed));
        Sealer newerSvn = TestKeys.simulatedSealer(TestKeys.simulated().guestSvn(3).build(), KeyBinding.GUEST_SVN);
        byte[] sealedSvn = newerSvn.seal(PLAIN, AAD);
        assertThrows(SealingPolicyException.class, () -> TestKeys.simulatedSealer(KeyBinding.GUEST_SVN).unseal(sealedSvn, AAD));
    }

    @Test
    void olderTcbOpensAfterUpdateAndReseals() throws Exception {
        Sealer before = TestKeys.simulatedSealer(KeyBinding.TCB_VERSION, KeyBinding.GUEST_SVN);
        byte[] sealed = before.seal(PLAIN, AAD);
        assertFalse(before.needsReseal(sealed));
        // Firmware update: the microcode SPL (top byte) and the SNP SPL move up; the guest SVN too.
        Sealer after = TestKeys.simulatedSealer(TestKeys.simulated().tcbVersion(0x0400000000000914L).guestSvn(3).build(),
                KeyBinding.TCB_VERSION, KeyBinding.GUEST_SVN);
        assertArrayEquals(PLAIN, after.unseal(sealed, AAD));
        assertTrue(after.needsReseal(sealed));
        byte[] resealed = after.reseal(sealed, AAD);
        assertFalse(after.needsReseal(resealed));
        assertEquals(Map.of("guest_svn", 3L, "tcb_version", 0x0400000000000914L),
                SealedDataInfo.parse(resealed).versions().asMap());
        assertArrayEquals(PLAIN, after.unseal(resealed, AAD));
        // ... and the resealed blob is beyond the old platform.
        assertThrows(SealingPolicyException.class, () -> before.unseal(resealed, AAD));
    }

    @Test
    void tcbComparedComponentWise() {
        SimulatedKeySource src = TestKeys.simulated().build();
        KeyVersions cur = src.currentVersions();
        // One SPL lower and another higher: not "not above", whatever the numeric order says.
        KeyVersions mixed = KeyVersions.of(Map.of("guest_svn", 2L, "tcb_version", 0x0200000000000914L));
        assertFalse(src.notAbove(mixed, cur));
        assertTrue(src.notAbove(KeyVersions.of(Map.of("guest_svn", 0L, "tcb_version", 0L)), cur));
        assertFalse(src.notAbove(KeyVersions.of(Map.of("guest_svn", 0L)), cur));
    }

    /** A source whose platform can be updated and whose device can fail, delegating to a simulated one. */
    private static class ChangingSource implements io.tee4j.core.keys.SealingKeySource {
        volatile SimulatedKeySource platform;
        volatile boolean deviceFails;

        ChangingSource(SimulatedKeySource platform) {
            this.platform = platform;
        }

        @Override
        public String id() {
            return platform.id();
        }

        @Override
        public boolean simulated() {
            return true;
        }

        @Override
        public java.util.Set<KeyBinding> supportedBindings() {
            return platform.supportedBindings();
        }

        @Override
        public java.util.Set<KeyBinding> mandatoryBindings() {
            return platform.mandatoryBindings();
        }

        @Override
        public boolean rootKeyIsWorkloadSpecific() {
            return false;
        }

        @Override
        public KeyVersions currentVersions() throws io.tee4j.core.AttestationException {
            if (deviceFails) {
                throw new io.tee4j.core.TeeUnavailableException("device gone");
            }
            return platform.currentVersions();
        }

        @Override
        public boolean notAbove(KeyVersions candidate, KeyVersions current) {
            return platform.notAbove(candidate, current);
        }

        @Override
        public io.tee4j.core.SecretBytes deriveKey(java.util.Set<KeyBinding> bindings, KeyVersions versions)
                throws io.tee4j.core.AttestationException {
            if (deviceFails) {
                throw new io.tee4j.core.TeeUnavailableException("device gone");
            }
            return platform.deriveKey(bindings, versions);
        }
    }

    @Test
    void versionsAreReadOnceUntilRefreshed() throws Exception {
        ChangingSource src = new ChangingSource(TestKeys.simulated().build());
        Sealer s = Sealer.builder().keySource(src).allowSimulatedKeySource()
                .policy(SealingPolicy.forSource(src).bind(KeyBinding.MEASUREMENT, KeyBinding.TCB_VERSION).build()).build();
        byte[] sealed = s.seal(PLAIN, AAD);
        src.platform = TestKeys.simulated().tcbVersion(0x0400000000000814L).build();
        assertFalse(s.needsReseal(sealed), "cached versions");
        s.refreshKeyVersions();
        assertTrue(s.needsReseal(sealed));
        assertArrayEquals(PLAIN, s.unseal(sealed, AAD));
    }

    @Test
    void keySourceFailureIsTypedAndKeepsItsClass() throws Exception {
        ChangingSource src = new ChangingSource(TestKeys.simulated().build());
        Sealer s = Sealer.builder().keySource(src).allowSimulatedKeySource()
                .policy(SealingPolicy.forSource(src).bind(KeyBinding.MEASUREMENT).build()).build();
        byte[] sealed = s.seal(PLAIN, AAD);
        src.deviceFails = true;
        s.refreshKeyVersions();
        SealingKeyUnavailableException e = assertThrows(SealingKeyUnavailableException.class, () -> s.seal(PLAIN, AAD));
        assertEquals(FailureClass.TEE_UNAVAILABLE, e.failureClass());
        assertTrue(e.getCause() instanceof io.tee4j.core.TeeUnavailableException);
        assertThrows(SealingKeyUnavailableException.class, () -> s.unseal(sealed, AAD));
    }

    /** A key source that fails with an unchecked exception where told to. */
    static final class ThrowingSource extends ChangingSource {
        String throwIn = "";

        ThrowingSource(SimulatedKeySource platform) {
            super(platform);
        }

        @Override
        public KeyVersions currentVersions() throws io.tee4j.core.AttestationException {
            if (throwIn.equals("currentVersions")) {
                throw new IllegalStateException("device model bug");
            }
            return super.currentVersions();
        }

        @Override
        public boolean notAbove(KeyVersions candidate, KeyVersions current) {
            if (throwIn.equals("notAbove")) {
                throw new java.util.NoSuchElementException("no such version");
            }
            return super.notAbove(candidate, current);
        }

        @Override
        public io.tee4j.core.SecretBytes deriveKey(java.util.Set<KeyBinding> bindings, KeyVersions versions)
                throws io.tee4j.core.AttestationException {
            if (throwIn.equals("deriveKey")) {
                throw new IllegalArgumentException("guest SVN is a u32");
            }
            return super.deriveKey(bindings, versions);
        }
    }

    /**
     * Issue 25 item 4: a key source's unchecked exception never leaves the sealer: about values
     * recorded in sealed data it is malformed data, otherwise the key is unavailable.
     */
    @Test
    void keySourceRuntimeExceptionsAreTyped() throws Exception {
        ThrowingSource src = new ThrowingSource(TestKeys.simulated().build());
        Sealer s = Sealer.builder().keySource(src).allowSimulatedKeySource()
                .policy(SealingPolicy.forSource(src).bind(KeyBinding.MEASUREMENT).build()).build();
        byte[] sealed = s.seal(PLAIN, AAD);
        src.platform = TestKeys.simulated().tcbVersion(0x0400000000000814L).build();
        s.refreshKeyVersions(); // recorded versions now older than the current ones: compared, then derived
        src.throwIn = "notAbove";
        MalformedSealedDataException m = assertThrows(MalformedSealedDataException.class, () -> s.unseal(sealed, AAD));
        assertTrue(m.getCause() instanceof java.util.NoSuchElementException);
        assertThrows(MalformedSealedDataException.class, () -> s.needsReseal(sealed));
        src.throwIn = "deriveKey";
        assertThrows(MalformedSealedDataException.class, () -> s.unseal(sealed, AAD));
        assertThrows(SealingKeyUnavailableException.class, () -> s.seal(PLAIN, AAD));
        src.throwIn = "currentVersions";
        s.refreshKeyVersions();
        SealingKeyUnavailableException u = assertThrows(SealingKeyUnavailableException.class, () -> s.seal(PLAIN, AAD));
        assertTrue(u.getCause() instanceof IllegalStateException);
        assertThrows(SealingKeyUnavailableException.class, () -> s.unseal(sealed, AAD));
        src.throwIn = "";
        assertArrayEquals(PLAIN, s.unseal(sealed, AAD));
    }

    /** Issue 25 item 7: a sealer is AutoCloseable; closing destroys its kept key and ends its use. */
    @Test
    void closedSealerRefusesEveryOperation() throws Exception {
        byte[] sealed;
        Sealer kept;
        try (Sealer s = TestKeys.simulatedSealer(KeyBinding.TCB_VERSION)) {
            sealed = s.seal(PLAIN, AAD);
            kept = s;
        }
        assertThrows(SealingKeyUnavailableException.class, () -> kept.seal(PLAIN, AAD));
        assertThrows(SealingKeyUnavailableException.class, () -> kept.unseal(sealed, AAD));
        assertThrows(SealingKeyUnavailableException.class, () -> kept.needsReseal(sealed));
        assertThrows(SealingKeyUnavailableException.class,
                () -> kept.newSealingStream(new java.io.ByteArrayOutputStream(), AAD));
        kept.refreshKeyVersions();
        assertThrows(SealingKeyUnavailableException.class, () -> kept.sealedLength(10));
        kept.close();
        assertArrayEquals(PLAIN, TestKeys.simulatedSealer(KeyBinding.TCB_VERSION).unseal(sealed, AAD));
    }

    @Test
    void concurrentUse() throws Exception {
        Sealer s = TestKeys.simulatedSealer(KeyBinding.TCB_VERSION);
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            java.util.List<java.util.concurrent.Future<Integer>> results = new java.util.ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int seed = t;
                results.add(pool.submit(() -> {
                    Random rnd = new Random(seed);
                    for (int i = 0; i < 100; i++) {
                        byte[] p = new byte[rnd.nextInt(40_000)];
                        rnd.nextBytes(p);
                        if (!java.util.Arrays.equals(p, s.unseal(s.seal(p, AAD), AAD))) {
                            throw new AssertionError("thread " + seed + " round " + i);
                        }
                    }
                    return 100;
                }));
            }
            for (java.util.concurrent.Future<Integer> f : results) {
                assertEquals(100, f.get(60, java.util.concurrent.TimeUnit.SECONDS));
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void wrongAssociatedDataRejected() throws Exception {
        Sealer s = TestKeys.releasedSealer();
        byte[] sealed = s.seal(PLAIN, AAD);
        byte[] other = AAD.clone();
        other[0] ^= 1;
        assertThrows(SealedDataAuthenticationException.class, () -> s.unseal(sealed, other));
        assertThrows(SealedDataAuthenticationException.class, () -> s.unseal(sealed, new byte[0]));
        assertThrows(SealedDataAuthenticationException.class, () -> s.unseal(sealed, new byte[AAD.length + 1]));
    }

    @Test
    void otherKeySourceRefused() throws Exception {
        byte[] sealed = TestKeys.releasedSealer().seal(PLAIN, AAD);
        assertThrows(SealingPolicyException.class, () -> TestKeys.simulatedSealer().unseal(sealed, AAD));
        Sealer named = Sealer.builder().keySource(ReleasedKeySource.of("kbs:///default/key/1",
                io.tee4j.core.SecretBytes.copyOf(new byte[32], io.tee4j.core.SecretAccess.INSECURE))).build();
        assertThrows(SealingPolicyException.class, () -> named.unseal(sealed, AAD));
    }

    @Test
    void sealIntoBuffer() throws Exception {
        Sealer s = TestKeys.releasedSealer();
        for (int len : new int[] {0, 100, Sealer.DEFAULT_SEGMENT_SIZE, Sealer.DEFAULT_SEGMENT_SIZE + 1, 100_000}) {
            byte[] p = new byte[len];
            new Random(len).nextBytes(p);
            long expected = s.sealedLength(len);
            assertEquals(expected, s.seal(p, AAD).length);
            byte[] buf = new byte[(int) expected + 7];
            assertEquals(expected, s.seal(p, AAD, buf, 7));
            assertArrayEquals(p, s.unseal(java.util.Arrays.copyOfRange(buf, 7, buf.length), AAD));
            assertThrows(IllegalArgumentException.class, () -> s.seal(p, AAD, new byte[(int) expected - 1], 0));
        }
    }

    @Test
    void largePlaintextIsSegmentedAndBothFormsOpen() throws Exception {
        Sealer s = TestKeys.releasedSealer();
        byte[] big = new byte[3 * Sealer.DEFAULT_SEGMENT_SIZE + 5];
        new Random(9).nextBytes(big);
        byte[] sealed = s.seal(big, AAD);
        assertTrue(SealedDataInfo.parse(sealed).isStream());
        assertArrayEquals(big, s.unseal(sealed, AAD));
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        s.unsealStream(new java.io.ByteArrayInputStream(sealed), out, AAD);
        assertArrayEquals(big, out.toByteArray());
        byte[] exactlyOneSegment = new byte[Sealer.DEFAULT_SEGMENT_SIZE];
        assertFalse(SealedDataInfo.parse(s.seal(exactlyOneSegment, AAD)).isStream());
        // A stream written through SealingOutputStream unseals in memory too.
        java.io.ByteArrayOutputStream streamed = new java.io.ByteArrayOutputStream();
        try (SealingOutputStream o = s.newSealingStream(streamed, AAD)) {
            o.write(PLAIN);
        }
        assertArrayEquals(PLAIN, s.unseal(streamed.toByteArray(), AAD));
        // ... but a single-message blob is not a stream.
        byte[] blob = s.seal(PLAIN, AAD);
        assertThrows(MalformedSealedDataException.class,
                () -> s.newUnsealingStream(new java.io.ByteArrayInputStream(blob), AAD));
    }

    /** Every byte of the header, and sampled ciphertext and tag bytes, changed in every bit: typed error. */
    @Test
    void everyHeaderByteAndSampledCiphertextByteIsAuthenticated() throws Exception {
        long seed = System.nanoTime();
        Random rnd = new Random(seed);
        for (Sealer s : new Sealer[] {TestKeys.releasedSealer(),
                TestKeys.simulatedSealer(KeyBinding.TCB_VERSION, KeyBinding.GUEST_SVN)}) {
            byte[] plain = new byte[300];
            rnd.nextBytes(plain);
            byte[] sealed = s.seal(plain, AAD);
            int headerLength = sealed.length - plain.length - 16;
            java.util.List<Integer> positions = new java.util.ArrayList<>();
            for (int i = 0; i < headerLength; i++) {
                positions.add(i);
            }
            for (int i = 0; i < 48; i++) {
                positions.add(headerLength + rnd.nextInt(sealed.length - headerLength));
            }
            for (int i = sealed.length - 16; i < sealed.length; i++) {
                positions.add(i);
            }
            for (int pos : positions) {
                for (int bit = 0; bit < 8; bit++) {
                    byte[] bad = sealed.clone();
                    bad[pos] ^= (byte) (1 << bit);
                    expectTypedFailure(s, bad, "seed " + seed + " byte " + pos + " bit " + bit);
                }
                byte[] bad = sealed.clone();
                bad[pos] = (byte) (bad[pos] + 1 + rnd.nextInt(255));
                expectTypedFailure(s, bad, "seed " + seed + " byte " + pos + " replaced");
            }
            for (int len = 0; len < sealed.length; len++) {
                expectTypedFailure(s, java.util.Arrays.copyOf(sealed, len), "truncated to " + len);
            }
            expectTypedFailure(s, java.util.Arrays.copyOf(sealed, sealed.length + 1), "one byte appended");
        }
    }

    private static void expectTypedFailure(Sealer s, byte[] bad, String what) {
        try {
            s.unseal(bad, AAD);
            fail(what + ": accepted");
        } catch (SealingException expected) {
            assertTrue(expected instanceof MalformedSealedDataException
                    || expected instanceof SealedDataAuthenticationException
                    || expected instanceof SealingPolicyException, what + ": " + expected);
        } catch (RuntimeException e) {
            throw new AssertionError(what + ": unchecked " + e, e);
        }
    }
}
