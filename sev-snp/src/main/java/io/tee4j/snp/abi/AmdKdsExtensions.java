package io.tee4j.snp.abi;

import io.tee4j.core.VerificationFailedException.Reason;
import io.tee4j.core.VerificationFailedException;
import java.io.IOException;
import java.math.BigInteger;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import org.bouncycastle.asn1.ASN1IA5String;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Primitive;

/**
 * The AMD KDS extensions of a VCEK or VLEK certificate (OID arc 1.3.6.1.4.1.3704.1): structure
 * version, product name, the TCB security patch levels the key was derived at (boot loader, TEE,
 * SNP, SPL 4..7, microcode and, from Turin on, FMC), the hardware id (VCEK only; 64 bytes on
 * Milan/Genoa, 8 on Turin) and the cloud provider id (VLEK only).
 *
 * <p>The hardware id is accepted in both encodings KDS has served: the raw bytes as the extension
 * value, and the same bytes wrapped in a DER OCTET STRING. Every SPL must be a DER INTEGER in
 * [0, 255]. Parsing says nothing about the certificate's signature.
 *
 * @since 0.1
 */
public final class AmdKdsExtensions {
    static final String ARC = "1.3.6.1.4.1.3704.1.";
    static final String STRUCT_VERSION = ARC + "1";
    static final String PRODUCT_NAME = ARC + "2";
    static final String BL_SPL = ARC + "3.1";
    static final String TEE_SPL = ARC + "3.2";
    static final String SNP_SPL = ARC + "3.3";
    static final String SPL4 = ARC + "3.4";
    static final String SPL5 = ARC + "3.5";
    static final String SPL6 = ARC + "3.6";
    static final String SPL7 = ARC + "3.7";
    static final String UCODE_SPL = ARC + "3.8";
    static final String FMC_SPL = ARC + "3.9";
    static final String HWID = ARC + "4";
    static final String CSP_ID = ARC + "5";

    private final OptionalInt structVersion;
    private final Optional<String> productName;
    private final OptionalInt bootloader;
    private final OptionalInt tee;
    private final OptionalInt snp;
    private final OptionalInt microcode;
    private final OptionalInt fmc;
    private final int[] spl4to7;
    private final byte[] hwid;
    private final Optional<String> cspId;

    private AmdKdsExtensions(X509Certificate cert) throws VerificationFailedException {
        structVersion = integer(cert, STRUCT_VERSION, Integer.MAX_VALUE);
        productName = ia5(cert, PRODUCT_NAME);
        bootloader = integer(cert, BL_SPL, 255);
        tee = integer(cert, TEE_SPL, 255);
        snp = integer(cert, SNP_SPL, 255);
        microcode = integer(cert, UCODE_SPL, 255);
        fmc = integer(cert, FMC_SPL, 255);
        spl4to7 = new int[] {integer(cert, SPL4, 255).orElse(0), integer(cert, SPL5, 255).orElse(0),
            integer(cert, SPL6, 255).orElse(0), integer(cert, SPL7, 255).orElse(0)};
        hwid = hwid(cert);
        cspId = ia5(cert, CSP_ID);
    }

    /** Reads the extensions of {@code cert}; absent ones are empty. */
    public static AmdKdsExtensions parse(X509Certificate cert) throws VerificationFailedException {
        return new AmdKdsExtensions(Objects.requireNonNull(cert, "cert"));
    }

    private static byte[] extnValue(X509Certificate cert, String oid) throws VerificationFailedException {
        byte[] wrapped = cert.getExtensionValue(oid);
        if (wrapped == null) {
            return null;
        }
        try {
            return ASN1OctetString.getInstance(wrapped).getOctets();
        } catch (RuntimeException e) {
            throw bad("extension " + oid + " is not a valid extension value");
        }
    }

