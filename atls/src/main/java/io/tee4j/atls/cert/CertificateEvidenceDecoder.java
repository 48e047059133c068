package io.tee4j.atls.cert;

import io.tee4j.core.Evidence;
import io.tee4j.core.MalformedEvidenceException;
import io.tee4j.core.TeeType;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1UTF8String;

/**
 * Finds and decodes the evidence extension of an attested certificate: tee4j's {@code id-pe-cmw}
 * (JSON or CBOR choice), and read-only Gramine (TCG DICE 2.23.133.5.4.9), Contrast (1.3.9901.2.x)
 * and Constellation (1.3.9900.x.y). Decodes only; verifies nothing (see {@link CertificateEvidence}).
 *
 * <p>Refused: an extension larger than {@link #MAX_EXTENSION_BYTES}, DER or CBOR with trailing
 * bytes, a CMW that is neither a record nor a flat collection, and a certificate carrying evidence
 * in more than one of these extensions (which one the server meant would be a guess).
 */
public final class CertificateEvidenceDecoder {
    /** The largest evidence extension read: a TDX quote with its PCK chain is about 5 KiB. */
    public static final int MAX_EXTENSION_BYTES = 256 * 1024;
    private static final String CONTRAST_SNP = "1.3.9901.2.1";
    private static final String CONTRAST_TDX = "1.3.9901.2.2";
    private static final String CONSTELLATION_QEMU_TDX = "1.3.9900.5.99";

    private CertificateEvidenceDecoder() {
    }

    /** The certificate's evidence, or empty when it carries none of the known extensions. */
    public static Optional<CertificateEvidence> decode(X509Certificate certificate) throws MalformedEvidenceException {
        List<String> found = new ArrayList<>();
        for (String oid : extensionOids(certificate)) {
            if (oid.equals(EvidenceFormat.TEE4J_CMW.oid()) || oid.equals(EvidenceFormat.GRAMINE_TCG_DICE.oid())
                    || oid.startsWith(EvidenceFormat.CONTRAST_RAW.oid() + ".")
                    || oid.startsWith(EvidenceFormat.CONSTELLATION.oid() + ".")) {
                found.add(oid);
            }
        }
        if (found.isEmpty()) {
            return Optional.empty();
        }
        if (found.size() > 1) {
            throw new MalformedEvidenceException("the certificate carries evidence in more than one extension: " + found);
        }
        String oid = found.get(0);
        byte[] content = extensionContent(certificate, oid);
        if (oid.equals(EvidenceFormat.TEE4J_CMW.oid())) {
            return Optional.of(decodeCmwExtension(content));
        }
        if (oid.equals(EvidenceFormat.GRAMINE_TCG_DICE.oid())) {
            return Optional.of(decodeTcgExtension(content));
        }
        if (oid.startsWith(EvidenceFormat.CONTRAST_RAW.oid() + ".")) {
            return Optional.of(contrast(oid, content));
        }
        return Optional.of(constellation(oid, content));
    }

    /**
     * Decodes the content of an {@code id-pe-cmw} extnValue: the DER of {@code CMW ::= CHOICE {
     * json UTF8String, cbor OCTET STRING }} (RFC 9999 §4.4).
     */
    public static CertificateEvidence decodeCmwExtension(byte[] content) throws MalformedEvidenceException {
        ASN1Primitive choice = der(content, "id-pe-cmw");
        Cmw cmw;
        if (choice instanceof ASN1UTF8String) {
            cmw = CmwCodec.decodeJson(((ASN1UTF8String) choice).getString().getBytes(StandardCharsets.UTF_8));
        } else if (choice instanceof ASN1OctetString) {
            cmw = CmwCodec.decodeCbor(((ASN1OctetString) choice).getOctets());
        } else {
            throw new MalformedEvidenceException("id-pe-cmw: expected a UTF8String (JSON) or an OCTET STRING (CBOR)");
        }
        return Tee4jWrapper.read(cmw);
    }

