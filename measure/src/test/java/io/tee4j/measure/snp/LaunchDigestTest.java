package io.tee4j.measure.snp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import io.tee4j.measure.Vectors;
import org.junit.jupiter.api.Test;

/** PAGE_INFO chaining: expected.json snp_page_info_chain (gce-tcb-verifier TestUpdateData / zero content). */
class LaunchDigestTest {

    @Test
    void normalPagesChainAsGceTcbVerifierExpects() {
        JsonNode c = Vectors.byId("snp_page_info_chain", "gce-update-normal");
        byte[] data = Vectors.bytes(c.get("input").asText());
        LaunchDigest ld = new LaunchDigest();
        ld.updateNormalPages(0, data, 0, data.length);
        assertEquals(c.get("expected").asText(), Vectors.hex(ld.digest()));
        assertEquals(3, ld.pageCount());
    }

    @Test
    void zeroPagesChainWithZeroContents() {
        JsonNode c = Vectors.byId("snp_page_info_chain", "gce-zero-pages");
        LaunchDigest ld = new LaunchDigest();
        ld.updateUnmeasuredContents(PageType.ZERO, 0x9000, 3 * 4096);
        assertEquals(c.get("expected").asText(), Vectors.hex(ld.digest()));
    }

    @Test
    void pageTypeIsPartOfTheChain() {
        LaunchDigest zero = new LaunchDigest();
        zero.updateUnmeasuredContents(PageType.ZERO, 0x9000, 4096);
        LaunchDigest unmeasured = new LaunchDigest();
        unmeasured.updateUnmeasuredContents(PageType.UNMEASURED, 0x9000, 4096);
        org.junit.jupiter.api.Assertions.assertNotEquals(Vectors.hex(zero.digest()), Vectors.hex(unmeasured.digest()));
    }

    @Test
    void partialPagesAndMeasuredTypesAreProgrammingErrors() {
        LaunchDigest ld = new LaunchDigest();
        assertThrows(IllegalArgumentException.class, () -> ld.updateNormalPages(0, new byte[4097], 0, 4097));
        assertThrows(IllegalArgumentException.class, () -> ld.updateUnmeasuredContents(PageType.NORMAL, 0, 4096));
        assertThrows(IllegalArgumentException.class, () -> new LaunchDigest(new byte[32]));
    }
}
