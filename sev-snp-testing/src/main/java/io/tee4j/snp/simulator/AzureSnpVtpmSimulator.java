package io.tee4j.snp.simulator;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.Signature;
import java.security.cert.CertificateEncodingException;
import java.security.interfaces.RSAPublicKey;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * A simulated Azure SEV-SNP confidential VM with a vTPM, for tests of {@code azure-snp-vtpm}: an
 * RSA-2048 attestation key, runtime data naming it (HCLAkPub) with a VM configuration, an SNP report
 * from the simulated chip whose REPORT_DATA is SHA-256(runtime data), the HCL blob around both, and
 * a TPM2_Quote over 24 SHA-256 PCRs, emitted as trustee's evidence JSON version 1. NOT secure: the
 * keys are test keys. Written from the published layouts, without the verifier's code, so a mistake
 * in one is not mirrored by the other.
 */
public final class AzureSnpVtpmSimulator {
    private static final int HCL_SIZE = 2600;
    private static final Base64.Encoder B64URL = Base64.getUrlEncoder().withoutPadding();

    private final SimulatedSnpSigner signer;
    private final KeyPair ak;
    private boolean secureBoot = true;
    private final byte[][] pcrs = new byte[24][32];

    /** A VM on the signer's simulated chip, with a fresh AK. */
    public AzureSnpVtpmSimulator(SimulatedSnpSigner signer) {
        this.signer = Objects.requireNonNull(signer, "signer");
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(2048);
            this.ak = g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
        for (int i = 17; i <= 22; i++) {
            Arrays.fill(pcrs[i], (byte) 0xFF);
        }
    }

    /** Sets the vm-configuration's secure-boot. */
    public AzureSnpVtpmSimulator secureBoot(boolean on) {
        this.secureBoot = on;
        return this;
    }

    /** Extends one PCR with a SHA-256 digest, as the firmware would. */
    public AzureSnpVtpmSimulator extend(int pcr, byte[] digest) {
        pcrs[pcr] = sha256(pcrs[pcr], digest);
        return this;
    }

    /** Trustee's evidence JSON v1 for a quote over {@code nonce}. */
    public byte[] evidence(byte[] nonce) {
        byte[] runtime = runtimeData();
        byte[] reportData = Arrays.copyOf(sha256(runtime), 64);
        byte[] report = signer.report().vmpl(0).reportData(reportData).sign();
        try {
            return json(nonce, hcl(report, runtime, 2), "vcek", signer.certificate().getEncoded());
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Trustee's az-tdx-vtpm evidence JSON v1 for a quote over {@code nonce}: the same AK, runtime data
     * and TPM quote, the HCL holding the TDREPORT {@code tdReport} makes for REPORTDATA =
     * SHA-256(runtime data) ‖ zeros, and {@code td_quote} the TD quote {@code tdQuote} makes for that
     * REPORTDATA (this simulator's SNP signer is not used).
     */
    public byte[] tdxEvidence(byte[] nonce, UnaryOperator<byte[]> tdReport, UnaryOperator<byte[]> tdQuote) {
        byte[] runtime = runtimeData();
        byte[] reportData = Arrays.copyOf(sha256(runtime), 64);
        return json(nonce, hcl(tdReport.apply(reportData.clone()), runtime, 4), "td_quote",
                tdQuote.apply(reportData.clone()));
    }

    private byte[] json(byte[] nonce, byte[] hcl, String lastMember, byte[] lastValue) {
        byte[] message = quoteInfo(nonce);
        StringBuilder pcrList = new StringBuilder();
        for (byte[] p : pcrs) {
            pcrList.append(pcrList.length() == 0 ? "" : ",").append('"').append(HexFormat.of().formatHex(p)).append('"');
        }
        return ("{\"version\":1,\"tpm_quote\":{\"signature\":\"" + HexFormat.of().formatHex(sign(message))
                + "\",\"message\":\"" + HexFormat.of().formatHex(message) + "\",\"pcrs\":[" + pcrList + "]},"
                + "\"hcl_report\":\"" + B64URL.encodeToString(hcl) + "\",\"" + lastMember + "\":\""
                + B64URL.encodeToString(lastValue) + "\"}").getBytes(StandardCharsets.UTF_8);
    }

    private byte[] runtimeData() {
        RSAPublicKey k = (RSAPublicKey) ak.getPublic();
        String n = B64URL.encodeToString(unsigned(k.getModulus().toByteArray()));
        String e = B64URL.encodeToString(unsigned(k.getPublicExponent().toByteArray()));
        return ("{\"keys\":[{\"kid\":\"HCLAkPub\",\"key_ops\":[\"sign\"],\"kty\":\"RSA\",\"e\":\"" + e + "\",\"n\":\"" + n
                + "\"}],\"vm-configuration\":{\"console-enabled\":true,\"secure-boot\":" + secureBoot
                + ",\"tpm-enabled\":true,\"vmUniqueId\":\"00000000-0000-4000-8000-53494d554c41\"},\"user-data\":\""
                + "0".repeat(128) + "\"}").getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] hcl(byte[] report, byte[] runtime, int reportType) {
        ByteBuffer b = ByteBuffer.allocate(HCL_SIZE).order(ByteOrder.LITTLE_ENDIAN);
        b.put("HCLA".getBytes(StandardCharsets.US_ASCII)).putInt(1).putInt(0x4D4 + runtime.length).putInt(2).putInt(0);
        b.position(0x20);
        b.put(report);
        b.position(0x4C0);
        b.putInt(20 + runtime.length).putInt(1).putInt(reportType).putInt(1).putInt(runtime.length).put(runtime);
        return b.array();
    }

    /** TPMS_ATTEST (big-endian): magic, quote type, qualified signer, nonce, clock, firmware, selection, digest. */
    private byte[] quoteInfo(byte[] nonce) {
        ByteBuffer b = ByteBuffer.allocate(256);
        b.putInt(0xFF544347).putShort((short) 0x8018);
        b.putShort((short) 34).putShort((short) 0x000B).put(sha256(ak.getPublic().getEncoded()));
        b.putShort((short) nonce.length).put(nonce);
        b.putLong(1_000_000L).putInt(1).putInt(0).put((byte) 1);
        b.putLong(0x2020031200120003L);
        b.putInt(1).putShort((short) 0x000B).put((byte) 3).put(new byte[] {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF});
        MessageDigest md = digest();
        for (byte[] p : pcrs) {
            md.update(p);
        }
        b.putShort((short) 32).put(md.digest());
        return Arrays.copyOf(b.array(), b.position());
    }

    private byte[] sign(byte[] message) {
        try {
            Signature s = Signature.getInstance("SHA256withRSA");
            s.initSign(ak.getPrivate());
            s.update(message);
            return s.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] unsigned(byte[] twosComplement) {
        return twosComplement[0] == 0 ? Arrays.copyOfRange(twosComplement, 1, twosComplement.length) : twosComplement;
    }

    private static byte[] sha256(byte[]... parts) {
        MessageDigest md = digest();
        for (byte[] p : parts) {
            md.update(p);
        }
        return md.digest();
    }

    private static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
