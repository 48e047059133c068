package io.tee4j.tdx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tee4j.core.Evidence;
import io.tee4j.core.MalformedEvidenceException;
import io.tee4j.core.TeeUnavailableException;
import io.tee4j.core.linux.Backoff;
import io.tee4j.core.linux.Errno;
import io.tee4j.core.linux.IoctlException;
import io.tee4j.core.linux.TsmRequest;
import io.tee4j.core.testing.FakeDevices;
import io.tee4j.core.testing.FakeTsmTree;
import io.tee4j.tdx.abi.TdReport;
import io.tee4j.tdx.abi.TdxQuote;
import io.tee4j.tdx.client.TdxAttester;
import io.tee4j.tdx.client.TdxAttesterProvider;
import io.tee4j.tdx.simulator.TdxSimulator;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class TdxAttesterTest {
    private static final TdxSimulator SIM = TdxSimulator.builder().build();

    @Test
    void ioctlNumberAndLayoutArePinned() {
        // _IOWR('T', 1, struct tdx_report_req { u8 reportdata[64]; u8 tdreport[1024]; }) from the research notes.
        assertEquals(0xC4405401L, TdxAttester.TDX_CMD_GET_REPORT0);
        assertEquals(List.of("/dev/tdx_guest", "/dev/tdx-guest"), TdxAttester.DEVICE_PATHS);
    }

    @Test
    void quoteThroughConfigfsTsm() throws Exception {
        FakeTsmTree tree = FakeTsmTree.builder(TsmRequest.PROVIDER_TDX_GUEST,
                in -> FakeTsmTree.Blobs.of(SIM.quote(in.inblob()))).build();
        TdxAttester a = TdxAttester.builder().tsmClient(tree.client(Backoff.none())).devices(new FakeDevices()).build();
        byte[] nonce = {1, 2, 3};
        Evidence e = a.attest(nonce);
        TdxQuote q = TdxQuote.parse(e.raw());
        assertArrayEquals(Arrays.copyOf(nonce, 64), q.body().reportData());
        assertTrue(tree.liveEntries().isEmpty());
        assertThrows(IllegalArgumentException.class, () -> a.attest(new byte[65]));
    }

    @Test
    void emptyOrForeignAnswersAreErrors() {
        FakeTsmTree garbage = FakeTsmTree.builder(TsmRequest.PROVIDER_TDX_GUEST,
                in -> FakeTsmTree.Blobs.of(new byte[] {1, 2, 3})).build();
        TdxAttester a = TdxAttester.builder().tsmClient(garbage.client(Backoff.none())).devices(new FakeDevices())
                .build();
        assertThrows(MalformedEvidenceException.class, () -> a.attest(new byte[64]));
        FakeTsmTree sev = FakeTsmTree.builder(TsmRequest.PROVIDER_SEV_GUEST,
                in -> FakeTsmTree.Blobs.of(new byte[1184])).build();
        TdxAttester b = TdxAttester.builder().tsmClient(sev.client(Backoff.none())).devices(new FakeDevices()).build();
        assertThrows(TeeUnavailableException.class, () -> b.attest(new byte[64]));
        FakeTsmTree absent = FakeTsmTree.builder(TsmRequest.PROVIDER_TDX_GUEST,
                in -> FakeTsmTree.Blobs.of(new byte[1])).present(false).build();
        TdxAttester c = TdxAttester.builder().tsmClient(absent.client(Backoff.none())).devices(new FakeDevices())
                .build();
        assertThrows(TeeUnavailableException.class, () -> c.attest(new byte[64]));
    }

    @Test
    void tdReportThroughEitherDevice() throws Exception {
        byte[] report = Vectors.bytes("intel-dcap/tdreport_for_test.dat");
        for (String path : TdxAttester.DEVICE_PATHS) {
            FakeDevices devs = new FakeDevices().device(path, (p, request, arg) -> {
                if (request != 0xC4405401L || arg.size() != 1088) {
                    throw new IoctlException(p, request, Errno.EINVAL);
                }
                assertEquals(7, arg.getByte(0));
                arg.putBytes(64, report);
                return 0;
            });
            TdxAttester a = TdxAttester.builder().tsmClient(FakeTsmTree.builder(TsmRequest.PROVIDER_TDX_GUEST,
                    in -> FakeTsmTree.Blobs.of(new byte[1])).build().client(Backoff.none())).devices(devs).build();
            TdReport r = a.tdReport(new byte[] {7});
            assertArrayEquals(report, r.raw());
            assertEquals(0, devs.openFiles());
        }
        TdxAttester none = TdxAttester.builder().tsmClient(FakeTsmTree.builder(TsmRequest.PROVIDER_TDX_GUEST,
                in -> FakeTsmTree.Blobs.of(new byte[1])).build().client(Backoff.none())).devices(new FakeDevices())
                .build();
        TeeUnavailableException e = assertThrows(TeeUnavailableException.class, () -> none.tdReport(new byte[64]));
        assertTrue(e.getMessage().contains("/dev/tdx-guest"), e.getMessage());
        FakeDevices eio = new FakeDevices().device("/dev/tdx_guest", (p, request, arg) -> {
            throw new IoctlException(p, request, Errno.EIO);
        });
        TdxAttester failing = TdxAttester.builder().tsmClient(FakeTsmTree.builder(TsmRequest.PROVIDER_TDX_GUEST,
                in -> FakeTsmTree.Blobs.of(new byte[1])).build().client(Backoff.none())).devices(eio).build();
        assertThrows(IoctlException.class, () -> failing.tdReport(new byte[64]));
        assertEquals(0, eio.openFiles());
    }

    @Test
    void providerProbeHasNoSideEffects() {
        TdxAttesterProvider p = new TdxAttesterProvider();
        assertEquals(io.tee4j.core.TeeType.TDX, p.type());
        assertEquals(3, p.probe().findings().size());
    }
}
