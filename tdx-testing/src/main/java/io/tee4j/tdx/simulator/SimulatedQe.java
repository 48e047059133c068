package io.tee4j.tdx.simulator;

import static io.tee4j.tdx.simulator.SimulatedIntelPki.le;
import static io.tee4j.tdx.simulator.SimulatedIntelPki.qeReport;
import static io.tee4j.tdx.simulator.SimulatedIntelPki.rawPoint;
import static io.tee4j.tdx.simulator.SimulatedIntelPki.signRaw;

import io.tee4j.core.crypto.Certificates;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.util.HexFormat;
import java.util.List;

/**
 * The simulated TD Quoting Enclave: it signs a quote's header and body with its attestation key
 * and appends the certification data a real QE writes (its QE report signed by the PCK key, the
 * authentication data, and the PEM PCK chain). Package-private: {@link QuoteBuilder} uses it.
 */
final class SimulatedQe {
    /** Intel's QE vendor id, as a real quote header carries it. */
    static final byte[] VENDOR_ID = HexFormat.of().parseHex("939a7233f79c4ca9940a0db3957f0607");
    /** The MRSIGNER of the simulated QE, which the simulated QE identity lists. */
    static final byte[] MRSIGNER = HexFormat.of().parseHex(
            "dc9e2a7c6f948f17474e34a7fc43ed030f7c1563f1babddf6340c82e0e54a8c5");

    private final KeyPair attestationKey;
    private final KeyPair pckKey;
    private final int[] cpuSvn;
    private final int miscSelect;
    private final int svn;
    private final byte[] chainPem;

    SimulatedQe(KeyPair attestationKey, KeyPair pckKey, int[] cpuSvn, int miscSelect, int svn,
            List<X509Certificate> pckChain) {
        this.attestationKey = attestationKey;
        this.pckKey = pckKey;
        this.cpuSvn = cpuSvn.clone();
        this.miscSelect = miscSelect;
        this.svn = svn;
        StringBuilder pem = new StringBuilder();
        pckChain.forEach(c -> pem.append(Certificates.toPem(c)));
        this.chainPem = pem.toString().getBytes(StandardCharsets.US_ASCII);
    }

    int miscSelect() {
        return miscSelect;
    }

    int svn() {
        return svn;
    }

    /** The quote: {@code signed} (header and body) followed by its signature data. */
    byte[] sign(byte[] signed) {
        byte[] ak = rawPoint((ECPublicKey) attestationKey.getPublic());
        byte[] authData = new byte[32];
        for (int i = 0; i < 32; i++) {
            authData[i] = (byte) i;
        }
        byte[] qeReport = qeReport(cpuSvn, miscSelect, MRSIGNER, svn, ak, authData);
        ByteBuffer cert = le(384 + 64 + 2 + 32 + 6 + chainPem.length);
        cert.put(qeReport).put(signRaw(pckKey, qeReport)).putShort((short) 32).put(authData)
                .putShort((short) 5).putInt(chainPem.length).put(chainPem);
        byte[] certData = cert.array();
        ByteBuffer sig = le(4 + 128 + 6 + certData.length);
        sig.putInt(128 + 6 + certData.length).put(signRaw(attestationKey, signed)).put(ak)
                .putShort((short) 6).putInt(certData.length).put(certData);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(signed);
        out.writeBytes(sig.array());
        return out.toByteArray();
    }
}
