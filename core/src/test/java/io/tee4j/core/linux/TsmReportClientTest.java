package io.tee4j.core.linux;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tee4j.core.FailureClass;
import io.tee4j.core.testing.FakeTsmTree;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class TsmReportClientTest {

    private final List<Duration> sleeps = new ArrayList<>();
    private final Backoff backoff = Backoff.builder().maxAttempts(4).initialDelay(Duration.ofMillis(10))
            .maxDelay(Duration.ofMillis(25)).sleeper(sleeps::add).build();

    private static byte[] nonce(int length) {
        byte[] b = new byte[length];
        for (int i = 0; i < length; i++) {
            b[i] = (byte) (i * 7 + 1);
        }
        return b;
    }

    /** A "report" that depends on every input, so a wrong inblob or privlevel shows. */
    private static FakeTsmTree.Generator echo(byte[] aux) {
        return in -> {
            MessageDigest sha = sha256();
            sha.update(in.inblob());
            sha.update((byte) in.privlevel().orElse(-1));
            in.attributes().forEach((k, v) -> sha.update((k + "=" + v).getBytes(StandardCharsets.US_ASCII)));
            byte[] out = new byte[1184];
            System.arraycopy(sha.digest(), 0, out, 0, 32);
            System.arraycopy(in.inblob(), 0, out, 0x50, in.inblob().length);
            return FakeTsmTree.Blobs.of(out).withAuxblob(aux);
        };
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void happyPathSevGuest() throws Exception {
        byte[] aux = "cert-table".getBytes(StandardCharsets.US_ASCII);
        FakeTsmTree tree = FakeTsmTree.builder(TsmRequest.PROVIDER_SEV_GUEST, echo(aux)).build();
        TsmReport report = tree.client(backoff).getReport(TsmRequest.builder(nonce(64)).privlevel(1)
                .expectedProvider(TsmRequest.PROVIDER_SEV_GUEST).build());
        assertEquals("sev_guest", report.provider());
        assertEquals(2, report.generation(), "privlevel and inblob writes");
        byte[] out = report.outblob();
        assertEquals(1184, out.length);
        assertArrayEquals(nonce(64), Arrays.copyOfRange(out, 0x50, 0x50 + 64));
        assertArrayEquals(aux, report.auxblob().orElseThrow());
        assertTrue(report.manifestblob().isEmpty());
        assertTrue(tree.liveEntries().isEmpty(), "entry removed");
        assertEquals(1, tree.createdEntries().size());
        assertTrue(tree.createdEntries().get(0).startsWith("tee4j-"));
        assertTrue(sleeps.isEmpty());
        assertFalse(report.toString().contains("cert"), "toString shows no data");
    }

    @Test
    void privlevelAndAttributesReachTheProvider() throws Exception {
        FakeTsmTree tree = FakeTsmTree.builder("test_guest", echo(null)).build();
        TsmReportClient client = tree.client(backoff);
        byte[] a = client.getReport(TsmRequest.builder(nonce(64)).privlevel(0).build()).outblob();
        byte[] b = client.getReport(TsmRequest.builder(nonce(64)).privlevel(2).build()).outblob();
        byte[] c = client.getReport(TsmRequest.builder(nonce(64)).privlevel(2)
                .attribute("service_provider", "svsm").build()).outblob();
        assertFalse(Arrays.equals(a, b));
        assertFalse(Arrays.equals(b, c));
        TsmReport r = client.getReport(TsmRequest.builder(nonce(64)).privlevel(2).attribute("service_provider", "svsm")
                .attribute("service_manifest_version", "1").build());
        assertEquals(4, r.generation());
        assertTrue(tree.liveEntries().isEmpty());
    }

    @Test
    void tdxHasNoAuxblob() throws Exception {
        FakeTsmTree tree = FakeTsmTree.builder(TsmRequest.PROVIDER_TDX_GUEST, echo(new byte[] {1})).build();
        TsmReport r = tree.client(backoff).getReport(TsmRequest.builder(nonce(64))
                .expectedProvider("tdx_guest").build());
        assertTrue(r.auxblob().isEmpty(), "tdx_guest shows no auxblob attribute");
        assertEquals(1, r.generation());
    }

    @Test
    void emptyAuxblobIsAbsentAndHyphenatedProviderMatches() throws Exception {
        FakeTsmTree tree = FakeTsmTree.builder(TsmRequest.PROVIDER_ARM_CCA_GUEST, echo(new byte[0])).build();
        TsmReport r = tree.client(backoff).getReport(TsmRequest.builder(nonce(32))
                .expectedProvider("arm-cca-guest").build());
        assertTrue(r.auxblob().isEmpty());
        assertEquals("arm_cca_guest", r.provider());
    }

    @Test
    void manifestblobReadWhenAsked() throws Exception {
        FakeTsmTree tree = FakeTsmTree.builder("test_guest",
                in -> FakeTsmTree.Blobs.of(new byte[] {9}).withManifestblob(new byte[] {7, 7})).build();
        TsmReport r = tree.client(backoff).getReport(TsmRequest.builder(nonce(64)).readManifestblob(true).build());
        assertArrayEquals(new byte[] {7, 7}, r.manifestblob().orElseThrow());
    }

    @Test
    void concurrentWriterIsRetriedInAFreshEntry() throws Exception {
        FakeTsmTree tree = FakeTsmTree.builder(TsmRequest.PROVIDER_SEV_GUEST, echo(null)).build();
        tree.concurrentWriteBeforeNextOutblobReads(2);
        TsmReport r = tree.client(backoff).getReport(TsmRequest.of(nonce(64)));
        assertEquals(1, r.generation());
        assertEquals(3, tree.createdEntries().size(), "two discarded attempts, one good");
        assertEquals(3, tree.createdEntries().stream().distinct().count(), "each attempt in its own entry");
        assertEquals(List.of(Duration.ofMillis(10), Duration.ofMillis(20)), sleeps);
        assertTrue(tree.liveEntries().isEmpty());
    }

    @Test
    void persistentConcurrentWriterFailsClearly() {
        FakeTsmTree tree = FakeTsmTree.builder(TsmRequest.PROVIDER_SEV_GUEST, echo(null)).build();
        tree.concurrentWriteBeforeNextOutblobReads(Integer.MAX_VALUE);
        TsmException e = assertThrows(TsmException.class, () -> tree.client(backoff).getReport(TsmRequest.of(nonce(64))));
        assertEquals(TsmException.Reason.CONCURRENT_WRITER, e.reason());
        assertTrue(e.getMessage().contains("generation went from 0 to 2, expected 1"), e.getMessage());
        assertTrue(e.getMessage().contains("gave up after 4 attempts"), e.getMessage());
        assertEquals(FailureClass.TEE_UNAVAILABLE, e.failureClass());
        assertEquals(List.of(Duration.ofMillis(10), Duration.ofMillis(20), Duration.ofMillis(25)), sleeps);
        assertTrue(tree.liveEntries().isEmpty(), "every attempt's entry removed");
    }

    @Test
    void unexpectedProviderNamesBoth() {
        FakeTsmTree tree = FakeTsmTree.builder(TsmRequest.PROVIDER_TDX_GUEST, echo(null)).build();
        TsmException e = assertThrows(TsmException.class, () -> tree.client(backoff).getReport(
                TsmRequest.builder(nonce(64)).expectedProvider(TsmRequest.PROVIDER_SEV_GUEST).build()));
        assertEquals(TsmException.Reason.PROVIDER_MISMATCH, e.reason());
        assertTrue(e.getMessage().contains("'tdx_guest'") && e.getMessage().contains("'sev_guest'"), e.getMessage());
        assertEquals(0, tree.generatorCalls(), "nothing produced by the wrong provider");
        assertTrue(tree.liveEntries().isEmpty());
        assertTrue(sleeps.isEmpty(), "not retried");
    }

    @Test
    void missingTreeSaysHowToMountAndWhichKernel() {
        FakeTsmTree tree = FakeTsmTree.builder(TsmRequest.PROVIDER_SEV_GUEST, echo(null)).present(false).build();
        TsmException e = assertThrows(TsmException.class, () -> tree.client(backoff).getReport(TsmRequest.of(nonce(64))));
        assertEquals(TsmException.Reason.UNAVAILABLE, e.reason());
        assertTrue(e.getMessage().contains("mount -t configfs none /sys/kernel/config"), e.getMessage());
        assertTrue(e.getMessage().contains("6.7") && e.getMessage().contains("CONFIG_TSM_REPORTS"), e.getMessage());
        assertFalse(e.probes().isEmpty());
        assertTrue(tree.createdEntries().isEmpty());
        assertFalse(tree.client(backoff).isPresent());
    }

    @Test
    void unreadableTreeIsPermissionDenied() {
        FakeTsmTree tree = FakeTsmTree.builder(TsmRequest.PROVIDER_SEV_GUEST, echo(null)).build();
        tree.failNext("mkdir", Errno.EACCES, Integer.MAX_VALUE);
        TsmException e = assertThrows(TsmException.class, () -> tree.client(backoff).getReport(TsmRequest.of(nonce(64))));
        assertEquals(TsmException.Reason.PERMISSION_DENIED, e.reason());
        assertEquals(Errno.EACCES, e.errno().getAsInt());
        assertTrue(e.getMessage().contains("EACCES") && e.getMessage().contains("run as root"), e.getMessage());
        assertTrue(sleeps.isEmpty());
    }

    @Test
    void noProviderRegistered() {
        FakeTsmTree tree = FakeTsmTree.builder(TsmRequest.PROVIDER_SEV_GUEST, echo(null)).build();
        tree.failNext("mkdir", Errno.ENXIO, 1);
        TsmException e = assertThrows(TsmException.class, () -> tree.client(backoff).getReport(TsmRequest.of(nonce(64))));
        assertEquals(TsmException.Reason.NO_PROVIDER, e.reason());
        assertTrue(e.getMessage().contains("ENXIO") && e.getMessage().contains("load the guest driver"), e.getMessage());
    }

    @Test
    void emptyOutblobIsTypedWithTdxHint() {
        FakeTsmTree tree = FakeTsmTree.builder(TsmRequest.PROVIDER_TDX_GUEST, in -> FakeTsmTree.Blobs.of(new byte[0])).build();
        TsmException e = assertThrows(TsmException.class, () -> tree.client(backoff).getReport(TsmRequest.of(nonce(64))));
        assertEquals(TsmException.Reason.EMPTY_OUTBLOB, e.reason());
        assertTrue(e.getMessage().contains("empty outblob") && e.getMessage().contains("quote generation service"),
                e.getMessage());
        assertTrue(tree.liveEntries().isEmpty());
        assertTrue(sleeps.isEmpty(), "not retried");
    }

    @Test
    void busyIsRetriedWithBackoff() throws Exception {
        FakeTsmTree tree = FakeTsmTree.builder(TsmRequest.PROVIDER_TDX_GUEST, echo(null)).build();
        tree.failNext("outblob", Errno.EBUSY, 2);
        TsmReport r = tree.client(backoff).getReport(TsmRequest.of(nonce(64)));
        assertEquals(1184, r.outblob().length);
        assertEquals(List.of(Duration.ofMillis(10), Duration.ofMillis(20)), sleeps);
        assertTrue(tree.liveEntries().isEmpty());
    }

    @Test
    void persistentBusyFailsAfterBoundedRetries() {
        FakeTsmTree tree = FakeTsmTree.builder(TsmRequest.PROVIDER_TDX_GUEST, echo(null)).build();
        tree.failNext("inblob", Errno.EAGAIN, Integer.MAX_VALUE);
        TsmException e = assertThrows(TsmException.class, () -> tree.client(backoff).getReport(TsmRequest.of(nonce(64))));
        assertEquals(TsmException.Reason.BUSY, e.reason());
        assertEquals(Errno.EAGAIN, e.errno().getAsInt());
        assertTrue(e.getMessage().contains("gave up after 4 attempts"), e.getMessage());
        assertEquals(3, sleeps.size());
        assertEquals(4, tree.createdEntries().size());
        assertTrue(tree.liveEntries().isEmpty());
    }

    @Test
    void wrongInblobLengthIsInvalidRequest() {
        FakeTsmTree tree = FakeTsmTree.builder(TsmRequest.PROVIDER_SEV_GUEST, echo(null)).build();
        TsmException e = assertThrows(TsmException.class, () -> tree.client(backoff).getReport(TsmRequest.of(nonce(32))));
        assertEquals(TsmException.Reason.INVALID_REQUEST, e.reason());
        assertTrue(e.getMessage().contains("inblob") && e.getMessage().contains("EINVAL"), e.getMessage());
        assertTrue(tree.liveEntries().isEmpty());
    }

    @Test
    void attributeTheProviderLacksIsInvalidRequest() {
        FakeTsmTree tree = FakeTsmTree.builder(TsmRequest.PROVIDER_TDX_GUEST, echo(null)).build();
        TsmException e = assertThrows(TsmException.class,
                () -> tree.client(backoff).getReport(TsmRequest.builder(nonce(64)).privlevel(0).build()));
        assertEquals(TsmException.Reason.INVALID_REQUEST, e.reason());
        assertTrue(e.getMessage().contains("does not offer the attribute 'privlevel'"), e.getMessage());
        assertEquals(0, tree.generatorCalls());
        assertTrue(tree.liveEntries().isEmpty());
    }

    @Test
    void privlevelBelowFloorIsInvalidRequest() {
        FakeTsmTree tree = FakeTsmTree.builder(TsmRequest.PROVIDER_SEV_GUEST, echo(null)).privlevelFloor(2).build();
        TsmException e = assertThrows(TsmException.class,
                () -> tree.client(backoff).getReport(TsmRequest.builder(nonce(64)).privlevel(1).build()));
        assertEquals(TsmException.Reason.INVALID_REQUEST, e.reason());
        assertTrue(e.getMessage().contains("privlevel"), e.getMessage());
    }

    @Test
    void providerFailureIsIoErrorOrNoProvider() {
        FakeTsmTree tree = FakeTsmTree.builder(TsmRequest.PROVIDER_TDX_GUEST, in -> {
            throw new ErrnoIOException(Errno.EIO, "GetQuote");
        }).build();
        TsmException e = assertThrows(TsmException.class, () -> tree.client(backoff).getReport(TsmRequest.of(nonce(64))));
        assertEquals(TsmException.Reason.IO_ERROR, e.reason());
        assertTrue(e.getMessage().contains("EIO"), e.getMessage());

        FakeTsmTree sev = FakeTsmTree.builder(TsmRequest.PROVIDER_SEV_GUEST, in -> {
            throw new ErrnoIOException(Errno.ENXIO, "firmware error");
        }).build();
        TsmException e2 = assertThrows(TsmException.class, () -> sev.client(backoff).getReport(TsmRequest.of(nonce(64))));
        assertEquals(TsmException.Reason.NO_PROVIDER, e2.reason());
    }

    @Test
    void oversizedOutblobIsTooLargeAndNotRead() {
        FakeTsmTree tree = FakeTsmTree.builder(TsmRequest.PROVIDER_TDX_GUEST,
                in -> FakeTsmTree.Blobs.of(new byte[100])).build();
        TsmReportClient client = TsmReportClient.builder().root(tree.root()).fileSystem(tree).backoff(backoff)
                .maxBlobBytes(99).build();
        TsmException e = assertThrows(TsmException.class, () -> client.getReport(TsmRequest.of(nonce(64))));
        assertEquals(TsmException.Reason.TOO_LARGE, e.reason());
        assertTrue(e.getMessage().contains("cap 99 bytes"), e.getMessage());
    }

    @Test
    void malformedGenerationAndProvider() {
        TsmFileSystem garbled = new ForwardingFs(FakeTsmTree.builder(TsmRequest.PROVIDER_TDX_GUEST, echo(null)).build()) {
            @Override
            public byte[] read(Path file, int maxBytes) throws java.io.IOException {
                if (file.getFileName().toString().equals("generation")) {
                    return "-1\n".getBytes(StandardCharsets.US_ASCII);
                }
                return super.read(file, maxBytes);
            }
        };
        TsmReportClient client = TsmReportClient.builder().fileSystem(garbled).backoff(backoff).build();
        TsmException e = assertThrows(TsmException.class, () -> client.getReport(TsmRequest.of(nonce(64))));
        assertEquals(TsmException.Reason.MALFORMED_ATTRIBUTE, e.reason());
        assertTrue(e.getMessage().contains("generation"), e.getMessage());

        TsmFileSystem noName = new ForwardingFs(FakeTsmTree.builder(TsmRequest.PROVIDER_TDX_GUEST, echo(null)).build()) {
            @Override
            public byte[] read(Path file, int maxBytes) throws java.io.IOException {
                if (file.getFileName().toString().equals("provider")) {
                    return "\n".getBytes(StandardCharsets.US_ASCII);
                }
                return super.read(file, maxBytes);
            }
        };
        TsmException e2 = assertThrows(TsmException.class, () -> TsmReportClient.builder().fileSystem(noName)
                .backoff(backoff).build().getReport(TsmRequest.of(nonce(64))));
        assertEquals(TsmException.Reason.MALFORMED_ATTRIBUTE, e2.reason());
        assertTrue(e2.getMessage().contains("provider"), e2.getMessage());
    }

    @Test
    void rmdirFailureAfterFailureIsSuppressedNotMasking() {
        FakeTsmTree tree = FakeTsmTree.builder(TsmRequest.PROVIDER_TDX_GUEST, echo(null)).build();
        tree.failNext("rmdir", Errno.EBUSY, Integer.MAX_VALUE);
        TsmException e = assertThrows(TsmException.class, () -> tree.client(backoff).getReport(
                TsmRequest.builder(nonce(64)).expectedProvider("sev_guest").build()));
        assertEquals(TsmException.Reason.PROVIDER_MISMATCH, e.reason());
        assertEquals(1, e.getSuppressed().length);
    }

    @Test
    void rmdirFailureAfterSuccessStillReturnsTheReport() throws Exception {
        FakeTsmTree tree = FakeTsmTree.builder(TsmRequest.PROVIDER_TDX_GUEST, echo(null)).build();
        tree.failNext("rmdir", Errno.EBUSY, 1);
        assertEquals(1184, tree.client(backoff).getReport(TsmRequest.of(nonce(64))).outblob().length);
    }

    @Test
    void providerProbeMakesNoReport() throws Exception {
        FakeTsmTree tree = FakeTsmTree.builder(TsmRequest.PROVIDER_SEV_GUEST, echo(null)).build();
        assertEquals("sev_guest", tree.client(backoff).provider());
        assertEquals(0, tree.generatorCalls());
        assertTrue(tree.liveEntries().isEmpty());
        assertTrue(tree.client(backoff).isPresent());
    }

    @Test
    void requestValidation() {
        assertThrows(IllegalArgumentException.class, () -> TsmRequest.of(new byte[0]));
        assertThrows(IllegalArgumentException.class, () -> TsmRequest.of(new byte[65]));
        assertThrows(IllegalArgumentException.class, () -> TsmRequest.builder(nonce(64)).privlevel(4));
        assertThrows(IllegalArgumentException.class, () -> TsmRequest.builder(nonce(64)).privlevel(-1));
        assertThrows(IllegalArgumentException.class, () -> TsmRequest.builder(nonce(64)).attribute("inblob", "x"));
        assertThrows(IllegalArgumentException.class, () -> TsmRequest.builder(nonce(64)).attribute("../x", "x"));
        assertThrows(IllegalArgumentException.class, () -> TsmRequest.builder(nonce(64)).attribute("a", "x\n"));
        assertThrows(NullPointerException.class, () -> TsmRequest.of(null));
        byte[] in = nonce(64);
        TsmRequest r = TsmRequest.of(in);
        in[0] ^= 1;
        assertArrayEquals(nonce(64), r.inblob(), "defensive copy");
        assertEquals("TsmRequest[inblob 64 bytes]", r.toString(), "no inblob bytes in toString");
    }

    @Test
    void badEntryNameSupplierIsRejected() {
        FakeTsmTree tree = FakeTsmTree.builder(TsmRequest.PROVIDER_TDX_GUEST, echo(null)).build();
        TsmReportClient client = TsmReportClient.builder().fileSystem(tree).backoff(backoff)
                .entryNames(() -> "../escape").build();
        assertThrows(IllegalStateException.class, () -> client.getReport(TsmRequest.of(nonce(64))));
    }

    /** Delegates every call; tests override one. */
    static class ForwardingFs implements TsmFileSystem {
        private final TsmFileSystem d;

        ForwardingFs(TsmFileSystem d) {
            this.d = d;
        }

        @Override
        public boolean isDirectory(Path path) {
            return d.isDirectory(path);
        }

        @Override
        public boolean exists(Path path) {
            return d.exists(path);
        }

        @Override
        public void createDirectory(Path dir) throws java.io.IOException {
            d.createDirectory(dir);
        }

        @Override
        public void deleteDirectory(Path dir) throws java.io.IOException {
            d.deleteDirectory(dir);
        }

        @Override
        public void write(Path file, byte[] data) throws java.io.IOException {
            d.write(file, data);
        }

        @Override
        public byte[] read(Path file, int maxBytes) throws java.io.IOException {
            return d.read(file, maxBytes);
        }
    }
}