    /** Decodes the content of a TCG DICE 2.23.133.5.4.9 extnValue as Gramine writes it (the CBOR item itself). */
    public static CertificateEvidence decodeTcgExtension(byte[] content) throws MalformedEvidenceException {
        GramineEvidence g = GramineEvidence.decode(content);
        return new CertificateEvidence(EvidenceFormat.GRAMINE_TCG_DICE, EvidenceFormat.GRAMINE_TCG_DICE.oid(),
                Optional.empty(), "SGX quote (Gramine RA-TLS; tee4j has no SGX verifier)", Optional.empty(),
                Freshness.NONE, Optional.empty(), Optional.empty(), Optional.of(g), Optional.empty());
    }

    private static CertificateEvidence contrast(String oid, byte[] content) {
        Optional<TeeType> tee = oid.equals(CONTRAST_SNP) ? Optional.of(TeeType.SEV_SNP)
                : oid.equals(CONTRAST_TDX) ? Optional.of(TeeType.TDX) : Optional.empty();
        return new CertificateEvidence(EvidenceFormat.CONTRAST_RAW, oid, tee,
                tee.map(t -> "raw " + t.id() + " evidence (Contrast)").orElse("Contrast extension " + oid),
                tee.map(t -> Evidence.of(t, content)), Freshness.UNSTATED, Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty());
    }

    private static CertificateEvidence constellation(String oid, byte[] content) throws MalformedEvidenceException {
        if (!oid.equals(CONSTELLATION_QEMU_TDX)) {
            return new CertificateEvidence(EvidenceFormat.CONSTELLATION, oid, Optional.empty(),
                    "Constellation attestation variant " + oid + " (not decoded by tee4j)", Optional.empty(),
                    Freshness.UNSTATED, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
        }
        ConstellationDocument doc = ConstellationDocument.parse(content);
        return new CertificateEvidence(EvidenceFormat.CONSTELLATION, oid, Optional.of(TeeType.TDX),
                "TDX quote (Constellation QEMU TDX document)", Optional.of(Evidence.of(TeeType.TDX, doc.rawQuote())),
                Freshness.UNSTATED, Optional.empty(), Optional.empty(), Optional.empty(), Optional.of(doc.userData()));
    }

    private static Set<String> extensionOids(X509Certificate c) {
        Set<String> oids = new TreeSet<>();
        if (c.getNonCriticalExtensionOIDs() != null) {
            oids.addAll(c.getNonCriticalExtensionOIDs());
        }
        if (c.getCriticalExtensionOIDs() != null) {
            oids.addAll(c.getCriticalExtensionOIDs());
        }
        return oids;
    }

    /** The extnValue's content: the JDK returns it wrapped in its OCTET STRING. */
    private static byte[] extensionContent(X509Certificate c, String oid) throws MalformedEvidenceException {
        byte[] wrapped = c.getExtensionValue(oid);
        if (wrapped == null || wrapped.length > MAX_EXTENSION_BYTES + 8) {
            throw new MalformedEvidenceException("extension " + oid + " is missing or larger than "
                    + MAX_EXTENSION_BYTES + " bytes");
        }
        ASN1Primitive p = der(wrapped, oid);
        if (!(p instanceof ASN1OctetString)) {
            throw new MalformedEvidenceException("extension " + oid + ": the extnValue is not an OCTET STRING");
        }
        return ((ASN1OctetString) p).getOctets();
    }

    private static ASN1Primitive der(byte[] bytes, String what) throws MalformedEvidenceException {
        if (bytes.length == 0 || bytes.length > MAX_EXTENSION_BYTES + 8) {
            throw new MalformedEvidenceException(what + ": empty or larger than " + MAX_EXTENSION_BYTES + " bytes");
        }
        try {
            return ASN1Primitive.fromByteArray(bytes);
        } catch (IOException | RuntimeException e) {
            throw new MalformedEvidenceException(what + ": bad DER: " + e.getMessage(), e);
        }
    }
}
