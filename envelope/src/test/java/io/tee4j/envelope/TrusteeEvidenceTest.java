package io.tee4j.envelope;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tee4j.core.AttestationException;
import io.tee4j.core.FailureClass;
import io.tee4j.core.MalformedEvidenceException;
import io.tee4j.core.TeeType;
import io.tee4j.core.VerificationFailedException;
import io.tee4j.tdx.abi.CcEventLog;
import io.tee4j.tdx.abi.TdxQuote;
import io.tee4j.tdx.simulator.QuoteBuilder;
import io.tee4j.tdx.simulator.TdxSimulator;
import io.tee4j.tdx.validate.TdxPolicy;
import io.tee4j.tdx.verify.TdxAttestationResult;
import io.tee4j.tdx.verify.TdxVerifier;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * trustee TDX evidence JSON: the current form (cc_eventlog with the agent's entries) verified end to
 * end with a quote the TDX simulator signs over the real Alibaba Cloud log's RTMRs, and the legacy
 * form (aa_eventlog text) against trustee's own quote. Each tampering is refused with its class.
 */
class TrusteeEvidenceTest {
    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    private static final TdxSimulator SIM = TdxSimulator.builder().clock(Clock.fixed(NOW, ZoneOffset.UTC)).build();
    private static final byte[] CCEL = Resources.bytes("coco/trustee-CCEL_AAEL_alibabacloud.bin");

    private static TdxVerifier verifier() {
        return TdxVerifier.builder().trustAnchors(SIM.trustAnchors()).collateral(SIM.collateral())
                .clock(Clock.fixed(NOW.plusSeconds(60), ZoneOffset.UTC)).build();
    }

    /** A quote whose RTMRs are the replay of {@code log}. */
    private static byte[] quoteFor(byte[] log) throws Exception {
        byte[][] r = CcEventLog.parse(log).replayRtmrs();
        QuoteBuilder b = SIM.quoteBuilder().reportData(new byte[64]);
        for (int i = 0; i < 4; i++) {
            b.rtmr(i, r[i]);
        }
        return b.build();
    }

    private static byte[] json(byte[] quote, byte[] ccel) {
        Base64.Encoder b64 = Base64.getEncoder();
        return ("{\"cc_eventlog\":\"" + b64.encodeToString(ccel) + "\",\"quote\":\"" + b64.encodeToString(quote)
                + "\"}").getBytes(StandardCharsets.UTF_8);
    }

    private static TdxAttestationResult verify(byte[] envelopeJson) throws AttestationException {
        Envelope e = Envelope.read(envelopeJson);
        TdxAttestationResult r = verifier().verify(e.evidence(), TdxPolicy.defaults());
        e.checkBindings(r);
        return r;
    }

    @Test
    void currentFormReplaysTheAlibabaLogIncludingTheAgentEntries() throws Exception {
        byte[] quote = quoteFor(CCEL);
        Envelope e = Envelope.read(json(quote, CCEL));
        assertEquals(EnvelopeFormat.TRUSTEE_TDX, e.format());
        assertEquals(TeeType.TDX, e.tee());
        assertArrayEquals(CCEL, e.evidence().auxBlob().orElseThrow());
        assertTrue(e.bindings().isEmpty());
        TdxAttestationResult r = verify(json(quote, CCEL));
        assertEquals(2, r.eventLog().orElseThrow().eventsFor(3).size());
        assertEquals("5e4ecd49d3c7983d6f9ca36755b5cee0b423d7fa8c5a88aeb0681bd4698772bc37b4463dc5f722efe352a66417257dad",
                java.util.HexFormat.of().formatHex(r.quote().body().rtmr(3)));
    }

    @Test
    void theAlibabaLogReplaysToTheValuesOfExpectedJson() throws Exception {
        // ../shared/vectors/wrapped/coco/expected.json, "trustee-CCEL_AAEL_alibabacloud.bin"
        CcEventLog log = CcEventLog.parse(CCEL);
        assertEquals(87, log.events().size());
        String[] expected = {
            "b796e1c11396c198ae88794def4cb8e24fa9b35468287c298087f00d4de7433e4e31a297a4e5a03d4300fa6f3a96d47c",
            "3b0b906140fcea689c8774ac1eafcf0fef8e22ba81a047fd750ebd7df3235c2704df6106a758e31e5645e9838ff37406",
            "35f2801338c1b5fce96518f058c37e0fe9ed247a12dcd5f50d9c18fe4b6c71311bb63fca2640c7915817b6aa412a8480",
            "5e4ecd49d3c7983d6f9ca36755b5cee0b423d7fa8c5a88aeb0681bd4698772bc37b4463dc5f722efe352a66417257dad"};
        byte[][] r = log.replayRtmrs();
        for (int i = 0; i < 4; i++) {
            assertEquals(expected[i], java.util.HexFormat.of().formatHex(r[i]), "RTMR" + i);
        }
        java.util.List<CcEventLog.Event> agent = log.eventsFor(3);
        assertEquals(2, agent.size());
        String[] texts = {"coco.com some-operation some-content",
            "coco.com some-operation {\"key\": \"value\", \"nested-key\": {\"sub-key\": \"value\"}}"};
        for (int i = 0; i < 2; i++) {
            byte[] data = agent.get(i).data();
            assertEquals(CcEventLog.EV_EVENT_TAG, agent.get(i).eventType());
            assertEquals(texts[i], new String(data, 8, data.length - 8, StandardCharsets.UTF_8));
            assertArrayEquals(java.security.MessageDigest.getInstance("SHA-384").digest(data),
                    agent.get(i).digest(CcEventLog.ALG_SHA384));
        }
    }

    @Test
    void anAgentEntryWhoseTextWasChangedIsABindingFailure() throws Exception {
        byte[] quote = quoteFor(CCEL);
        byte[] tampered = CCEL.clone();
        int at = indexOf(tampered, "some-content".getBytes(StandardCharsets.US_ASCII));
        tampered[at] = 'S';
        // The digest is unchanged, so RTMR3 still replays: only the entry's own hash check catches it.
        VerificationFailedException ex = assertThrows(VerificationFailedException.class,
                () -> verify(json(quote, tampered)));
        assertEquals(VerificationFailedException.Reason.BINDING, ex.reason());
        assertTrue(ex.getMessage().contains("attestation-agent entry"), ex.getMessage());
    }

    @Test
    void anAgentEntryWithAnotherDigestDoesNotReplay() throws Exception {
        byte[] quote = quoteFor(CCEL);
        byte[] tampered = CCEL.clone();
        int text = indexOf(tampered, "LEAA".getBytes(StandardCharsets.US_ASCII));
        tampered[text - 8]++; // the last bytes of the entry's SHA-384 digest sit just before its size and data
        VerificationFailedException ex = assertThrows(VerificationFailedException.class,
                () -> verify(json(quote, tampered)));
        assertEquals(FailureClass.VERIFICATION_FAILED, ex.failureClass());
    }

    @Test
    void aTamperedQuoteOrAQuoteOfAnotherLogIsRefused() throws Exception {
        byte[] quote = quoteFor(CCEL);
        byte[] flipped = quote.clone();
        flipped[520]++; // RTMR3 (header 48 + body offset 472), under the quote signature
        assertEquals(FailureClass.VERIFICATION_FAILED, assertThrows(AttestationException.class,
                () -> verify(json(flipped, CCEL))).failureClass());
        byte[] other = SIM.quote(new byte[64]);
        assertEquals(VerificationFailedException.Reason.BINDING, assertThrows(VerificationFailedException.class,
                () -> verify(json(other, CCEL))).reason());
    }

    @Test
    void legacyTextLogMustReplayToRtmr3() throws Exception {
        byte[] legacy = Resources.bytes("coco/trustee-tdx-legacy-aael.json");
        Envelope e = Envelope.read(legacy);
        assertTrue(e.evidence().auxBlob().isEmpty());
        assertEquals(1, e.bindings().size());
        byte[] rtmr3 = TdxQuote.parse(e.evidence().raw()).body().rtmr(3);
        e.checkBindings(Resources.result(TeeType.TDX, new byte[64], Map.of("rtmr3", rtmr3)));

        String text = new String(legacy, StandardCharsets.UTF_8).replace("library/alpine", "library/alpinf");
        Envelope tampered = Envelope.read(text.getBytes(StandardCharsets.UTF_8));
        VerificationFailedException ex = assertThrows(VerificationFailedException.class,
                () -> tampered.checkBindings(Resources.result(TeeType.TDX, new byte[64], Map.of("rtmr3", rtmr3))));
        assertEquals(VerificationFailedException.Reason.BINDING, ex.reason());
    }

    @Test
    void legacyTextLogEndToEndWithASimulatedQuote() throws Exception {
        AaEventLog log = AaEventLog.parse(Resources.text("coco/trustee-AAEL_data_3"));
        byte[] quote = SIM.quoteBuilder().reportData(new byte[64]).rtmr(3, log.replay()).build();
        String json = "{\"quote\":\"" + Base64.getEncoder().encodeToString(quote) + "\",\"aa_eventlog\":"
                + jsonString(Resources.text("coco/trustee-AAEL_data_3")) + "}";
        verify(json.getBytes(StandardCharsets.UTF_8));
        String dropped = json.replace("\\ngithub.com/confidential-containers CreateContainer docker.io/library/busybox",
                "");
        assertFalse(dropped.equals(json));
        assertThrows(VerificationFailedException.class, () -> verify(dropped.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void malformedEnvelopesAreClassSix() {
        for (String bad : new String[] {"{\"quote\":\"\"}", "{\"quote\":\"!!\"}", "{\"quote\":\"AAAA\",\"aa_eventlog\":5}",
            "{\"quote\":\"AAAA\",\"cc_eventlog\":\"AAAA\",\"eventlog\":\"\"}",
            "{\"quote\":\"AAAA\",\"aa_eventlog\":\"INIT sha1/00\"}", "{\"token\":[1,2,256]}", "{\"token\":[]}",
            "{\"attestation_report\":{},\"cert_chain\":null}"}) {
            MalformedEvidenceException e = assertThrows(MalformedEvidenceException.class,
                    () -> Envelope.read(bad.getBytes(StandardCharsets.UTF_8)), bad);
            assertEquals(FailureClass.MALFORMED_EVIDENCE, e.failureClass());
        }
    }

    @Test
    void trusteeCcaTokenIsTheSerdeByteArray() throws Exception {
        Envelope e = Envelope.read("{\"token\":[210,132,1,255]}".getBytes(StandardCharsets.UTF_8));
        assertEquals(TeeType.CCA, e.tee());
        assertArrayEquals(new byte[] {(byte) 210, (byte) 132, 1, (byte) 255}, e.evidence().raw());
    }

    static String jsonString(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
    }

    static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new IllegalArgumentException("not found");
    }
}
