package io.tee4j.tdx.abi;

import io.tee4j.core.VerificationFailedException;
import io.tee4j.core.VerificationFailedException.Reason;
import java.io.IOException;
import java.math.BigInteger;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;
import org.bouncycastle.asn1.ASN1Boolean;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Enumerated;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Sequence;

/**
 * The Intel SGX extensions of a PCK certificate (OID 1.2.840.113741.1.13.1): PPID, the TCB (16
 * CPUSVN components, PCESVN, CPUSVN), PCE-ID, FMSPC, SGX type, and for platform-CA certificates
 * the platform instance ID and configuration (dynamic platform, cached keys, SMT enabled).
 *
 * <p>Parsed strictly with Bouncy Castle's ASN.1 reader: the mandatory fields must be present once
 * with the expected types and sizes. Parsing says nothing about the certificate's authenticity;
 * {@code TdxVerifier} validates the chain first.
 *
 * @since 0.1
 */
public final class PckExtensions {
    /** The SGX extensions OID. */
    public static final String OID = "1.2.840.113741.1.13.1";

    private final byte[] ppid;
    private final int[] cpuSvnComponents;
    private final int pceSvn;
    private final byte[] cpuSvn;
    private final byte[] pceId;
    private final byte[] fmspc;
    private final int sgxType;
    private final byte[] platformInstanceId;
    private final Boolean dynamicPlatform;
    private final Boolean cachedKeys;
    private final Boolean smtEnabled;

    private PckExtensions(byte[] ppid, int[] comps, int pceSvn, byte[] cpuSvn, byte[] pceId, byte[] fmspc, int sgxType,
            byte[] platformInstanceId, Boolean dynamicPlatform, Boolean cachedKeys, Boolean smtEnabled) {
        this.ppid = ppid;
        this.cpuSvnComponents = comps;
        this.pceSvn = pceSvn;
        this.cpuSvn = cpuSvn;
        this.pceId = pceId;
        this.fmspc = fmspc;
        this.sgxType = sgxType;
        this.platformInstanceId = platformInstanceId;
        this.dynamicPlatform = dynamicPlatform;
        this.cachedKeys = cachedKeys;
        this.smtEnabled = smtEnabled;
    }

    /**
     * Reads the SGX extensions of a PCK certificate.
     *
     * @throws VerificationFailedException ({@link Reason#CERTIFICATE_CHAIN}) when the extension is
     *     missing or malformed
     */
    public static PckExtensions of(X509Certificate pck) throws VerificationFailedException {
        byte[] ext = pck.getExtensionValue(OID);
        if (ext == null) {
            throw fail("PCK certificate has no SGX extensions (" + OID + ")");
        }
        try {
            ASN1Primitive outer = ASN1Primitive.fromByteArray(ASN1OctetString.getInstance(ext).getOctets());
            return parse(ASN1Sequence.getInstance(outer));
        } catch (IOException | RuntimeException e) {
            throw fail("PCK SGX extensions are malformed: " + e.getMessage());
        }
    }

