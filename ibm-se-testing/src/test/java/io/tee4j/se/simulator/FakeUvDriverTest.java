package io.tee4j.se.simulator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.tee4j.core.AttestationException;
import io.tee4j.core.linux.DeviceFile;
import io.tee4j.core.linux.NativeBuffer;
import io.tee4j.se.abi.AttestationFlags;
import io.tee4j.se.abi.ExchangeEntry;
import io.tee4j.se.abi.ExchangeFile;
import io.tee4j.se.abi.HeaderTags;
import io.tee4j.se.client.SeAttester;
import io.tee4j.se.client.SeRequest;
import io.tee4j.se.client.SeRequestBuilder;
import io.tee4j.se.client.UvCallException;
import io.tee4j.se.client.UvDevice;
import io.tee4j.se.client.UvReturnCode;
import io.tee4j.se.verify.HkdVerifier;
import io.tee4j.se.verify.SeTrustAnchors;
import io.tee4j.se.verify.SeVerifier;
import io.tee4j.se.verify.VerifiedHkd;
import io.tee4j.se.validate.SePolicy;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;

/** SeAttester's ioctl marshalling against a fake /dev/uv that plays the simulated Ultravisor. */
class FakeUvDriverTest {
    private static final Instant NOW = Instant.parse("2026-12-01T00:00:00Z");

    /** Reads the big-endian structs the way the s390x kernel does and answers through the simulator. */
    static final class FakeUv implements DeviceFile {
        private final UltravisorSimulator uv;
        long lastRequest;

        FakeUv(UltravisorSimulator uv) {
            this.uv = uv;
        }

        @Override
        public String path() {
            return UvDevice.PATH;
        }

        @Override
        public int ioctl(long request, NativeBuffer arg) {
            lastRequest = request;
            ByteBuffer cb = ByteBuffer.wrap(arg.getBytes(0, UvDevice.CB_SIZE));
            assertEquals(UvDevice.ATTEST_SIZE, cb.getInt(UvDevice.CB_ARGUMENT_LEN));
            NativeBuffer attest = NativeBuffer.view(cb.getLong(UvDevice.CB_ARGUMENT_ADDR), UvDevice.ATTEST_SIZE);
            ByteBuffer a = ByteBuffer.wrap(attest.getBytes(0, UvDevice.ATTEST_SIZE));
            byte[] arcb = NativeBuffer.view(a.getLong(UvDevice.ARCB_ADDR), a.getInt(UvDevice.ARCB_LEN)).toByteArray();
            byte[] user = new byte[a.getShort(UvDevice.USER_DATA_LEN)];
            a.get(UvDevice.USER_DATA, user);
            int rc = UvDevice.UV_RC_SUCCESS;
            try {
                ExchangeFile resp = ExchangeFile.parse(uv.attest(new ExchangeFile(arcb, ExchangeEntry.expectedSize(64), null, null,
                        null).encode(), user));
                NativeBuffer.view(a.getLong(UvDevice.MEAS_ADDR), 64).putBytes(0, resp.measurement().data());
                byte[] add = resp.additionalBytes();
                if (add.length > 0) {
                    NativeBuffer.view(a.getLong(UvDevice.ADD_DATA_ADDR), add.length).putBytes(0, add);
                }
                attest.putBytes(UvDevice.CONFIG_UID, resp.cuid().data());
                attest.putBytes(UvDevice.ADD_DATA_LEN, ByteBuffer.allocate(4).putInt(add.length).array());
            } catch (UvCallException e) {
                rc = e.rc();
            } catch (AttestationException e) {
                rc = UvReturnCode.UNSUPPORTED_VERSION.code();
            }
            arg.putBytes(UvDevice.CB_UV_RC, ByteBuffer.allocate(2).putShort((short) rc).array());
            return 0;
        }

        @Override
        public void close() {
        }
    }

    @Test
    void ioctlNumberIsTheOneS390ToolsAsserts() {
        assertEquals(0xC0407501L, UvDevice.UVIO_IOCTL_ATT);
    }

    @Test
    void attestThroughTheFakeDriverVerifies() throws Exception {
        SimulatedIbmPki pki = SimulatedIbmPki.create(NOW, new SecureRandom());
        List<VerifiedHkd> hkds = HkdVerifier.of(SeTrustAnchors.explicit(List.of(pki.root())), pki.certificates(), pki.crls(),
                Clock.fixed(NOW, ZoneOffset.UTC)).verify(List.of(pki.hkd()));
        HeaderTags tags = HeaderTags.of(new byte[HeaderTags.SIZE]);
        FakeUv fake = new FakeUv(new UltravisorSimulator(pki.hostKey(), tags, new byte[16]));
        SeRequest req = SeRequestBuilder.withDefaultRandom().createRequest(hkds,
                EnumSet.of(AttestationFlags.IMAGE_PHKH, AttestationFlags.ATTESTATION_PHKH), null);
        byte[] resp = new SeAttester(path -> fake).attest(req.exchangeRequest(), new byte[] {1, 2, 3});
        assertEquals(UvDevice.UVIO_IOCTL_ATT, fake.lastRequest);
        assertArrayEquals(new byte[] {1, 2, 3},
                new SeVerifier(Clock.systemUTC()).verify(resp, req.exchangeRequest(), req.arpk(), List.of(tags),
                        SePolicy.builder().build()).userData());
        SimulatedIbmPki other = SimulatedIbmPki.create(NOW, new SecureRandom());
        FakeUv wrongHost = new FakeUv(new UltravisorSimulator(other.hostKey(), tags, new byte[16]));
        UvCallException e = assertThrows(UvCallException.class,
                () -> new SeAttester(path -> wrongHost).attest(req.exchangeRequest(), new byte[0]));
        assertEquals(UvReturnCode.CANNOT_DECRYPT, e.returnCode().orElseThrow());
    }
}
