package io.tee4j.envelope;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.tee4j.core.AttestationException;
import io.tee4j.core.FailureClass;
import io.tee4j.core.MalformedEvidenceException;
import io.tee4j.core.PolicyViolationException;
import io.tee4j.core.RevocationMode;
import io.tee4j.core.TeeType;
import io.tee4j.snp.validate.SnpPolicy;
import io.tee4j.snp.verify.SnpAttestationResult;
import io.tee4j.snp.verify.SnpVerifier;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Veraison tsm-report (JSON, CBOR) and the ratsd token around a real Genoa report (vectors built by
 * veraison/make-vectors.py, see PROVENANCE.md): unwrapped, verified with AMD's bundled roots from the
 * auxblob's certificate table, and the token's eat_nonce checked against REPORT_DATA.
 */
class VeraisonTest {
    private static final String JSON = "veraison/tsm-report-genoa.json";
    private static final String CBOR = "veraison/tsm-report-genoa.cbor";
    private static final String RATSD = "veraison/ratsd-token-genoa.json";
    private static final SnpVerifier VERIFIER = SnpVerifier.builder()
            .clock(Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC))
            .revocationMode(RevocationMode.SKIP_INSECURE).offline(true).build();

    private static SnpAttestationResult verify(byte[] content) throws AttestationException {
        Envelope e = Envelope.read(content);
        SnpAttestationResult r = VERIFIER.verify(e.evidence(), SnpPolicy.defaults());
        e.checkBindings(r);
        return r;
    }

    @Test
    void jsonCborAndTokenCarryTheSameReportAndChain() throws Exception {
        Envelope json = Envelope.read(Resources.bytes(JSON));
        Envelope cbor = Envelope.read(Resources.bytes(CBOR));
        Envelope token = Envelope.read(Resources.bytes(RATSD));
        assertEquals(EnvelopeFormat.TSM_REPORT_JSON, json.format());
        assertEquals(EnvelopeFormat.TSM_REPORT_CBOR, cbor.format());
        assertEquals(EnvelopeFormat.RATSD_CMW, token.format());
        for (Envelope e : List.of(json, cbor, token)) {
            assertEquals(TeeType.SEV_SNP, e.tee());
            assertEquals(json.evidence(), e.evidence());
            assertEquals("sev_guest", e.describe().get("provider"));
        }
        assertEquals(List.of(), json.bindings());
        assertEquals("eat_nonce", token.bindings().get(0).name());
    }

    @Test
    void eachVerifiesWithTheChainFromTheAuxblob() throws Exception {
        for (String f : List.of(JSON, CBOR, RATSD)) {
            SnpAttestationResult r = verify(Resources.bytes(f));
            assertEquals(TeeType.SEV_SNP, r.tee());
        }
    }

    @Test
    void aTokenWhoseNonceIsNotTheReportDataIsAPolicyViolation() throws Exception {
        String token = Resources.text(RATSD);
        String nonce = token.substring(token.indexOf("\"eat_nonce\": \"") + 14).split("\"")[0];
        byte[] n = Base64.getUrlDecoder().decode(nonce);
        n[63] ^= 1;
        String other = token.replace(nonce, Base64.getUrlEncoder().withoutPadding().encodeToString(n));
        PolicyViolationException e = assertThrows(PolicyViolationException.class,
                () -> verify(other.getBytes(StandardCharsets.UTF_8)));
        assertEquals(List.of("eat_nonce"), e.ruleIds());
        assertEquals(FailureClass.POLICY_VIOLATION, e.failureClass());
        String shorter = token.replace(nonce, nonce.substring(0, 43));
        assertThrows(PolicyViolationException.class, () -> verify(shorter.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void aFlippedReportByteInsideTheEnvelopeFailsTheSignature() throws Exception {
        byte[] cbor = Resources.bytes(CBOR);
        byte[] outblob = Envelope.read(cbor).evidence().raw();
        int at = TrusteeEvidenceTest.indexOf(cbor, outblob);
        cbor[at + 0x90] ^= 1; // MEASUREMENT, under the VCEK signature
        assertEquals(FailureClass.VERIFICATION_FAILED, assertThrows(AttestationException.class,
                () -> verify(cbor)).failureClass());
    }

    @Test
    void noSignedByteOfTheReportInsideTheCborCanBeChanged() throws Exception {
        // Signature (class 2), or, for the chip id and reported TCB, no VCEK for them offline (class 3).
        byte[] cbor = Resources.bytes(CBOR);
        int at = TrusteeEvidenceTest.indexOf(cbor, Envelope.read(cbor).evidence().raw());
        for (int i = 0; i < 0x2A0 + 144; i++) {
            byte[] m = cbor.clone();
            m[at + i] ^= 0x01;
            int offset = i;
            assertThrows(AttestationException.class, () -> verify(m), () -> "byte 0x" + Integer.toHexString(offset));
        }
    }

    @Test
    void paddedStandardBase64FromOlderRatsdIsAccepted() throws Exception {
        Envelope e = Envelope.read(Resources.bytes(JSON));
        String json = "{\"outblob\":\"" + Base64.getEncoder().encodeToString(e.evidence().raw())
                + "\",\"provider\":\"sev_guest\"}";
        assertArrayEquals(e.evidence().raw(), Envelope.read(json.getBytes(StandardCharsets.UTF_8)).evidence().raw());
    }

    @Test
    void malformedEnvelopesAreClassSix() {
        String t = Resources.text(RATSD);
        for (String bad : new String[] {"{\"outblob\":\"AAAA\",\"provider\":\"nobody\"}",
            "{\"outblob\":\"\",\"provider\":\"sev_guest\"}", "{\"outblob\":\"AAAA\",\"provider\":\"\"}",
            "{\"outblob\":\"AA+_\",\"provider\":\"sev_guest\"}",
            "{\"outblob\":\"AAAA\",\"provider\":\"tdx_guest\",\"auxblob\":\"AAAA\"}",
            "{\"outblob\":\"AAAA\",\"provider\":\"sev_guest\",\"manifestblob\":\"AAAA\"}",
            "{\"outblob\":\"AAAA\",\"provider\":\"sev_guest\",\"extra\":1}",
            t.replace("2024:veraison/ratsd", "2099:someone/else"), t.replace("\"cmw\": \"", "\"cmw\": \"!"),
            t.replace("\"eat_nonce\"", "\"vnd.veraison.nonce_adjust_function\": \"shake-256\", \"eat_nonce\"")}) {
            MalformedEvidenceException e = assertThrows(MalformedEvidenceException.class,
                    () -> Envelope.read(bad.getBytes(StandardCharsets.UTF_8)), bad.substring(0, Math.min(40, bad.length())));
            assertEquals(FailureClass.MALFORMED_EVIDENCE, e.failureClass());
        }
        byte[] cbor = Resources.bytes(CBOR);
        byte[] truncated = java.util.Arrays.copyOf(cbor, cbor.length - 3);
        assertThrows(MalformedEvidenceException.class, () -> Envelope.read(truncated));
        byte[] trailing = java.util.Arrays.copyOf(cbor, cbor.length + 1);
        assertThrows(MalformedEvidenceException.class, () -> Envelope.read(trailing));
    }
}
