package io.tee4j.tpm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.tee4j.core.MalformedEvidenceException;
import io.tee4j.core.VerificationFailedException;
import io.tee4j.tpm.abi.TpmHash;
import io.tee4j.tpm.abi.TpmsAttest;
import io.tee4j.tpm.abi.TpmtPublic;
import io.tee4j.tpm.abi.TpmtSignature;
import io.tee4j.tpm.eventlog.BootEvents;
import io.tee4j.tpm.eventlog.EventLog;
import io.tee4j.tpm.eventlog.EventLogReplay;
import io.tee4j.tpm.evidence.TrusteeTpmEvidence;
import io.tee4j.tpm.verify.AttestationKey;
import io.tee4j.tpm.verify.QuoteVerifier;

/**
 * Jazzer harnesses for the TPM parsers. In the normal test run they replay the seeds in
 * {@code src/test/resources/io/tee4j/tpm/TpmParsersFuzzTestInputs/<method>/} (cut from the real
 * vectors); with {@code JAZZER_FUZZ=1} they fuzz. Only the documented checked exceptions may come out.
 */
class TpmParsersFuzzTest {

    @FuzzTest
    void tpmsAttest(byte[] data) {
        try {
            TpmsAttest a = TpmsAttest.parse(data);
            assertArrayEquals(data, a.raw());
            assertTrue(a.extraData().length <= 64);
            a.pcrSelection().toString();
        } catch (MalformedEvidenceException expected) {
            // the one allowed failure
        }
    }

    @FuzzTest
    void tpmtSignature(byte[] data) {
        try {
            TpmtSignature.parse(data).toString();
        } catch (MalformedEvidenceException expected) {
            // the one allowed failure
        }
    }

    @FuzzTest
    void tpmtPublic(byte[] data) {
        try {
            AttestationKey.of(TpmtPublic.parse(data)).toString();
        } catch (MalformedEvidenceException expected) {
            // the one allowed failure
        }
    }

    @FuzzTest
    void eventLog(byte[] data) {
        try {
            EventLog log = EventLog.parse(data);
            EventLogReplay.replay(log);
            BootEvents.of(log, log.banks().isEmpty() ? TpmHash.SHA256 : log.banks().get(0));
        } catch (MalformedEvidenceException expected) {
            // the one allowed failure
        }
    }

    @FuzzTest
    void trusteeTpmEvidence(byte[] data) {
        try {
            TrusteeTpmEvidence e = TrusteeTpmEvidence.parse(data);
            QuoteVerifier.verify(e.message(), e.signature(), e.attestationKey(), e.pcrs());
        } catch (MalformedEvidenceException | VerificationFailedException expected) {
            // the allowed failures
        }
    }
}
