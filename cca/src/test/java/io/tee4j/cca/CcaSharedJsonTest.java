package io.tee4j.cca;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tee4j.cca.validate.CcaReferenceValues;
import io.tee4j.cca.verify.CcaTrustAnchors;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * CCA reads its trust-anchor stores and reference values with the shared {@code tee4j-json} reader
 * (issue 15 item 3): its own copy is gone, and the conventions the CCA readers relied on hold
 * through it (an explicit null named as such, duplicate keys and trailing content refused).
 */
class CcaSharedJsonTest {

    private static CcaConfigurationException anchors(String json) {
        return assertThrows(CcaConfigurationException.class,
                () -> CcaTrustAnchors.builder().addFrom(json.getBytes(StandardCharsets.UTF_8)).build());
    }

    private static CcaConfigurationException values(String json) {
        return assertThrows(CcaConfigurationException.class,
                () -> CcaReferenceValues.parse(json.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void theModuleHasNoJsonReaderOfItsOwn() {
        assertThrows(ClassNotFoundException.class, () -> Class.forName("io.tee4j.cca.internal.json.Json"));
    }

    @Test
    void anExplicitNullIsNamedNotMistakenForAType() {
        String m = anchors("{\"kty\": null, \"crv\": \"P-384\"}").getMessage();
        assertTrue(m.contains("kty") && m.contains("null is not a value"), m);
        String r = values("{\"realm\": [{\"initial-measurement\": null}]}").getMessage();
        assertTrue(r.contains("initial-measurement") && r.contains("null is not a value"), r);
    }

    @Test
    void duplicateKeysTrailingContentAndNumbersForHexAreRefused() {
        assertTrue(anchors("{\"kty\": \"EC\", \"kty\": \"EC\"}").getMessage().contains("valid JSON"));
        assertTrue(values("{\"realm\": []} {}").getMessage().startsWith("reference values"));
        String n = values("{\"realm\": [{\"initial-measurement\": 12}]}").getMessage();
        assertTrue(n.contains("initial-measurement"), n);
    }
}