    private static PckExtensions parse(ASN1Sequence seq) throws VerificationFailedException {
        byte[] ppid = null;
        byte[] pceId = null;
        byte[] fmspc = null;
        byte[] instance = null;
        Integer sgxType = null;
        int[] comps = null;
        Integer pceSvn = null;
        byte[] cpuSvn = null;
        Boolean dynamic = null;
        Boolean cached = null;
        Boolean smt = null;
        boolean tcbSeen = false;
        for (ASN1Encodable e : seq) {
            ASN1Sequence item = ASN1Sequence.getInstance(e);
            if (item.size() != 2) {
                throw fail("SGX extension item has " + item.size() + " elements");
            }
            String oid = ASN1ObjectIdentifier.getInstance(item.getObjectAt(0)).getId();
            ASN1Encodable v = item.getObjectAt(1);
            switch (oid) {
                case OID + ".1":
                    ppid = once(ppid, octets(v, 16), oid);
                    break;
                case OID + ".2":
                    if (tcbSeen) {
                        throw fail("duplicate SGX TCB extension");
                    }
                    tcbSeen = true;
                    comps = new int[16];
                    boolean[] seen = new boolean[18];
                    for (ASN1Encodable t : ASN1Sequence.getInstance(v)) {
                        ASN1Sequence tc = ASN1Sequence.getInstance(t);
                        String toid = ASN1ObjectIdentifier.getInstance(tc.getObjectAt(0)).getId();
                        if (!toid.startsWith(OID + ".2.")) {
                            throw fail("unexpected TCB item " + toid);
                        }
                        int idx = Integer.parseInt(toid.substring(OID.length() + 3));
                        if (idx < 1 || idx > 18 || seen[idx - 1]) {
                            throw fail("bad or duplicate TCB item " + toid);
                        }
                        seen[idx - 1] = true;
                        if (idx <= 16) {
                            comps[idx - 1] = smallInt(tc.getObjectAt(1), 255);
                        } else if (idx == 17) {
                            pceSvn = smallInt(tc.getObjectAt(1), 65535);
                        } else {
                            cpuSvn = octets(tc.getObjectAt(1), 16);
                        }
                    }
                    for (int i = 0; i < 18; i++) {
                        if (!seen[i]) {
                            throw fail("PCK TCB lacks item " + OID + ".2." + (i + 1));
                        }
                    }
                    break;
                case OID + ".3":
                    pceId = once(pceId, octets(v, 2), oid);
                    break;
                case OID + ".4":
                    fmspc = once(fmspc, octets(v, 6), oid);
                    break;
                case OID + ".5":
                    if (sgxType != null) {
                        throw fail("duplicate SGX type");
                    }
                    sgxType = ASN1Enumerated.getInstance(v).intValueExact();
                    break;
                case OID + ".6":
                    instance = once(instance, octets(v, 16), oid);
                    break;
                case OID + ".7":
                    for (ASN1Encodable c : ASN1Sequence.getInstance(v)) {
                        ASN1Sequence cs = ASN1Sequence.getInstance(c);
                        String coid = ASN1ObjectIdentifier.getInstance(cs.getObjectAt(0)).getId();
                        boolean val = ASN1Boolean.getInstance(cs.getObjectAt(1)).isTrue();
                        if (coid.equals(OID + ".7.1")) {
                            dynamic = val;
                        } else if (coid.equals(OID + ".7.2")) {
                            cached = val;
                        } else if (coid.equals(OID + ".7.3")) {
                            smt = val;
                        }
                    }
                    break;
                default:
                    // Later Intel extensions are tolerated, as Intel's own verifier does.
                    break;
            }
        }
        if (ppid == null || !tcbSeen || pceId == null || fmspc == null || sgxType == null) {
            throw fail("PCK SGX extensions lack a mandatory field (PPID, TCB, PCE-ID, FMSPC, SGX type)");
        }
        return new PckExtensions(ppid, comps, pceSvn, cpuSvn, pceId, fmspc, sgxType, instance, dynamic, cached, smt);
    }

    private static byte[] once(byte[] old, byte[] now, String oid) throws VerificationFailedException {
        if (old != null) {
            throw fail("duplicate SGX extension " + oid);
        }
        return now;
    }

    private static byte[] octets(ASN1Encodable v, int length) throws VerificationFailedException {
        byte[] b = ASN1OctetString.getInstance(v).getOctets();
        if (b.length != length) {
            throw fail("SGX extension field of " + b.length + " bytes, expected " + length);
        }
        return b;
    }

    private static int smallInt(ASN1Encodable v, int max) throws VerificationFailedException {
        BigInteger i = ASN1Integer.getInstance(v).getValue();
        if (i.signum() < 0 || i.compareTo(BigInteger.valueOf(max)) > 0) {
            throw fail("SGX TCB value " + i + " outside [0, " + max + "]");
        }
        return i.intValue();
    }

    private static VerificationFailedException fail(String m) {
        return new VerificationFailedException(Reason.CERTIFICATE_CHAIN, m);
    }

    /** The platform's PPID (16 bytes, encrypted form not included). */
    public byte[] ppid() {
        return ppid.clone();
    }

    /** The 16 CPUSVN components of the PCK's TCB (SGX TCB components 1..16). */
    public int[] cpuSvnComponents() {
        return cpuSvnComponents.clone();
    }

    public int pceSvn() {
        return pceSvn;
    }

    public byte[] cpuSvn() {
        return cpuSvn.clone();
    }

    public byte[] pceId() {
        return pceId.clone();
    }

    public byte[] fmspc() {
        return fmspc.clone();
    }

    /** SGX type: 0 Standard, 1 Scalable, 2 Scalable with integrity. */
    public int sgxType() {
        return sgxType;
    }

    /** The platform instance ID (platform-CA PCKs only). */
    public Optional<byte[]> platformInstanceId() {
        return Optional.ofNullable(platformInstanceId).map(byte[]::clone);
    }

    public Optional<Boolean> dynamicPlatform() {
        return Optional.ofNullable(dynamicPlatform);
    }

    public Optional<Boolean> cachedKeys() {
        return Optional.ofNullable(cachedKeys);
    }

    public Optional<Boolean> smtEnabled() {
        return Optional.ofNullable(smtEnabled);
    }

    public int[] componentsRef() {
        return cpuSvnComponents;
    }

    @Override
    public String toString() {
        return "PckExtensions[fmspc " + HexFormat.of().formatHex(fmspc) + ", pceId " + HexFormat.of().formatHex(pceId) + ", pcesvn " + pceSvn
                + ", cpusvn " + HexFormat.of().formatHex(cpuSvn) + ", components " + Arrays.toString(cpuSvnComponents) + "]";
    }
}
