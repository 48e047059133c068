package io.tee4j.vtpm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tee4j.core.Claims;
import io.tee4j.core.FailureClass;
import io.tee4j.core.MalformedEvidenceException;
import io.tee4j.core.PolicyDocument;
import io.tee4j.core.PolicyViolationException;
import io.tee4j.core.TeeType;
import io.tee4j.core.TrustAnchors;
import io.tee4j.core.VerificationFailedException;
import io.tee4j.core.VerificationFailedException.Reason;
import io.tee4j.tpm.abi.TpmHash;
import io.tee4j.tpm.abi.TpmsAttest;
import io.tee4j.tpm.eventlog.EventLog;
import io.tee4j.vtpm.gcp.GceAttestation;
import io.tee4j.vtpm.gcp.GceQuote;
import io.tee4j.vtpm.gcp.GcpVtpmVerifier;
import io.tee4j.vtpm.gcp.GoogleAkAnchors;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** GCE vTPM: go-tpm-tools' COS 85 attestations (nonce 9009 and none) against expected.json. */
class GcpVtpmTest {
    private static final HexFormat HEX = HexFormat.of();
    private static final String NONCE = "go-tpm-tools-gce-cos-85-nonce9009.pb";
    private static final String NO_NONCE = "go-tpm-tools-gce-cos-85-no-nonce.pb";

    static VtpmAttestationResult verify(byte[] pb, String nonceHex) throws Exception {
        VtpmPolicy p = nonceHex == null ? VtpmPolicy.defaults()
                : VtpmPolicy.fromDocument(PolicyDocument.of(Map.of("nonce", nonceHex)));
        return GcpVtpmVerifier.google().verify(GceAttestation.parse(pb), p, VtpmVectors.CLOCK);
    }

    @Test
    void bothAttestationsVerifyAndReplayTheirEventLogInEveryBank() throws Exception {
        for (String name : List.of(NONCE, NO_NONCE)) {
            Map<String, Object> exp = VtpmVectors.expected("gcp", name);
            byte[] pb = VtpmVectors.read("gcp/" + name);
            GceAttestation att = GceAttestation.parse(pb);
            assertEquals(3, att.quotes().size());
            assertEquals(44, EventLog.parse(att.eventLog()).events().size() - 1);
            List<?> quotes = (List<?>) exp.get("quotes");
            for (int i = 0; i < 3; i++) {
                Map<?, ?> q = (Map<?, ?>) quotes.get(i);
                GceQuote gq = att.quotes().get(i);
                assertEquals(q.get("pcr_bank"), gq.bank().label());
                TpmsAttest a = TpmsAttest.parse(gq.message());
                assertEquals(q.get("pcrDigest"), HEX.formatHex(a.pcrDigest()));
                assertEquals(q.get("extraData"), HEX.formatHex(a.extraData()));
                assertEquals(q.get("pcr0"), HEX.formatHex(gq.pcrs().get(gq.bank(), 0).orElseThrow()));
            }
            VtpmAttestationResult r = verify(pb, name.equals(NONCE) ? "9009" : null);
            assertEquals(TeeType.GCP_VTPM, r.tee());
            Claims log = (Claims) r.claims().get("eventLog");
            Claims replay = (Claims) log.get("replay");
            for (TpmHash bank : List.of(TpmHash.SHA1, TpmHash.SHA256, TpmHash.SHA384)) {
                @SuppressWarnings("unchecked")
                List<Integer> match = (List<Integer>) ((Claims) replay.get(bank.label())).get("replayedEqualsQuoted");
                @SuppressWarnings("unchecked")
                List<Integer> notInLog = (List<Integer>) ((Claims) replay.get(bank.label())).get("notInLog");
                List<?> reproduced = (List<?>) ((Map<?, ?>) quotes.get(0)).get("pcrs_reproduced_by_event_log_replay");
                for (Object pcr : reproduced) {
                    assertTrue(match.contains(((Number) pcr).intValue()), bank + " PCR " + pcr);
                }
                assertEquals(List.of(10), notInLog, bank.label());
            }
            assertEquals("GCE Virtual Firmware v1", log.get("scrtmVersion"));
            assertEquals(1, log.get("gceConfidentialTechnology"));
            Claims cert = (Claims) r.claims().get("akCertificate");
            assertTrue(((String) cert.get("issuer")).contains("tpm_ek_v1_cloud_host-signer-0-2020-10-22T14:02:08"));
            assertEquals("2021-08-31T23:11:05Z", cert.get("notBefore"));
        }
    }

    @Test
    void nonceIsComparedExactly() throws Exception {
        byte[] pb = VtpmVectors.read("gcp/" + NONCE);
        PolicyViolationException e = assertThrows(PolicyViolationException.class, () -> verify(pb, "900900"));
        assertEquals(List.of("nonce"), e.ruleIds());
        assertEquals(3, e.policyViolations().size(), "one per quote");
        assertEquals(FailureClass.POLICY_VIOLATION, e.failureClass());
        assertThrows(PolicyViolationException.class, () -> verify(VtpmVectors.read("gcp/" + NO_NONCE), "9009"));
    }

