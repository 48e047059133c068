package io.tee4j.se;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.tee4j.core.MalformedEvidenceException;
import io.tee4j.core.PolicyDocument;
import io.tee4j.core.PolicyFormatException;
import io.tee4j.se.abi.ExchangeFile;
import io.tee4j.se.abi.SeHeader;
import io.tee4j.se.abi.SeImages;
import io.tee4j.se.validate.SePolicy;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** expected.json se_header.also_found_when, composite-1 request.bin, and the policy reader. */
class SeImagesAndPolicyTest {
    @Test
    void headerIsFoundOnlyAtAPageAlignedOffset() throws Exception {
        byte[] hdr = Vectors.bytes("s390tools-secure_guest.hdr");
        byte[] image = new byte[0x13000];
        System.arraycopy(hdr, 0, image, 0x12000, hdr.length);
        assertArrayEquals(SeHeader.parse(hdr).tags().toBytes(), SeImages.header(image).tags().toBytes());
        byte[] unaligned = new byte[0x13000];
        System.arraycopy(hdr, 0, unaligned, 0x8, hdr.length);
        assertThrows(MalformedEvidenceException.class, () -> SeImages.header(unaligned));
        assertArrayEquals(SeHeader.parse(hdr).tags().toBytes(), SeImages.header(hdr).tags().toBytes());
    }

    @Test
    void compositeRequestAnnouncesItsSizes() throws Exception {
        ExchangeFile f = ExchangeFile.parse(Vectors.bytes("composite-1/request.bin"));
        assertEquals(400, f.arcb().length);
        assertEquals(64, f.measurement().size());
        assertEquals(64, f.additional().size());
        assertArrayEquals(Vectors.bytes("s390tools-arcb.bin"), f.arcb());
    }

    @Test
    void policyReaderRefusesUnknownKeysAndBadLengths() throws Exception {
        String tags = "00".repeat(208);
        SePolicy p = SePolicy.fromDocument(PolicyDocument.of(Map.of("headerTags", List.of(tags), "nonce", "11".repeat(16),
                "allowedImagePhkhs", List.of("22".repeat(32)), "secretStoreHash", "33".repeat(64), "userData", "44")));
        assertEquals(1, p.headerTags().size());
        assertArrayEquals(new byte[] {0x44}, p.userData().orElseThrow());
        assertThrows(PolicyFormatException.class, () -> SePolicy.fromDocument(PolicyDocument.of(Map.of("headerTag", List.of(tags)))));
        assertThrows(PolicyFormatException.class, () -> SePolicy.fromDocument(PolicyDocument.of(Map.of("headerTags", List.of("00")))));
        assertThrows(PolicyFormatException.class, () -> SePolicy.fromDocument(PolicyDocument.of(Map.of("nonce", "00"))));
        assertThrows(PolicyFormatException.class,
                () -> SePolicy.fromDocument(PolicyDocument.of(Map.of("userData", "00".repeat(257)))));
    }
}
