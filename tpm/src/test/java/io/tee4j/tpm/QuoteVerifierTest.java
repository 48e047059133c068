package io.tee4j.tpm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tee4j.core.MalformedEvidenceException;
import io.tee4j.core.PolicyViolation;
import io.tee4j.core.VerificationFailedException;
import io.tee4j.core.VerificationFailedException.Reason;
import io.tee4j.core.crypto.Certificates;
import io.tee4j.core.util.ByteReader;
import io.tee4j.tpm.abi.SignatureScheme;
import io.tee4j.tpm.abi.TpmHash;
import io.tee4j.tpm.abi.TpmsAttest;
import io.tee4j.tpm.abi.TpmtSignature;
import io.tee4j.tpm.evidence.TrusteeTpmEvidence;
import io.tee4j.tpm.verify.AttestationKey;
import io.tee4j.tpm.verify.PcrValues;
import io.tee4j.tpm.verify.QuoteNonce;
import io.tee4j.tpm.verify.QuoteVerifier;
import io.tee4j.tpm.verify.VerifiedQuote;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Quote verification against the real quotes of trustee (software TPM) and az-cvm-vtpm (Azure). */
class QuoteVerifierTest {
    private static final HexFormat HEX = HexFormat.of();

    @Test
    void trusteeTpmEvidenceVerifiesAsExpected() throws Exception {
        Map<String, Object> exp = Vectors.expected("coco-expected.json", "trustee-tpm_evidence.json");
        @SuppressWarnings("unchecked")
        Map<String, Object> attest = (Map<String, Object>) exp.get("tpms_attest");
        TrusteeTpmEvidence ev = TrusteeTpmEvidence.parse(Vectors.read("trustee-tpm_evidence.json"));
        VerifiedQuote q = QuoteVerifier.verify(ev.message(), ev.signature(), ev.attestationKey(), ev.pcrs());
        assertEquals(SignatureScheme.RSASSA, q.signature().scheme());
        assertEquals(TpmHash.SHA256, q.signature().hash());
        assertEquals(attest.get("extraData"), HEX.formatHex(q.attest().extraData()));
        assertEquals(attest.get("pcrDigest"), HEX.formatHex(q.attest().pcrDigest()));
        assertEquals(attest.get("qualifiedSigner"), HEX.formatHex(q.attest().qualifiedSigner()));
        assertEquals(((Number) attest.get("clock")).longValue(), q.attest().clock());
        assertEquals(0x2019102300163636L, q.attest().firmwareVersion());
        assertEquals(24, q.pcrs().bank(TpmHash.SHA256).size());
        assertArrayEquals(HEX.parseHex("ff".repeat(32)), q.pcrs().get(TpmHash.SHA256, 17).orElseThrow());
        // trustee pads the 48-byte digest it expects with zeros up to the 64-byte extraData.
        byte[] digest48 = HEX.parseHex(((String) attest.get("extraData")).substring(0, 96));
        assertEquals(Optional.empty(), QuoteNonce.zeroPadded(q, digest48));
        Optional<PolicyViolation> exact = QuoteNonce.exact(q, digest48);
        assertEquals("nonce", exact.orElseThrow().ruleId());
    }

    @Test
    void kinvolkAzureQuoteVerifiesWithItsAkAndNonceChallenge() throws Exception {
        ByteReader r = ByteReader.of(Vectors.read("kinvolk-quote.bincode.bin"));
        byte[] sig = r.bytes((int) r.u64("sig len"), "sig");
        byte[] message = r.bytes((int) r.u64("msg len"), "msg");
        long count = r.u64("pcr count");
        PcrValues.Builder pcrs = PcrValues.builder();
        for (int i = 0; i < count; i++) {
            pcrs.put(TpmHash.SHA256, i, r.bytes(32, "pcr"));
        }
        AttestationKey ak = AttestationKey.fromSpki(Certificates.pemBlocks(Vectors.read("kinvolk-akpub.pem"),
                "PUBLIC KEY").get(0));
        TpmtSignature s = TpmtSignature.rsa(SignatureScheme.RSASSA, TpmHash.SHA256, sig);
        VerifiedQuote q = QuoteVerifier.verify(message, s, ak, pcrs.build());
        assertEquals("04fabd988106412e438c1b93ad3b4b046c760f8f99ec557d87adf2ab02b7a4a0", HEX.formatHex(q.attest().pcrDigest()));
        assertEquals(Optional.empty(), QuoteNonce.exact(q, "challenge".getBytes(StandardCharsets.US_ASCII)));
        assertTrue(QuoteNonce.exact(q, "challengf".getBytes(StandardCharsets.US_ASCII)).isPresent());
        // A nonce that is only a prefix of extraData is not the nonce: trustee compares exactly.
        assertTrue(QuoteNonce.exact(q, "challeng".getBytes(StandardCharsets.US_ASCII)).isPresent());
    }

