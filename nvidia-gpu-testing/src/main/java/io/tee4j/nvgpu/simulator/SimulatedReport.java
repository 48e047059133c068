package io.tee4j.nvgpu.simulator;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.util.Map;

/** The simulator's SPDM 1.1 GET_MEASUREMENTS request and response, in an H100's layout, signed by the FMC leaf. */
final class SimulatedReport {
    private static final int BLOCKS = NvGpuSimulator.BLOCKS;

    private SimulatedReport() {
    }

    static byte[] build(byte[] nonce, byte[][] measurements, byte[] vbios, String driverVersion, byte[] fwid,
            Map<Integer, byte[]> extraOpaque, PrivateKey leafKey, SecureRandom random) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0x11);
        out.write(0xe0);
        out.write(0x01);
        out.write(0xff);
        out.writeBytes(nonce);
        out.write(0);
        out.write(0x11);
        out.write(0x60);
        out.write(0);
        out.write(0);
        out.write(BLOCKS);
        int recordLength = BLOCKS * (4 + 3 + 48);
        out.write(recordLength & 0xff);
        out.write(recordLength >> 8 & 0xff);
        out.write(recordLength >> 16 & 0xff);
        for (int i = 0; i < BLOCKS; i++) {
            out.write(i + 1);
            out.write(0x01);
            out.write(51);
            out.write(0);
            out.write(i < 12 ? 0x00 : 0x01);
            out.write(48);
            out.write(0);
            out.writeBytes(measurements[i]);
        }
        byte[] responderNonce = new byte[32];
        random.nextBytes(responderNonce);
        out.writeBytes(responderNonce);
        ByteArrayOutputStream opaque = new ByteArrayOutputStream();
        tlv(opaque, 6, vbios);
        tlv(opaque, 14, new byte[] {(byte) 0xb1, 0x03, 0, 0});
        tlv(opaque, 15, "882\0\0\0\0\0\0".getBytes(StandardCharsets.US_ASCII));
        tlv(opaque, 16, "0\0\0\0\0".getBytes(StandardCharsets.US_ASCII));
        tlv(opaque, 17, "1010\0".getBytes(StandardCharsets.US_ASCII));
        tlv(opaque, 18, "0200\0".getBytes(StandardCharsets.US_ASCII));
        tlv(opaque, 19, new byte[2]);
        tlv(opaque, 3, (driverVersion + "\0").getBytes(StandardCharsets.US_ASCII));
        tlv(opaque, 4, new byte[] {(byte) 0x80, 0x01, 0, 0, 0, 0, 0, 0});
        tlv(opaque, 11, new byte[] {(byte) 0xaa});
        tlv(opaque, 20, fwid);
        tlv(opaque, 21, new byte[] {0x55});
        for (Map.Entry<Integer, byte[]> extra : extraOpaque.entrySet()) {
            tlv(opaque, extra.getKey(), extra.getValue());
        }
        byte[] o = opaque.toByteArray();
        out.write(o.length & 0xff);
        out.write(o.length >> 8);
        out.writeBytes(o);
        byte[] signed = out.toByteArray();
        try {
            Signature s = Signature.getInstance("SHA384withECDSAinP1363Format");
            s.initSign(leafKey, random);
            s.update(signed);
            out.writeBytes(s.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("P-384 signing is required of the JDK", e);
        }
        return out.toByteArray();
    }

    private static void tlv(ByteArrayOutputStream out, int type, byte[] value) {
        out.write(type & 0xff);
        out.write(type >> 8);
        out.write(value.length & 0xff);
        out.write(value.length >> 8);
        out.writeBytes(value);
    }
}
