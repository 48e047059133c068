package io.tee4j.nvgpu.simulator;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import javax.xml.XMLConstants;
import javax.xml.crypto.dsig.CanonicalizationMethod;
import javax.xml.crypto.dsig.DigestMethod;
import javax.xml.crypto.dsig.Reference;
import javax.xml.crypto.dsig.SignatureMethod;
import javax.xml.crypto.dsig.SignedInfo;
import javax.xml.crypto.dsig.Transform;
import javax.xml.crypto.dsig.XMLSignature;
import javax.xml.crypto.dsig.XMLSignatureFactory;
import javax.xml.crypto.dsig.dom.DOMSignContext;
import javax.xml.crypto.dsig.keyinfo.KeyInfo;
import javax.xml.crypto.dsig.keyinfo.KeyInfoFactory;
import javax.xml.crypto.dsig.keyinfo.X509Data;
import javax.xml.crypto.dsig.spec.C14NMethodParameterSpec;
import javax.xml.crypto.dsig.spec.TransformParameterSpec;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.Transformer;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** Writes and signs SWID RIMs the way NVIDIA's look (enveloped XML-DSig, C14N 1.1, ECDSA-SHA384). */
final class SimulatedRim {
    static final String SWID_NS = "http://standards.iso.org/iso/19770/-2/2015/schema.xsd";
    static final String SHA384_NS = "http://www.w3.org/2001/04/xmlenc#sha384";
    static final String C14N11 = "http://www.w3.org/2006/12/xml-c14n11";

    private SimulatedRim() {
    }

    /**
     * A signed RIM: {@code active} maps each active 0-based index to its alternatives; the other
     * indices up to {@code count} are inactive with a zero hash.
     */
    static byte[] signed(String version, int count, Map<Integer, List<byte[]>> active, SimulatedPki.Entity signer,
            List<X509Certificate> chain) {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setNamespaceAware(true);
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            Document doc = f.newDocumentBuilder().newDocument();
            Element root = doc.createElementNS(SWID_NS, "SoftwareIdentity");
            root.setAttributeNS(XMLConstants.XMLNS_ATTRIBUTE_NS_URI, "xmlns", SWID_NS);
            root.setAttributeNS(XMLConstants.XMLNS_ATTRIBUTE_NS_URI, "xmlns:ns2", SHA384_NS);
            root.setAttribute("name", "GH100");
            root.setAttribute("tagId", "tee4j-simulated-" + version);
            root.setAttribute("version", "1.0");
            doc.appendChild(root);
            Element meta = doc.createElementNS(SWID_NS, "Meta");
            meta.setAttribute("colloquialVersion", version);
            meta.setAttribute("product", "GH100");
            meta.setAttribute("edition", "GPU");
            root.appendChild(meta);
            Element payload = doc.createElementNS(SWID_NS, "Payload");
            root.appendChild(payload);
            for (int i = 0; i < count; i++) {
                Element r = doc.createElementNS(SWID_NS, "Resource");
                r.setAttribute("type", "Measurement");
                r.setAttribute("index", Integer.toString(i));
                List<byte[]> alts = active.get(i);
                r.setAttribute("active", alts != null ? "True" : "False");
                r.setAttribute("alternatives", Integer.toString(alts != null ? alts.size() : 1));
                r.setAttribute("size", "48");
                r.setAttribute("name", "Measurement_" + i);
                if (alts != null) {
                    for (int a = 0; a < alts.size(); a++) {
                        r.setAttributeNS(SHA384_NS, "ns2:Hash" + a, HexFormat.of().formatHex(alts.get(a)));
                    }
                } else {
                    r.setAttributeNS(SHA384_NS, "ns2:Hash0", HexFormat.of().formatHex(new byte[48]));
                }
                payload.appendChild(r);
            }
            return sign(doc, signer.keys.getPrivate(), chain);
        } catch (Exception e) {
            throw new IllegalStateException("simulated RIM signing failed", e);
        }
    }

    /**
     * {@code swid} with every existing ds:Signature removed, signed again with {@code key} (KeyInfo:
     * {@code chain}): for tests of RIM content and signer rules.
     */
    static byte[] resigned(byte[] swid, PrivateKey key, List<X509Certificate> chain) {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setNamespaceAware(true);
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            Document doc = f.newDocumentBuilder().parse(new ByteArrayInputStream(swid));
            NodeList sigs = doc.getElementsByTagNameNS(XMLSignature.XMLNS, "Signature");
            for (int i = sigs.getLength() - 1; i >= 0; i--) {
                sigs.item(i).getParentNode().removeChild(sigs.item(i));
            }
            return sign(doc, key, chain);
        } catch (Exception e) {
            throw new IllegalArgumentException("not a SWID document the simulator can sign: " + e.getMessage(), e);
        }
    }

    private static byte[] sign(Document doc, PrivateKey key, List<X509Certificate> chain) throws Exception {
        Element root = doc.getDocumentElement();
        XMLSignatureFactory fac = XMLSignatureFactory.getInstance("DOM");
        Reference ref = fac.newReference("", fac.newDigestMethod(DigestMethod.SHA384, null),
                List.of(fac.newTransform(Transform.ENVELOPED, (TransformParameterSpec) null),
                        fac.newTransform(C14N11, (TransformParameterSpec) null)), null, null);
        SignedInfo si = fac.newSignedInfo(fac.newCanonicalizationMethod(C14N11, (C14NMethodParameterSpec) null),
                fac.newSignatureMethod(SignatureMethod.ECDSA_SHA384, null), List.of(ref));
        KeyInfoFactory kif = fac.getKeyInfoFactory();
        X509Data data = kif.newX509Data(List.copyOf(chain));
        KeyInfo ki = kif.newKeyInfo(List.of(data));
        XMLSignature sig = fac.newXMLSignature(si, ki);
        sig.sign(new DOMSignContext(key, root));
        TransformerFactory tf = TransformerFactory.newInstance();
        tf.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        Transformer t = tf.newTransformer();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        t.transform(new DOMSource(doc), new StreamResult(out));
        return out.toByteArray();
    }
}
