package io.tee4j.nvgpu.abi;

import java.io.IOException;
import java.security.cert.X509Certificate;
import java.util.Optional;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.ASN1TaggedObject;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;

/**
 * Reads the SHA-384 firmware id from the TCG DICE extension (OID 2.23.133.5.4.1) of a GPU device
 * certificate. Two shapes are understood, parsed structurally (never "the last 48 bytes"):
 *
 * <ul>
 *   <li>the composite-device-id shape NVIDIA's H100 leaves use: {@code SEQUENCE { version INTEGER,
 *       SubjectPublicKeyInfo, SEQUENCE { hashAlg OID, digest OCTET STRING } }};
 *   <li>the TCG DiceTcbInfo shape: {@code SEQUENCE { ..., [6] IMPLICIT SEQUENCE OF SEQUENCE {
 *       hashAlg OID, digest OCTET STRING }, ... }}.
 * </ul>
 *
 * <p>Exactly one SHA-384 FWID must be present.
 */
public final class DiceFwid {
    /** The TCG DICE TcbInfo extension OID (the old arc), where Hopper and LS10 leaves carry the FWID. */
    public static final String OID = "2.23.133.5.4.1";
    /** The DiceTcbInfo extension OID Blackwell leaves carry; the FWID is {@code fwids[0]}. */
    public static final String TCB_INFO_OID = "2.23.133.5.4.1.1";

    private DiceFwid() {
    }

    /**
     * The FWID the leaf of a device of {@code arch} carries: Blackwell's under {@link #TCB_INFO_OID} as the
     * digest of {@code fwids[0]} (which must be SHA-384; NVAT picks the OID by architecture, later FWIDs are
     * ignored as NVAT does), every other architecture's under {@link #OID} as {@link #read(X509Certificate)}.
     *
     * @throws MalformedExtensionException when the extension is present but does not hold such an FWID
     */
    public static Optional<byte[]> read(X509Certificate cert, DeviceArchitecture arch)
            throws MalformedExtensionException {
        if (arch != DeviceArchitecture.BLACKWELL) {
            return read(cert);
        }
        byte[] ext = cert.getExtensionValue(TCB_INFO_OID);
        if (ext == null) {
            return Optional.empty();
        }
        try {
            ASN1Primitive inner = ASN1Primitive.fromByteArray(ASN1OctetString.getInstance(ext).getOctets());
            for (ASN1Encodable e : ASN1Sequence.getInstance(inner)) {
                if (e instanceof ASN1TaggedObject && ((ASN1TaggedObject) e).getTagNo() == 6) {
                    ASN1Sequence list = ASN1Sequence.getInstance((ASN1TaggedObject) e, false);
                    if (list.size() == 0) {
                        throw new MalformedExtensionException("DiceTcbInfo lists no FWID");
                    }
                    byte[] first = fwid(ASN1Sequence.getInstance(list.getObjectAt(0)));
                    if (first == null) {
                        throw new MalformedExtensionException("DiceTcbInfo fwids[0] is not SHA-384");
                    }
                    return Optional.of(first);
                }
            }
            throw new MalformedExtensionException("DiceTcbInfo has no fwids ([6])");
        } catch (IOException | RuntimeException e) {
            throw new MalformedExtensionException("DiceTcbInfo extension is not valid DER: " + e.getMessage());
        }
    }

    /** The extension OID a device of {@code arch} carries its FWID under. */
    public static String oidFor(DeviceArchitecture arch) {
        return arch == DeviceArchitecture.BLACKWELL ? TCB_INFO_OID : OID;
    }

    /** Whether the certificate has the extension at all. */
    public static boolean present(X509Certificate cert) {
        return cert.getExtensionValue(OID) != null;
    }

    /**
     * The SHA-384 FWID of the certificate's DICE extension; empty when the extension is absent.
     *
     * @throws MalformedExtensionException when the extension is present but malformed or holds no
     *     single SHA-384 FWID
     */
    public static Optional<byte[]> read(X509Certificate cert) throws MalformedExtensionException {
        byte[] ext = cert.getExtensionValue(OID);
        if (ext == null) {
            return Optional.empty();
        }
        try {
            ASN1Primitive outer = ASN1Primitive.fromByteArray(ext);
            if (!(outer instanceof ASN1OctetString)) {
                throw new MalformedExtensionException("extension value is not an OCTET STRING");
            }
            ASN1Primitive inner = ASN1Primitive.fromByteArray(((ASN1OctetString) outer).getOctets());
            if (!(inner instanceof ASN1Sequence)) {
                throw new MalformedExtensionException("DICE extension is not a SEQUENCE");
            }
            ASN1Sequence seq = (ASN1Sequence) inner;
            byte[] found = null;
            if (seq.size() == 3 && seq.getObjectAt(0) instanceof ASN1Integer && seq.getObjectAt(1) instanceof ASN1Sequence
                    && seq.getObjectAt(2) instanceof ASN1Sequence) {
                found = fwid((ASN1Sequence) seq.getObjectAt(2));
            } else {
                for (ASN1Encodable e : seq) {
                    if (e instanceof ASN1TaggedObject && ((ASN1TaggedObject) e).getTagNo() == 6) {
                        ASN1Sequence list = ASN1Sequence.getInstance((ASN1TaggedObject) e, false);
                        for (ASN1Encodable item : list) {
                            byte[] f = fwid(ASN1Sequence.getInstance(item));
                            if (f != null) {
                                if (found != null) {
                                    throw new MalformedExtensionException("DICE extension lists two SHA-384 FWIDs");
                                }
                                found = f;
                            }
                        }
                    }
                }
            }
            if (found == null) {
                throw new MalformedExtensionException("DICE extension holds no SHA-384 FWID");
            }
            return Optional.of(found);
        } catch (IOException | RuntimeException e) {
            throw new MalformedExtensionException("DICE extension is not valid DER: " + e.getMessage());
        }
    }

    private static byte[] fwid(ASN1Sequence s) throws MalformedExtensionException {
        if (s.size() != 2 || !(s.getObjectAt(0) instanceof ASN1ObjectIdentifier)
                || !(s.getObjectAt(1) instanceof ASN1OctetString)) {
            throw new MalformedExtensionException("FWID is not SEQUENCE { OID, OCTET STRING }");
        }
        if (!NISTObjectIdentifiers.id_sha384.equals(s.getObjectAt(0))) {
            return null;
        }
        byte[] digest = ((ASN1OctetString) s.getObjectAt(1)).getOctets();
        if (digest.length != 48) {
            throw new MalformedExtensionException("SHA-384 FWID has " + digest.length + " bytes");
        }
        return digest;
    }

    /** The DICE extension is present but cannot be read. */
    public static final class MalformedExtensionException extends Exception {
        private static final long serialVersionUID = 1L;

        MalformedExtensionException(String message) {
            super(message);
        }
    }
}