    @Test
    void tamperedAttestSignatureOrPcrIsRefusedWithItsReason() throws Exception {
        TrusteeTpmEvidence ev = TrusteeTpmEvidence.parse(Vectors.read("trustee-tpm_evidence.json"));
        byte[] msg = ev.message();
        VerificationFailedException attest = assertThrows(VerificationFailedException.class, () -> QuoteVerifier.verify(
                Vectors.flip(msg, msg.length - 1), ev.signature(), ev.attestationKey(), ev.pcrs()));
        assertEquals(Reason.SIGNATURE, attest.reason());
        // Even a flip of the magic is a signature failure: nothing in the bytes is believed before it.
        assertEquals(Reason.SIGNATURE, assertThrows(VerificationFailedException.class, () -> QuoteVerifier.verify(
                Vectors.flip(msg, 0), ev.signature(), ev.attestationKey(), ev.pcrs())).reason());
        byte[] sig = ev.signature().rsaSignature();
        TpmtSignature badSig = TpmtSignature.rsa(SignatureScheme.RSASSA, TpmHash.SHA256, Vectors.flip(sig, 10));
        assertEquals(Reason.SIGNATURE, assertThrows(VerificationFailedException.class, () -> QuoteVerifier.verify(
                msg, badSig, ev.attestationKey(), ev.pcrs())).reason());
        PcrValues.Builder b = PcrValues.builder();
        for (int i = 0; i < 24; i++) {
            byte[] v = ev.pcrs().get(TpmHash.SHA256, i).orElseThrow();
            b.put(TpmHash.SHA256, i, i == 7 ? Vectors.flip(v, 0) : v);
        }
        PcrValues tampered = b.build();
        assertEquals(Reason.BINDING, assertThrows(VerificationFailedException.class, () -> QuoteVerifier.verify(
                msg, ev.signature(), ev.attestationKey(), tampered)).reason());
        PcrValues missing = PcrValues.builder().put(TpmHash.SHA256, 0, new byte[32]).build();
        assertEquals(Reason.BINDING, assertThrows(VerificationFailedException.class, () -> QuoteVerifier.verify(
                msg, ev.signature(), ev.attestationKey(), missing)).reason());
    }

    @Test
    void signatureOfAnotherSchemeThanTheKeysIsRefused() throws Exception {
        TrusteeTpmEvidence ev = TrusteeTpmEvidence.parse(Vectors.read("trustee-tpm_evidence.json"));
        TpmtSignature pss = TpmtSignature.rsa(SignatureScheme.RSAPSS, TpmHash.SHA256, ev.signature().rsaSignature());
        assertEquals(Reason.SIGNATURE, assertThrows(VerificationFailedException.class, () -> QuoteVerifier.verify(
                ev.message(), pss, ev.attestationKey(), ev.pcrs())).reason());
        TpmtSignature sha1 = TpmtSignature.rsa(SignatureScheme.RSASSA, TpmHash.SHA1, ev.signature().rsaSignature());
        assertThrows(VerificationFailedException.class, () -> QuoteVerifier.verify(ev.message(), sha1,
                ev.attestationKey(), ev.pcrs()));
    }

    @Test
    void malformedStructuresAreTypedErrors() {
        assertThrows(MalformedEvidenceException.class, () -> TpmsAttest.parse(new byte[3]));
        assertThrows(MalformedEvidenceException.class, () -> TpmsAttest.parse(HEX.parseHex("ff54434780170000")));
        assertThrows(MalformedEvidenceException.class, () -> TpmtSignature.parse(HEX.parseHex("0014000b0200")));
        assertThrows(MalformedEvidenceException.class, () -> TpmtSignature.parse(HEX.parseHex("0099000b0000")));
        assertThrows(MalformedEvidenceException.class, () -> TrusteeTpmEvidence.parse("{\"ak_public\":1}".getBytes(
                StandardCharsets.US_ASCII)));
        assertThrows(MalformedEvidenceException.class, () -> PcrValues.builder().put(TpmHash.SHA256, 0, new byte[32])
                .put(TpmHash.SHA256, 0, new byte[32]));
    }
}
