package io.tee4j.se;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.tee4j.core.MalformedEvidenceException;
import io.tee4j.se.abi.ExchangeEntry;
import io.tee4j.se.abi.ExchangeFile;
import io.tee4j.se.abi.SeHeader;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** expected.json "se_header" and "exchange_format". */
class HeaderAndExchangeVectorTest {
    @Test
    void seHeaderTagsMatchUpstream() throws Exception {
        SeHeader h = SeHeader.parse(Vectors.bytes("s390tools-secure_guest.hdr"));
        assertEquals(64549, h.nep());
        assertEquals(0, h.pcf());
        assertArrayEquals(Vectors.hex("92309d4589b9a85b427f8753171d1520"), h.tags().tag());
        assertArrayEquals(Vectors.hex("be94b5eab3c1b118c757d7db7ea0f65d9b64823a8dc55bf8a8725b58072d9d42"
                + "58c53e8a5da82dfb2192d91d07bc1c39b95d6321d3ba16a751a6e3e32f3e0161"), h.tags().pld());
        assertArrayEquals(Vectors.hex("ec7943f249cf853afc5bf2f741a70fa3c3e1d8d8312dcf20c592671df50d1b2b"),
                MessageDigest.getInstance("SHA-256").digest(h.tags().toBytes()));
        assertArrayEquals(Vectors.hex("782966a6298f6f5968780c3134ca4c55958d2dbca5292f59e9f5d2670befaf2f"),
                h.keyslotPhkhs().get(0));
    }

    @Test
    void seHeaderRejectsBadMagicAndTruncation() {
        byte[] hdr = Vectors.bytes("s390tools-secure_guest.hdr");
        assertThrows(MalformedEvidenceException.class, () -> SeHeader.parse(Arrays.copyOf(hdr, hdr.length - 1)));
        hdr[0] = 'X';
        assertThrows(MalformedEvidenceException.class, () -> SeHeader.parse(hdr));
    }

    @Test
    void exchangeFilesParseAsUpstreamWroteThem() throws Exception {
        for (String name : List.of("full_req", "add_req", "min_req", "user_req", "full_resp", "add_resp", "min_resp",
                "user_resp")) {
            byte[] raw = Vectors.bytes("exchange/" + name + ".bin");
            ExchangeFile f = ExchangeFile.parse(raw);
            assertArrayEquals(Vectors.fill(0x11, 16), f.arcb(), name);
            assertEquals(64, f.measurement().size(), name);
            boolean resp = name.endsWith("resp");
            if (resp) {
                f.requireResponse();
                assertArrayEquals(Vectors.fill(0x12, 64), f.measurement().data(), name);
                assertArrayEquals(Vectors.fill(0x14, 16), f.cuid().data(), name);
            } else {
                assertNull(f.measurement().data(), name);
                assertNull(f.cuid(), name);
                assertThrows(MalformedEvidenceException.class, f::requireResponse, name);
            }
            boolean add = name.startsWith("full") || name.startsWith("add");
            assertEquals(add ? 32 : -1, f.additional() == null ? -1 : f.additional().size(), name);
            if (add && resp) {
                assertArrayEquals(Vectors.fill(0x13, 32), f.additional().data(), name);
            }
            boolean user = name.startsWith("user") || name.equals("full_resp");
            assertEquals(user, f.userData() != null, name);
            if (!name.equals("user_req")) {
                assertArrayEquals(raw, f.encode(), "writer reproduces " + name);
            }
        }
    }

    @Test
    void exchangeNegativesAreRejected() {
        byte[] min = Vectors.bytes("exchange/min_resp.bin");
        byte[] magic = min.clone();
        magic[0] ^= 1;
        assertThrows(MalformedEvidenceException.class, () -> ExchangeFile.parse(magic));
        byte[] version = min.clone();
        version[8] = (byte) 0xff;
        assertThrows(MalformedEvidenceException.class, () -> ExchangeFile.parse(version));
        byte[] noArcb = Vectors.bytes("exchange/min_req.bin");
        Arrays.fill(noArcb, 0x18, 0x20, (byte) 0);
        assertThrows(MalformedEvidenceException.class, () -> ExchangeFile.parse(noArcb));
        assertThrows(MalformedEvidenceException.class, () -> ExchangeFile.parse(Arrays.copyOf(min, min.length - 1)));
        byte[] cuid15 = min.clone();
        cuid15[0x3b] = 0x0f;
        assertThrows(MalformedEvidenceException.class, () -> ExchangeFile.parse(cuid15).requireResponse());
    }

    @Test
    void expectedSizeOnlyEntriesRoundTrip() throws Exception {
        ExchangeFile f = new ExchangeFile(Vectors.fill(0x11, 16), ExchangeEntry.expectedSize(64),
                ExchangeEntry.expectedSize(32), null, null);
        assertArrayEquals(Vectors.bytes("exchange/full_req.bin"), f.encode());
    }
}
