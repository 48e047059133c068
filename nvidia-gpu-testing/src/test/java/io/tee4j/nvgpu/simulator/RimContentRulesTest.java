package io.tee4j.nvgpu.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tee4j.core.RevocationMode;
import io.tee4j.core.VerificationFailedException.Reason;
import io.tee4j.core.VerificationFailedException;
import io.tee4j.nvgpu.validate.MeasurementMismatchException;
import io.tee4j.nvgpu.validate.NvGpuPolicy;
import io.tee4j.nvgpu.verify.NvGpuAttestationResult;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.function.Consumer;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * Issue 26 items 4, 5, 6 and 9: RIM measurement entries read as nvtrust reads them, each RIM
 * signed by the simulated RIM signer (so only the content rule decides). The simulated driver RIM
 * marks 7 and 21-40 active, the VBIOS RIM 0-6 and 8-12; index 50 is inactive in both with a zero
 * hash, which the report's block 51 does not have.
 */
class RimContentRulesTest {
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-15T10:00:00Z"), ZoneOffset.UTC);
    static final NvGpuSimulator SIM = NvGpuSimulator.builder().clock(CLOCK).build();
    static final String SWID = "http://standards.iso.org/iso/19770/-2/2015/schema.xsd";
    static final String SHA384 = "http://www.w3.org/2001/04/xmlenc#sha384";

    /** The driver RIM changed by {@code edit} and signed again. */
    static byte[] driverRim(Consumer<Document> edit) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        Document doc = f.newDocumentBuilder().parse(new ByteArrayInputStream(SIM.driverRim()));
        edit.accept(doc);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        TransformerFactory.newInstance().newTransformer().transform(new DOMSource(doc), new StreamResult(out));
        return SIM.signRim(out.toByteArray());
    }

    static Element entry(Document doc, int index) {
        NodeList list = doc.getElementsByTagNameNS(SWID, "Resource");
        for (int i = 0; i < list.getLength(); i++) {
            Element e = (Element) list.item(i);
            if (e.getAttribute("index").equals(Integer.toString(index))) {
                return e;
            }
        }
        throw new IllegalStateException("no entry " + index);
    }

    static NvGpuAttestationResult verify(byte[] driverRim) throws Exception {
        byte[] nonce = new byte[32];
        new SecureRandom().nextBytes(nonce);
        return SIM.verifier().revocationMode(RevocationMode.SKIP_INSECURE).addRim(driverRim).addRim(SIM.vbiosRim())
                .build().verify(SIM.evidence(nonce), NvGpuPolicy.builder().expectedNonce(nonce).build());
    }

    @Test
    void activeIsFalseOnlyWhenExactlyFalse() throws Exception {
        // Before: "false" (any case) was inactive and skipped (exit 0); nvtrust compares it.
        for (String value : List.of("false", "FALSE", "no", "")) {
            byte[] rim = driverRim(d -> entry(d, 50).setAttribute("active", value));
            MeasurementMismatchException e = assertThrows(MeasurementMismatchException.class, () -> verify(rim), value);
            assertEquals(List.of(50), e.mismatchedIndices(), value);
        }
    }

    @Test
    void aMissingActiveAttributeIsRefused() throws Exception {
        byte[] rim = driverRim(d -> entry(d, 50).removeAttribute("active"));
        assertEquals(Reason.COLLATERAL, assertThrows(VerificationFailedException.class, () -> verify(rim)).reason());
    }

    @Test
    void everyPayloadElementIsAMeasurement() throws Exception {
        // Before: a Resource of another type was skipped (exit 0); nvtrust takes every Payload child.
        byte[] otherType = driverRim(d -> {
            Element e = entry(d, 50);
            e.setAttribute("type", "Other");
            e.setAttribute("active", "True");
        });
        assertEquals(List.of(50), assertThrows(MeasurementMismatchException.class, () -> verify(otherType))
                .mismatchedIndices());
        byte[] otherElement = driverRim(d -> {
            Element e = entry(d, 51);
            Element file = d.createElementNS(SWID, "File");
            for (String a : List.of("index", "alternatives", "size", "name")) {
                file.setAttribute(a, e.getAttribute(a));
            }
            file.setAttribute("active", "True");
            file.setAttributeNS(SHA384, "ns2:Hash0", e.getAttributeNS(SHA384, "Hash0"));
            e.getParentNode().replaceChild(file, e);
        });
        assertEquals(List.of(51), assertThrows(MeasurementMismatchException.class, () -> verify(otherElement))
                .mismatchedIndices());
    }

    @Test
    void aRimWithoutMeasurementsIsRefused() throws Exception {
        // Before: accepted, appraising nothing of the driver (exit 0); nvtrust: NoRIMMeasurementsError.
        byte[] empty = driverRim(d -> {
            Element payload = (Element) d.getElementsByTagNameNS(SWID, "Payload").item(0);
            while (payload.getFirstChild() != null) {
                payload.removeChild(payload.getFirstChild());
            }
        });
        VerificationFailedException e = assertThrows(VerificationFailedException.class, () -> verify(empty));
        assertEquals(Reason.COLLATERAL, e.reason());
        assertTrue(e.getMessage().contains("no measurements"), e.getMessage());
    }

    @Test
    void inactiveEntriesAreNeverCompared() throws Exception {
        // Before: a wrong size or alternatives="0" on an inactive entry rejected the RIM (exit 2).
        byte[] wrongSize = driverRim(d -> entry(d, 50).setAttribute("size", "32"));
        assertTrue(verify(wrongSize).measurementsAppraised());
        byte[] noAlternatives = driverRim(d -> {
            Element e = entry(d, 50);
            e.setAttribute("alternatives", "0");
            e.removeAttributeNS(SHA384, "Hash0");
        });
        assertTrue(verify(noAlternatives).measurementsAppraised());
        byte[] notHex = driverRim(d -> entry(d, 50).setAttributeNS(SHA384, "ns2:Hash0", "not hex at all"));
        assertTrue(verify(notHex).measurementsAppraised());
    }

    @Test
    void activeEntriesStayStrict() throws Exception {
        byte[] wrongSize = driverRim(d -> entry(d, 7).setAttribute("size", "32"));
        assertEquals(Reason.COLLATERAL, assertThrows(VerificationFailedException.class, () -> verify(wrongSize)).reason());
        byte[] missingHash = driverRim(d -> entry(d, 50).removeAttributeNS(SHA384, "Hash0"));
        assertEquals(Reason.COLLATERAL, assertThrows(VerificationFailedException.class, () -> verify(missingHash))
                .reason());
    }
}
