package io.tee4j.nvgpu.abi;

import io.tee4j.core.TrustAnchors;
import io.tee4j.core.VerificationFailedException.Reason;
import io.tee4j.core.VerificationFailedException;
import io.tee4j.core.crypto.CertificateChainValidator;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.security.Key;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.crypto.AlgorithmMethod;
import javax.xml.crypto.KeySelector;
import javax.xml.crypto.KeySelectorException;
import javax.xml.crypto.KeySelectorResult;
import javax.xml.crypto.MarshalException;
import javax.xml.crypto.URIDereferencer;
import javax.xml.crypto.URIReferenceException;
import javax.xml.crypto.XMLCryptoContext;
import javax.xml.crypto.XMLStructure;
import javax.xml.crypto.dsig.CanonicalizationMethod;
import javax.xml.crypto.dsig.Reference;
import javax.xml.crypto.dsig.SignedInfo;
import javax.xml.crypto.dsig.Transform;
import javax.xml.crypto.dsig.XMLSignature;
import javax.xml.crypto.dsig.XMLSignatureException;
import javax.xml.crypto.dsig.XMLSignatureFactory;
import javax.xml.crypto.dsig.dom.DOMValidateContext;
import javax.xml.crypto.dsig.keyinfo.KeyInfo;
import javax.xml.crypto.dsig.keyinfo.X509Data;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.ErrorHandler;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

/** Secure SWID/RIM parsing and XML-DSig checking; see {@link ReferenceManifest}. */
final class RimReader {
    static final int MAX_BYTES = 1 << 20;
    static final int MAX_MEASUREMENTS = 256;
    static final int MAX_ALTERNATIVES = 64;
    static final int MAX_SIZE = 64;
    /** The size attribute of an inactive entry is never used; it only has to be a bounded integer. */
    static final int MAX_INACTIVE_SIZE = 999_999;

    static final String SWID_NS = "http://standards.iso.org/iso/19770/-2/2015/schema.xsd";
    static final String SHA384_NS = "http://www.w3.org/2001/04/xmlenc#sha384";
    static final String C14N11 = "http://www.w3.org/2006/12/xml-c14n11";
    static final String ECDSA_SHA384 = "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha384";
    static final String SHA384 = "http://www.w3.org/2001/04/xmldsig-more#sha384";
    static final String ENVELOPED = Transform.ENVELOPED;

    private RimReader() {
    }

    static ReferenceManifest read(byte[] xml, TrustAnchors anchors, Instant at) throws VerificationFailedException {
        if (xml.length > MAX_BYTES) {
            throw reject("RIM of " + xml.length + " bytes exceeds " + MAX_BYTES);
        }
        Document doc = parse(xml);
        Element root = doc.getDocumentElement();
        if (!"SoftwareIdentity".equals(root.getLocalName()) || !SWID_NS.equals(root.getNamespaceURI())) {
            throw reject("root element is not a SWID SoftwareIdentity");
        }
        NodeList sigs = doc.getElementsByTagNameNS(XMLSignature.XMLNS, "Signature");
        List<X509Certificate> chain = List.of();
        boolean verified = false;
        if (anchors != null) {
            if (sigs.getLength() != 1) {
                throw reject("RIM must hold exactly one ds:Signature, found " + sigs.getLength());
            }
            Element sig = (Element) sigs.item(0);
            if (sig.getParentNode() != root) {
                throw reject("the ds:Signature is not a child of the document root");
            }
            chain = verifySignature(sig, root, anchors, at);
            verified = true;
        }
        return model(root, chain, verified);
    }