    private static OptionalInt integer(X509Certificate cert, String oid, int max) throws VerificationFailedException {
        byte[] v = extnValue(cert, oid);
        if (v == null) {
            return OptionalInt.empty();
        }
        BigInteger i;
        try {
            ASN1Primitive p = ASN1Primitive.fromByteArray(v);
            i = ASN1Integer.getInstance(p).getValue();
        } catch (IOException | RuntimeException e) {
            throw bad("extension " + oid + " is not a DER INTEGER");
        }
        if (i.signum() < 0 || i.compareTo(BigInteger.valueOf(max)) > 0) {
            throw bad("extension " + oid + " value " + i + " is out of range [0, " + max + "]");
        }
        return OptionalInt.of(i.intValue());
    }

    private static Optional<String> ia5(X509Certificate cert, String oid) throws VerificationFailedException {
        byte[] v = extnValue(cert, oid);
        if (v == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(ASN1IA5String.getInstance(ASN1Primitive.fromByteArray(v)).getString());
        } catch (IOException | RuntimeException e) {
            throw bad("extension " + oid + " is not a DER IA5String");
        }
    }

    private static byte[] hwid(X509Certificate cert) throws VerificationFailedException {
        byte[] v = extnValue(cert, HWID);
        if (v == null) {
            return null;
        }
        // Newer encoding: OCTET STRING { hwid } with a short-form length; older: the raw bytes.
        if (v.length >= 2 && v[0] == 0x04 && (v[1] & 0xFF) == v.length - 2 && (v.length - 2 == 64 || v.length - 2 == 8)) {
            return Arrays.copyOfRange(v, 2, v.length);
        }
        if (v.length != 64 && v.length != 8) {
            throw bad("HWID extension has " + v.length + " bytes; expected 64 (Milan/Genoa) or 8 (Turin)");
        }
        return v;
    }

    private static VerificationFailedException bad(String msg) {
        return new VerificationFailedException(Reason.CERTIFICATE_CHAIN, "AMD certificate extension: " + msg);
    }

    /** The structure version (0 for Milan/Genoa certificates, 1 for Turin's). */
    public OptionalInt structVersion() {
        return structVersion;
    }

    /** The product name, e.g. {@code Milan-B0}, {@code Genoa}, {@code Turin}. */
    public Optional<String> productName() {
        return productName;
    }

    public OptionalInt bootloaderSpl() {
        return bootloader;
    }

    public OptionalInt teeSpl() {
        return tee;
    }

    public OptionalInt snpSpl() {
        return snp;
    }

    public OptionalInt microcodeSpl() {
        return microcode;
    }

    /** The FMC SPL (Turin and later). */
    public OptionalInt fmcSpl() {
        return fmc;
    }

    /** SPL 4..7 (Milan/Genoa reserved TCB bytes 2..5), 0 when absent. */
    public int[] spl4to7() {
        return spl4to7.clone();
    }

    /** The hardware id (chip id): 64 bytes (Milan/Genoa) or 8 (Turin); VCEKs only. */
    public Optional<byte[]> hwid() {
        return Optional.ofNullable(hwid).map(byte[]::clone);
    }

    /** The cloud service provider id; VLEKs only. */
    public Optional<String> cspId() {
        return cspId;
    }

    /**
     * The TCB version these extensions certify, in the given layout. Fails when an SPL the layout
     * needs is missing (FMC for Turin).
     */
    public TcbVersion tcb(TcbLayout layout) throws VerificationFailedException {
        if (bootloader.isEmpty() || tee.isEmpty() || snp.isEmpty() || microcode.isEmpty()) {
            throw bad("the certificate lacks one of the blSPL, teeSPL, snpSPL, ucodeSPL extensions");
        }
        if (layout == TcbLayout.TURIN && fmc.isEmpty()) {
            throw bad("a Turin certificate must carry the fmcSPL extension");
        }
        TcbComponents c = new TcbComponents(layout == TcbLayout.TURIN ? fmc.getAsInt() : 0, bootloader.getAsInt(),
                tee.getAsInt(), snp.getAsInt(), microcode.getAsInt());
        long raw = TcbVersion.fromComponents(layout, c).raw();
        if (layout == TcbLayout.MILAN_GENOA) {
            for (int i = 0; i < 4; i++) {
                raw |= (long) spl4to7[i] << (8 * (2 + i));
            }
        }
        return TcbVersion.of(raw, layout);
    }
}
