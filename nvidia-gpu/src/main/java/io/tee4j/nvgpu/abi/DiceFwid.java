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
    /** The TCG DICE TcbInfo extension OID. */
    public static final String OID = "2.23.133.5.4.1";

    private DiceFwid() {
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