    private static Document parse(byte[] xml) throws VerificationFailedException {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setNamespaceAware(true);
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setFeature("http://xml.org/sax/features/external-general-entities", false);
            f.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
            f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
            f.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            f.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
            f.setXIncludeAware(false);
            f.setExpandEntityReferences(false);
            f.setValidating(false);
            DocumentBuilder b = f.newDocumentBuilder();
            b.setEntityResolver((publicId, systemId) -> {
                throw new SAXException("external entity " + systemId + " refused");
            });
            b.setErrorHandler(new ErrorHandler() {
                @Override
                public void warning(SAXParseException e) {
                    // warnings are not failures
                }

                @Override
                public void error(SAXParseException e) throws SAXException {
                    throw e;
                }

                @Override
                public void fatalError(SAXParseException e) throws SAXException {
                    throw e;
                }
            });
            return b.parse(new ByteArrayInputStream(xml));
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("the JDK XML parser lacks a required security feature", e);
        } catch (SAXException | IOException | RuntimeException e) {
            throw reject("RIM is not acceptable XML: " + e.getMessage());
        }
    }

    private static List<X509Certificate> verifySignature(Element sigElement, Element root, TrustAnchors anchors,
            Instant at) throws VerificationFailedException {
        XMLSignatureFactory fac = XMLSignatureFactory.getInstance("DOM");
        // Only the whole document may be referenced: every other URI (external or a fragment) fails.
        URIDereferencer sameDocumentOnly = (uriReference, context) -> {
            if (uriReference.getURI() == null || !uriReference.getURI().isEmpty()) {
                throw new URIReferenceException("only URI=\"\" is allowed, got "
                        + uriReference.getURI());
            }
            return fac.getURIDereferencer().dereference(uriReference, context);
        };
        CapturingSelector selector = new CapturingSelector(anchors, at);
        DOMValidateContext ctx = new DOMValidateContext(selector, sigElement);
        ctx.setURIDereferencer(sameDocumentOnly);
        ctx.setProperty("org.jcp.xml.dsig.secureValidation", Boolean.TRUE);
        XMLSignature signature;
        try {
            signature = fac.unmarshalXMLSignature(ctx);
        } catch (MarshalException | RuntimeException e) {
            throw reject("RIM signature element is malformed: " + e.getMessage());
        }
        checkShape(signature.getSignedInfo());
        boolean valid;
        try {
            valid = signature.validate(ctx);
        } catch (XMLSignatureException e) {
            if (selector.failure != null) {
                throw selector.failure;
            }
            throw new VerificationFailedException(Reason.SIGNATURE, "RIM signature cannot be checked: "
                    + e.getMessage(), e);
        } catch (RuntimeException e) {
            throw new VerificationFailedException(Reason.SIGNATURE, "RIM signature cannot be checked: "
                    + e.getMessage(), e);
        }
        if (selector.failure != null) {
            throw selector.failure;
        }
        if (!valid) {
            boolean digestOk;
            try {
                digestOk = ((Reference) signature.getSignedInfo().getReferences().get(0)).validate(ctx);
            } catch (XMLSignatureException e) {
                digestOk = false;
            }
            throw new VerificationFailedException(Reason.SIGNATURE, digestOk
                    ? "RIM SignatureValue does not verify with the signer's key"
                    : "RIM content does not match its signed digest (the document was altered)");
        }
        return selector.chain;
    }

    private static void checkShape(SignedInfo si) throws VerificationFailedException {
        if (!C14N11.equals(si.getCanonicalizationMethod().getAlgorithm())) {
            throw reject("unexpected canonicalization " + si.getCanonicalizationMethod().getAlgorithm());
        }
        if (!ECDSA_SHA384.equals(si.getSignatureMethod().getAlgorithm())) {
            throw reject("unexpected signature method " + si.getSignatureMethod().getAlgorithm());
        }
        if (si.getReferences().size() != 1) {
            throw reject("RIM signature must have exactly one reference, has " + si.getReferences().size());
        }
        Reference ref = (Reference) si.getReferences().get(0);
        if (ref.getURI() == null || !ref.getURI().isEmpty()) {
            throw reject("RIM signature reference must cover the whole document (URI=\"\"), is " + ref.getURI());
        }
        if (!SHA384.equals(ref.getDigestMethod().getAlgorithm())) {
            throw reject("unexpected digest method " + ref.getDigestMethod().getAlgorithm());
        }
        List<?> transforms = ref.getTransforms();
        if (transforms.size() < 1 || transforms.size() > 2
                || !ENVELOPED.equals(((Transform) transforms.get(0)).getAlgorithm())
                || (transforms.size() == 2 && !C14N11.equals(((Transform) transforms.get(1)).getAlgorithm()))) {
            throw reject("RIM reference transforms must be enveloped-signature then C14N 1.1");
        }
        if (ref.getType() != null) {
            throw reject("RIM reference has an unexpected Type " + ref.getType());
        }
    }

    /** Picks the key of the KeyInfo chain's leaf after validating the chain; remembers why it refused. */
    private static final class CapturingSelector extends KeySelector {
        private final TrustAnchors anchors;
        private final Instant at;
        private List<X509Certificate> chain = List.of();
        private VerificationFailedException failure;

        CapturingSelector(TrustAnchors anchors, Instant at) {
            this.anchors = anchors;
            this.at = at;
        }

        @Override
        public KeySelectorResult select(KeyInfo keyInfo, Purpose purpose, AlgorithmMethod method,
                XMLCryptoContext context) throws KeySelectorException {
            if (keyInfo == null) {
                failure = reject("RIM signature has no KeyInfo certificates");
                throw new KeySelectorException(failure.getMessage());
            }
            List<X509Certificate> certs = new ArrayList<>();
            for (Object o : keyInfo.getContent()) {
                if (o instanceof X509Data) {
                    for (Object c : ((X509Data) o).getContent()) {
                        if (c instanceof X509Certificate) {
                            certs.add((X509Certificate) c);
                        }
                    }
                } else if (o instanceof XMLStructure) {
                    failure = reject("RIM KeyInfo holds something other than X509Data");
                    throw new KeySelectorException(failure.getMessage());
                }
            }
            if (certs.isEmpty()) {
                failure = reject("RIM KeyInfo holds no certificate");
                throw new KeySelectorException(failure.getMessage());
            }
            try {
                CertificateChainValidator.of(anchors).validate(certs, at);
            } catch (VerificationFailedException e) {
                failure = new VerificationFailedException(Reason.CERTIFICATE_CHAIN, "RIM signing chain: "
                        + e.getMessage(), e);
                throw new KeySelectorException(failure.getMessage());
            }
            X509Certificate leaf = certs.get(0);
            boolean[] ku = leaf.getKeyUsage();
            if (ku != null && !ku[0]) {
                failure = reject("RIM signer certificate may not sign (keyUsage lacks digitalSignature)");
                throw new KeySelectorException(failure.getMessage());
            }
            chain = List.copyOf(certs);
            PublicKey key = leaf.getPublicKey();
            return () -> (Key) key;
        }
    }

    private static ReferenceManifest model(Element root, List<X509Certificate> chain, boolean verified)
            throws VerificationFailedException {
        Element meta = null;
        Element payload = null;
        for (Node n = root.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element && SWID_NS.equals(n.getNamespaceURI())) {
                if ("Meta".equals(n.getLocalName()) && meta == null) {
                    meta = (Element) n;
                } else if ("Payload".equals(n.getLocalName())) {
                    if (payload != null) {
                        throw reject("RIM has two Payload elements");
                    }
                    payload = (Element) n;
                }
            }
        }
        if (meta == null || payload == null) {
            throw reject("RIM lacks its Meta or Payload element");
        }
        String version = meta.getAttribute("colloquialVersion");
        if (version.isEmpty()) {
            throw reject("RIM Meta has no colloquialVersion");
        }
        List<RimMeasurement> list = new ArrayList<>();
        boolean[] seen = new boolean[MAX_MEASUREMENTS];
        // Every element child of Payload is a measurement, whatever its name or type attribute, as
        // in nvtrust (its parser takes each Payload child): an element tee4j skipped could be one
        // nvtrust compares.
        for (Node n = payload.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (!(n instanceof Element)) {
                continue;
            }
            if (list.size() >= MAX_MEASUREMENTS) {
                throw reject("RIM has more than " + MAX_MEASUREMENTS + " measurements");
            }
            RimMeasurement m = measurement((Element) n);
            if (seen[m.index()]) {
                throw reject("RIM measurement index " + m.index() + " occurs twice");
            }
            seen[m.index()] = true;
            list.add(m);
        }
        if (list.isEmpty()) {
            // nvtrust: NoRIMMeasurementsError. A RIM that lists nothing appraises nothing.
            throw reject("RIM lists no measurements");
        }
        return new ReferenceManifest(root.getAttribute("tagId"), root.getAttribute("name"), version,
                meta.getAttribute("product"), list, chain, verified);
    }

    /**
     * One measurement entry. Like nvtrust: inactive only when {@code active} is exactly "False"
     * (any other value, "false" included, is active); every entry needs index, active, alternatives,
     * size and its Hash0..Hash(alternatives-1) attributes. Only an active entry is held to the
     * values it will be compared with (at least one alternative, each of {@code size} bytes of
     * hex): nvtrust never compares an inactive one, so its sizes and count do not reject the RIM.
     */
    private static RimMeasurement measurement(Element r) throws VerificationFailedException {
        int index = integer(r, "index", 0, MAX_MEASUREMENTS - 1);
        if (!r.hasAttribute("active")) {
            throw reject("RIM measurement " + index + " has no active attribute");
        }
        boolean active = !"False".equals(r.getAttribute("active"));
        int alternatives = integer(r, "alternatives", active ? 1 : 0, MAX_ALTERNATIVES);
        int size = integer(r, "size", active ? 1 : 0, active ? MAX_SIZE : MAX_INACTIVE_SIZE);
        List<byte[]> values = new ArrayList<>();
        for (int i = 0; i < alternatives; i++) {
            String hex = hashAttribute(r, "Hash" + i);
            if (hex == null) {
                throw reject("RIM measurement " + index + " lacks Hash" + i);
            }
            if (active) {
                values.add(activeValue(index, i, hex, size));
            }
        }
        return new RimMeasurement(index, active, size, values);
    }

    private static byte[] activeValue(int index, int alternative, String hex, int size)
            throws VerificationFailedException {
        byte[] v;
        try {
            v = HexFormat.of().parseHex(hex);
        } catch (IllegalArgumentException e) {
            throw reject("RIM measurement " + index + " Hash" + alternative + " is not hex");
        }
        if (v.length != size) {
            throw reject("RIM measurement " + index + " Hash" + alternative + " has " + v.length
                    + " bytes, size says " + size);
        }
        return v;
    }

    private static String hashAttribute(Element r, String local) {
        return r.hasAttributeNS(SHA384_NS, local) ? r.getAttributeNS(SHA384_NS, local) : null;
    }

    private static int integer(Element r, String attr, int min, int max) throws VerificationFailedException {
        String s = r.getAttribute(attr);
        if (s.isEmpty() || s.length() > 6) {
            throw reject("RIM measurement attribute " + attr + " is missing or too long");
        }
        int v;
        try {
            v = Integer.parseInt(s);
        } catch (NumberFormatException e) {
            throw reject("RIM measurement attribute " + attr + " is not an integer: " + s);
        }
        if (v < min || v > max) {
            throw reject("RIM measurement attribute " + attr + " = " + v + " is outside [" + min + ", " + max + "]");
        }
        return v;
    }

    private static VerificationFailedException reject(String message) {
        return new VerificationFailedException(Reason.COLLATERAL, message);
    }
}
