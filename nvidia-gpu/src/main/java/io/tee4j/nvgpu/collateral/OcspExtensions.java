package io.tee4j.nvgpu.collateral;

import static io.tee4j.nvgpu.collateral.OcspDer.as;
import static io.tee4j.nvgpu.collateral.OcspDer.sequence;

import java.util.HashSet;
import java.util.Set;
import org.bouncycastle.asn1.ASN1Boolean;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.ocsp.OCSPObjectIdentifiers;

/**
 * Reads an X.509 Extensions SEQUENCE of an OCSP answer (each {@code SEQUENCE { extnID, critical
 * BOOLEAN OPTIONAL, extnValue OCTET STRING }}, no extension twice) and returns the nonce
 * extension's value. Does not compare the nonce ({@link OcspMessages#checkNonce}).
 */
final class OcspExtensions {
    private OcspExtensions() {
    }

    /** The extnValue octets of id-pkix-ocsp-nonce, or null when the extensions carry none. */
    static byte[] nonce(ASN1Encodable extensions) throws OcspAnswerException {
        ASN1Sequence all = sequence(extensions, 1, Integer.MAX_VALUE, "Extensions");
        Set<ASN1ObjectIdentifier> seen = new HashSet<>();
        byte[] nonce = null;
        for (ASN1Encodable e : all) {
            ASN1Sequence ext = sequence(e, 2, 3, "Extension");
            ASN1ObjectIdentifier id = as(ext.getObjectAt(0), ASN1ObjectIdentifier.class, "extnID");
            if (ext.size() == 3) {
                as(ext.getObjectAt(1), ASN1Boolean.class, "critical");
            }
            byte[] value = as(ext.getObjectAt(ext.size() - 1), ASN1OctetString.class, "extnValue").getOctets();
            if (!seen.add(id)) {
                // Two nonces would let a reader pick either one.
                throw new OcspAnswerException("extension " + id + " appears twice");
            }
            if (OCSPObjectIdentifiers.id_pkix_ocsp_nonce.equals(id)) {
                nonce = value;
            }
        }
        return nonce;
    }
}
