package io.tee4j.snp.simulator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tee4j.core.Evidence;
import io.tee4j.core.SecretAccess;
import io.tee4j.core.SecretBytes;
import io.tee4j.core.TeeUnavailableException;
import io.tee4j.core.keys.KeyBinding;
import io.tee4j.core.linux.Backoff;
import io.tee4j.core.linux.Errno;
import io.tee4j.core.linux.NativeDevices;
import io.tee4j.core.linux.TsmRequest;
import io.tee4j.core.testing.FakeTsmTree;
import io.tee4j.core.testing.Gcc;
import io.tee4j.core.util.LittleEndian;
import io.tee4j.snp.abi.AttestationReport;
import io.tee4j.snp.abi.CertificateTable;
import io.tee4j.snp.abi.ProductLine;
import io.tee4j.snp.client.DerivedKeyRequest.GuestField;
import io.tee4j.snp.client.DerivedKeyRequest;
import io.tee4j.snp.client.SevGuestDevice;
import io.tee4j.snp.client.SevGuestException;
import io.tee4j.snp.client.SnpAttester;
import io.tee4j.snp.client.SnpSealingKeySource;
import io.tee4j.snp.validate.SnpPolicy;
import io.tee4j.snp.verify.SnpVerifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SnpAttesterTest {
    static final String DEV = "/dev/sev-guest";
    static final byte[] NONCE = "tee4j attester test nonce".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    @TempDir
    static Path dir;
    static Path fakeLib;

    static SimulatedSnpFirmware firmware() {
        return SimulatedSnpFirmware.of(SimulatedSnpSigner.vcek(SimulatorTest.chain(ProductLine.GENOA)),
                b -> b.guestSvn(2).mitigationVectors(1, 1), 0, new byte[32], new byte[32]);
    }

    static final List<Duration> SLEPT = new ArrayList<>();

    static Backoff recordingBackoff() {
        return Backoff.defaults().withSleeper(d -> {
            synchronized (SLEPT) {
                SLEPT.add(d);
            }
        });
    }

    static SnpVerifier verifier() {
        return SnpVerifier.builder().clock(Clock.fixed(SimulatorTest.NOW, ZoneOffset.UTC))
                .roots(SimulatorTest.chain(ProductLine.GENOA).roots())
                .addCrl(SimulatorTest.freshCrl(SimulatorTest.chain(ProductLine.GENOA))).build();
    }

    @BeforeAll
    static void compileFakeDriver() throws Exception {
        if (Gcc.find().isEmpty()) {
            return;
        }
        Path src = Gcc.resource(SnpAttesterTest.class, "/io/tee4j/snp/fake_sev_guest.c", dir);
        fakeLib = Gcc.sharedLibrary(src, dir.resolve("libtee4jsevfake.so"), "-DPREFIX=tee4j_sev_");
    }

    @Test
    void extendedReportThroughTheSimulatedDeviceVerifies() throws Exception {
        SimulatedSevGuestDevice dev = SimulatedSevGuestDevice.of(DEV, firmware());
        Evidence e = SnpAttester.device(dev, DEV, Backoff.none(), 0).attest(NONCE);
        assertEquals(List.of("GET_EXT_REPORT len=0", "GET_EXT_REPORT len=4096"), dev.calls());
        assertTrue(e.auxBlob().isPresent());
        assertTrue(CertificateTable.parse(e.auxBlob().get()).get(CertificateTable.VCEK).isPresent());
        // The verifier finds the VCEK and ASK in the certificate table.
        assertTrue(verifier().verify(e, SnpPolicy.defaults()).verification().revocationChecked());
        byte[] rd = AttestationReport.parse(e.raw()).reportData();
        assertArrayEquals(java.util.Arrays.copyOf(NONCE, 64), rd);
    }

    @Test
    void hostWithoutCertificatesAnswersAtOnce() throws Exception {
        SimulatedSevGuestDevice dev = SimulatedSevGuestDevice.withoutCertificates(DEV, firmware());
        Evidence e = SnpAttester.device(dev, DEV, Backoff.none(), 0).attest(NONCE);
        assertEquals(List.of("GET_EXT_REPORT len=0"), dev.calls());
        assertTrue(e.auxBlob().isEmpty());
    }

    @Test
    void busyHostIsRetriedAndOtherErrorsAreDecoded() throws Exception {
        SimulatedSevGuestDevice dev = SimulatedSevGuestDevice.of(DEV, firmware()).failNext(Errno.EIO, 2L << 32, 2);
        SLEPT.clear();
        SnpAttester.device(dev, DEV, recordingBackoff(), 0).attest(NONCE);
        assertEquals(2, SLEPT.size(), "two backoffs for two BUSY answers");

        SimulatedSevGuestDevice fw = SimulatedSevGuestDevice.of(DEV, firmware()).failNext(Errno.EIO, 0x16, 1);
        SevGuestException e = assertThrows(SevGuestException.class,
                () -> SnpAttester.device(fw, DEV, Backoff.none(), 0).attest(NONCE));
        assertEquals(0x16, e.firmwareError().getAsInt());
        assertTrue(e.getMessage().contains("INVALID_PARAM"), e.getMessage());

        SimulatedSevGuestDevice garbage = SimulatedSevGuestDevice.of(DEV, firmware()).failNext(Errno.EINVAL, 0x16, 1);
        SevGuestException g = assertThrows(SevGuestException.class,
                () -> SnpAttester.device(garbage, DEV, Backoff.none(), 0).attest(NONCE));
        assertTrue(g.firmwareError().isEmpty(), "fw_err is trusted only with EIO");
        assertEquals(1, garbage.calls().size(), "a failed request is not re-sent");

        assertThrows(TeeUnavailableException.class,
                () -> SnpAttester.device(dev, "/dev/other", Backoff.none(), 0).attest(NONCE));
        assertThrows(IllegalArgumentException.class,
                () -> SnpAttester.device(dev, DEV, Backoff.none(), 0).attest(new byte[65]));
    }

    @Test
    void vmplBelowTheGuestsIsRefusedByTheFirmware() {
        SimulatedSnpFirmware fw = SimulatedSnpFirmware.of(SimulatedSnpSigner.vcek(SimulatorTest.chain(ProductLine.GENOA)),
                b -> { }, 2, new byte[32], new byte[32]);
        SimulatedSevGuestDevice dev = SimulatedSevGuestDevice.of(DEV, fw);
        SevGuestException e = assertThrows(SevGuestException.class,
                () -> SnpAttester.device(dev, DEV, Backoff.none(), 1).attest(NONCE));
        assertEquals(0x16, e.firmwareError().getAsInt());
    }

    @Test
    void derivedKeysThroughTheDeviceMatchTheFirmwareAndSeal() throws Exception {
        SimulatedSnpFirmware fw = firmware();
        SimulatedSevGuestDevice dev = SimulatedSevGuestDevice.of(DEV, fw);
        SnpAttester att = SnpAttester.device(dev, DEV, Backoff.none(), 0);
        DerivedKeyRequest v1 = DerivedKeyRequest.builder().guestFields(EnumSet.of(GuestField.MEASUREMENT)).build();
        DerivedKeyRequest v2 = DerivedKeyRequest.builder().addGuestField(GuestField.LAUNCH_MIT_VECTOR)
                .launchMitVector(1).build();
        for (DerivedKeyRequest r : List.of(v1, v2)) {
            try (SecretBytes a = att.deriveKey(r); SecretBytes b = fw.deriveKey(r)) {
                assertTrue(a.equalsSecret(b), r.toString());
            }
        }
        assertTrue(dev.calls().contains("GET_DERIVED_KEY v2"));
        SnpSealingKeySource src = SnpSealingKeySource.vmrkRooted(att,
                () -> AttestationReport.parse(att.attest(new byte[0]).raw()), 0);
        try (SecretBytes k = src.deriveKey(EnumSet.of(KeyBinding.MEASUREMENT), src.currentVersions())) {
            assertEquals(32, k.size());
        }
        assertThrows(TeeUnavailableException.class,
                () -> att.deriveKey(DerivedKeyRequest.builder().guestSvn(3).build()));
    }

    /** Issue 25 item 1: the firmware's refusal arrives in MSG_KEY_RSP's status word, the ioctl succeeding. */
    @Test
    void derivedKeyWithANonZeroFirmwareStatusIsRefused() throws Exception {
        SimulatedSevGuestDevice dev = SimulatedSevGuestDevice.of(DEV, firmware());
        SnpAttester att = SnpAttester.device(dev, DEV, Backoff.none(), 0);
        // Guest SVN 3 is above the launch SVN 2: the firmware answers INVALID_PARAM in the status word.
        SevGuestException e = assertThrows(SevGuestException.class,
                () -> att.deriveKey(DerivedKeyRequest.builder().guestSvn(3).build()));
        assertEquals(0x16, e.firmwareError().getAsInt());
        assertEquals(0, e.errno(), "the ioctl itself succeeded");
        assertTrue(e.getMessage().contains("INVALID_PARAM"), e.getMessage());
        // A refusal whose key field holds stale bytes is refused all the same, whatever the status.
        byte[] stale = new byte[32];
        java.util.Arrays.fill(stale, (byte) 0x5a);
        for (int status : new int[] {0x16, 0x01, 0xFFFFFFFF}) {
            dev.answerNextDerivedKey(status, stale);
            SevGuestException s = assertThrows(SevGuestException.class,
                    () -> att.deriveKey(DerivedKeyRequest.builder().build()), "status " + status);
            assertEquals(status, s.firmwareError().getAsInt());
        }
        // SUCCESS with an all-zero key is never a root key.
        dev.answerNextDerivedKey(0, new byte[32]);
        SevGuestException zero = assertThrows(SevGuestException.class,
                () -> att.deriveKey(DerivedKeyRequest.builder().build()));
        assertTrue(zero.getMessage().contains("all-zero"), zero.getMessage());
        // And the device answers normally afterwards.
        try (SecretBytes k = att.deriveKey(DerivedKeyRequest.builder().build())) {
            assertEquals(32, k.size());
        }
    }

    /** Issue 25 item 1: VMPL and selectors are checked by the public attester before anything is sent. */
    @Test
    void derivedKeyRequestsAreCheckedBeforeTheyAreSent() throws Exception {
        SimulatedSevGuestDevice dev = SimulatedSevGuestDevice.of(DEV, firmware());
        SnpAttester atVmpl2 = SnpAttester.device(dev, DEV, Backoff.none(), 2);
        for (int vmpl = 0; vmpl < 2; vmpl++) {
            DerivedKeyRequest r = DerivedKeyRequest.builder().vmpl(vmpl).build();
            TeeUnavailableException e = assertThrows(TeeUnavailableException.class, () -> atVmpl2.deriveKey(r));
            assertTrue(e.getMessage().contains("below the guest's VMPL 2"), e.getMessage());
        }
        assertTrue(dev.calls().isEmpty(), "nothing reached the device: " + dev.calls());
        try (SecretBytes k = atVmpl2.deriveKey(DerivedKeyRequest.builder().vmpl(3).build())) {
            assertEquals(32, k.size());
        }
        // The check runs on the encoded bytes; a well-built request always passes it.
        for (int vmpl = 0; vmpl <= 3; vmpl++) {
            DerivedKeyRequest.builder().vmpl(vmpl).guestFields(EnumSet.allOf(GuestField.class)).launchMitVector(1)
                    .build().checkBeforeSending(vmpl);
        }
    }

    @Test
    void configfsTsmWithPrivlevelAndAuxblob() throws Exception {
        SimulatedSnpFirmware fw = firmware();
        byte[] table = fw.signer().certificateTable().toBytes();
        List<Integer> privlevels = new ArrayList<>();
        FakeTsmTree tree = FakeTsmTree.builder(TsmRequest.PROVIDER_SEV_GUEST, in -> {
            privlevels.add(in.privlevel().orElse(-1));
            try {
                return FakeTsmTree.Blobs.of(fw.report(in.inblob(), in.privlevel().orElse(0))).withAuxblob(table);
            } catch (TeeUnavailableException e) {
                throw new io.tee4j.core.linux.ErrnoIOException(Errno.EINVAL, "refused");
            }
        }).build();
        SnpAttester att = SnpAttester.configfs(tree.client(Backoff.none()), 0);
        assertEquals("configfs-tsm", att.interfaceName());
        Evidence e = att.attest(NONCE);
        assertEquals(List.of(0), privlevels);
        assertTrue(verifier().verify(e, SnpPolicy.defaults()).verification().revocationChecked());
        assertThrows(TeeUnavailableException.class, () -> att.deriveKey(DerivedKeyRequest.builder().build()));
    }

    @Test
    void simulatedConfigfsTreeWithTheRealClient() throws Exception {
        SimulatedSnpFirmware fw = SimulatedSnpFirmware.of(SimulatedSnpSigner.vcek(SimulatorTest.chain(ProductLine.GENOA)),
                b -> { }, 1, new byte[32], new byte[32]);
        SimulatedTsmTree tree = SimulatedTsmTree.of(Path.of("/sys/kernel/config/tsm/report"), fw);
        Evidence e = SnpAttester.configfs(tree.client(Backoff.none()), 1).attest(NONCE);
        assertEquals(1, AttestationReport.parse(e.raw()).vmpl());
        assertTrue(verifier().verify(e, SnpPolicy.defaults()).verification().revocationChecked());
        assertThrows(TeeUnavailableException.class,
                () -> SnpAttester.configfs(tree.client(Backoff.none()), 0).attest(NONCE));
        Evidence bare = SnpAttester.configfs(SimulatedTsmTree.withoutCertificates(tree.root(), fw)
                .client(Backoff.none()), 2).attest(NONCE);
        assertTrue(bare.auxBlob().isEmpty());
    }

    // --- The same code over JNA, against a C fake driver built from the kernel's uapi header. ---

    private Path fixture(String name, SimulatedSnpFirmware fw, byte[] reportData, boolean certs) throws Exception {
        Path p = dir.resolve(name);
        Files.write(Path.of(p + ".report"), fw.report(java.util.Arrays.copyOf(reportData, 64), 0));
        if (certs) {
            Files.write(Path.of(p + ".certs"), fw.signer().certificateTable().toBytes());
        }
        return p;
    }

    private static NativeDevices fakeDriver() {
        Gcc.require();
        return NativeDevices.library(fakeLib.toString(), "tee4j_sev_");
    }

    @Test
    void jnaPathAgainstTheCFakeDriver() throws Exception {
        NativeDevices lib = fakeDriver();
        SimulatedSnpFirmware fw = firmware();
        Path dev = fixture("sev-guest", fw, NONCE, true);
        SnpAttester att = SnpAttester.device(lib, dev.toString(), Backoff.none(), 0);
        Evidence e = att.attest(NONCE);
        assertTrue(e.auxBlob().isPresent());
        assertTrue(verifier().verify(e, SnpPolicy.defaults()).verification().revocationChecked());
        try (SevGuestDevice d = SevGuestDevice.open(lib, dev.toString(), Backoff.none())) {
            assertArrayEquals(Files.readAllBytes(Path.of(dev + ".report")), d.getReport(NONCE, 0));
            // A different nonce is a different request: the fake firmware refuses it.
            SevGuestException refused = assertThrows(SevGuestException.class, () -> d.getReport(new byte[1], 0));
            assertEquals(Errno.EIO, refused.errno());
            assertEquals(0x16, refused.firmwareError().getAsInt());
        }
    }

    @Test
    void jnaDerivedKeyLayoutMatchesTheKernelStruct() throws Exception {
        NativeDevices lib = fakeDriver();
        Path dev = fixture("sev-guest-keys", firmware(), NONCE, false);
        DerivedKeyRequest v1 = DerivedKeyRequest.builder().rootKey(DerivedKeyRequest.RootKey.VCEK)
                .guestFields(EnumSet.of(GuestField.GUEST_POLICY, GuestField.MEASUREMENT, GuestField.TCB_VERSION))
                .vmpl(2).guestSvn(7).tcbVersion(0xdb18000000000004L).build();
        DerivedKeyRequest v2 = DerivedKeyRequest.builder().addGuestField(GuestField.LAUNCH_MIT_VECTOR)
                .vmpl(1).launchMitVector(0x11223344L).build();
        try (SevGuestDevice d = SevGuestDevice.open(lib, dev.toString(), Backoff.none())) {
            for (DerivedKeyRequest r : List.of(v1, v2)) {
                byte[] expected = expectedFakeKey(r);
                try (SecretBytes k = d.getDerivedKey(r)) {
                    assertArrayEquals(expected, k.toByteArray(SecretAccess.INSECURE), r.toString());
                }
            }
        }
    }

    private static byte[] expectedFakeKey(DerivedKeyRequest r) {
        byte[] m = new byte[32];
        LittleEndian.putU32(m, 0, r.rootKey().bit());
        LittleEndian.putU64(m, 4, r.guestFieldSelect());
        LittleEndian.putU32(m, 12, r.vmpl());
        LittleEndian.putU32(m, 16, r.guestSvn());
        LittleEndian.putU64(m, 20, r.tcbVersion());
        long tail = r.messageVersion() ^ (r.messageVersion() >= 2 ? r.launchMitVector() & 0xFFFFFFFFL : 0);
        LittleEndian.putU32(m, 28, tail);
        for (int i = 0; i < 32; i++) {
            m[i] ^= (byte) 0xA5;
        }
        return m;
    }

    @Test
    void jnaErrorsBusyRetriesAndMissingDevice() throws Exception {
        NativeDevices lib = fakeDriver();
        SimulatedSnpFirmware fw = firmware();
        Path busy = fixture("sev-guest-busy", fw, NONCE, false);
        SLEPT.clear();
        SnpAttester.device(lib, busy.toString(), recordingBackoff(), 0).attest(NONCE);
        assertEquals(2, SLEPT.size());
        Path fwerr = fixture("sev-guest-fwerr", fw, NONCE, false);
        SevGuestException e = assertThrows(SevGuestException.class,
                () -> SnpAttester.device(lib, fwerr.toString(), Backoff.none(), 0).attest(NONCE));
        assertEquals(0x16, e.firmwareError().getAsInt());
        Path garbage = fixture("sev-guest-garbage", fw, NONCE, false);
        SevGuestException g = assertThrows(SevGuestException.class,
                () -> SnpAttester.device(lib, garbage.toString(), Backoff.none(), 0).attest(NONCE));
        assertEquals(Errno.EINVAL, g.errno());
        assertFalse(g.firmwareError().isPresent());
        assertThrows(TeeUnavailableException.class,
                () -> SnpAttester.device(lib, dir.resolve("missing").toString(), Backoff.none(), 0).attest(NONCE));
    }
}