    @Test
    void pcrPolicyAndSecureBootAreChecked() throws Exception {
        byte[] pb = VtpmVectors.read("gcp/" + NONCE);
        Map<String, Object> exp = VtpmVectors.expected("gcp", NONCE);
        String pcr0 = (String) ((Map<?, ?>) ((List<?>) exp.get("quotes")).get(1)).get("pcr0");
        GcpVtpmVerifier.google().verify(GceAttestation.parse(pb), VtpmPolicy.fromDocument(PolicyDocument.of(Map.of(
                "nonce", "9009", "pcrs", Map.of("sha256", Map.of("0", pcr0))))), VtpmVectors.CLOCK);
        PolicyViolationException e = assertThrows(PolicyViolationException.class, () -> GcpVtpmVerifier.google()
                .verify(GceAttestation.parse(pb), VtpmPolicy.fromDocument(PolicyDocument.of(Map.of("pcrs", Map.of(
                        "sha256", Map.of("0", "00".repeat(32))), "secureBootRequired", true))), VtpmVectors.CLOCK));
        assertTrue(e.ruleIds().contains("pcrs"), e.ruleIds().toString());
    }

    @Test
    void tamperingIsRefusedWithItsClass() throws Exception {
        byte[] pb = VtpmVectors.read("gcp/" + NONCE);
        GceAttestation att = GceAttestation.parse(pb);
        byte[] message = att.quotes().get(1).message();
        assertReason(Reason.SIGNATURE, replace(pb, message, flip(message, message.length - 1)));
        byte[] sig = att.quotes().get(1).signature();
        assertReason(Reason.SIGNATURE, replace(pb, sig, flip(sig, sig.length - 3)));
        byte[] pcr4 = att.quotes().get(1).pcrs().get(TpmHash.SHA256, 4).orElseThrow();
        assertReason(Reason.BINDING, replace(pb, pcr4, flip(pcr4, 0)));
        // An event's digest in the log: the log no longer replays to the quoted PCRs.
        byte[] log = att.eventLog();
        byte[] sep = HEX.parseHex(HEX.formatHex(log).substring(HEX.formatHex(log).length() - 200));
        assertReason(Reason.BINDING, replace(pb, sep, flip(sep, 40)));
        byte[] cert = att.akCertificate().orElseThrow();
        assertReason(Reason.CERTIFICATE_CHAIN, replace(pb, cert, flip(cert, cert.length - 20)));
    }

    @Test
    void anotherAnchorOrAMissingCertificateIsRefused() throws Exception {
        byte[] pb = VtpmVectors.read("gcp/" + NONCE);
        TrustAnchors other = TrustAnchors.explicit("other", List.of(GoogleAkAnchors.intermediates().get(2)));
        VerificationFailedException e = assertThrows(VerificationFailedException.class, () -> GcpVtpmVerifier
                .withAnchors(other).verify(GceAttestation.parse(pb), VtpmPolicy.defaults(), VtpmVectors.CLOCK));
        assertEquals(Reason.CERTIFICATE_CHAIN, e.reason());
        GceAttestation a = GceAttestation.parse(pb);
        GceAttestation noCert = new GceAttestation(a.akPublic(), a.quotes(), a.eventLog(), Optional.empty(),
                a.intermediates(), Optional.empty(), 0);
        assertEquals("ak_cert", assertThrows(IncompleteEvidenceException.class, () -> GcpVtpmVerifier.google()
                .verify(noCert, VtpmPolicy.defaults(), VtpmVectors.CLOCK)).missingPart());
        GceAttestation noQuotes = new GceAttestation(a.akPublic(), new ArrayList<>(), a.eventLog(), a.akCertificate(),
                a.intermediates(), Optional.empty(), 0);
        assertEquals("quotes", assertThrows(IncompleteEvidenceException.class, () -> GcpVtpmVerifier.google()
                .verify(noQuotes, VtpmPolicy.defaults(), VtpmVectors.CLOCK)).missingPart());
    }

    @Test
    void anUnrestrictedAkIsRefused() throws Exception {
        byte[] pb = VtpmVectors.read("gcp/" + NONCE);
        byte[] akPub = GceAttestation.parse(pb).akPublic();
        assertEquals(0x00050072, java.nio.ByteBuffer.wrap(akPub, 4, 4).getInt());
        byte[] unrestricted = akPub.clone();
        unrestricted[5] &= ~0x01; // clear bit 16, restricted
        assertReason(Reason.BINDING, replace(pb, akPub, unrestricted));
    }

    @Test
    void truncatedProtobufIsMalformed() {
        byte[] pb = VtpmVectors.read("gcp/" + NONCE);
        for (int cut : new int[] {1, 5, 300, pb.length - 1}) {
            assertThrows(MalformedEvidenceException.class, () -> GceAttestation.parse(java.util.Arrays.copyOf(pb, cut)),
                    "cut at " + cut);
        }
        assertThrows(MalformedEvidenceException.class, () -> GceAttestation.parse(new byte[] {0x0b}));
    }

    private static void assertReason(Reason reason, byte[] pb) {
        VerificationFailedException e = assertThrows(VerificationFailedException.class, () -> verify(pb, "9009"));
        assertEquals(reason, e.reason(), e.getMessage());
    }

    static byte[] flip(byte[] b, int i) {
        byte[] out = b.clone();
        out[i] ^= 1;
        return out;
    }

    /** The protobuf with one occurrence of {@code part} replaced by a same-length {@code by}. */
    static byte[] replace(byte[] whole, byte[] part, byte[] by) {
        String h = HEX.formatHex(whole);
        String p = HEX.formatHex(part);
        int at = h.indexOf(p);
        while (at % 2 != 0) {
            at = h.indexOf(p, at + 1);
        }
        assertTrue(at >= 0);
        return HEX.parseHex(h.substring(0, at) + HEX.formatHex(by) + h.substring(at + p.length()));
    }
}
