package io.tee4j.se;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.tee4j.core.AttestationException;
import io.tee4j.core.MalformedEvidenceException;
import io.tee4j.core.SecretAccess;
import io.tee4j.core.SecretBytes;
import io.tee4j.se.abi.AdditionalData;
import io.tee4j.se.abi.Arcb;
import io.tee4j.se.abi.ExchangeFile;
import io.tee4j.se.abi.HeaderTags;
import io.tee4j.se.abi.SeHeader;
import io.tee4j.se.validate.SePolicy;
import io.tee4j.se.verify.SeVerifier;
import java.util.List;

/**
 * Fuzz harnesses for every parser of untrusted SE input: the ARCB (request), the exchange format
 * (request and response files), the SE header, and the whole response verification. Each may only
 * return or throw its typed exception. In {@code mvn verify} they replay the seeds in
 * {@code src/test/resources/io/tee4j/se/SeParsersFuzzTestInputs/<method>/} (the shared vectors).
 */
class SeParsersFuzzTest {
    private static final SecretBytes ARPK = SecretBytes.copyOf(Vectors.fill(0x17, 32), SecretAccess.INSECURE);
    private static final List<HeaderTags> TAGS = tags();

    private static List<HeaderTags> tags() {
        try {
            return List.of(SeHeader.parse(Vectors.bytes("s390tools-secure_guest.hdr")).tags());
        } catch (MalformedEvidenceException e) {
            throw new IllegalStateException(e);
        }
    }

    @FuzzTest(maxDuration = "5m")
    void request(byte[] data) {
        byte[] arcb = data;
        try {
            if (data.length >= 8 && data[0] == 'p') {
                arcb = ExchangeFile.parse(data).arcb();
            }
            Arcb a = Arcb.parse(arcb);
            // Whatever parses keeps its bytes and splits into AAD + ciphertext exactly.
            assertArrayEquals(arcb, a.raw());
            assertEquals(arcb.length, a.additionalAuthenticatedData().length + a.ciphertextAndTag().length);
            AdditionalData.split(new byte[a.expectedAdditionalSize()], a.flags());
        } catch (MalformedEvidenceException expected) {
            // typed
        }
    }

    @FuzzTest(maxDuration = "5m")
    void response(byte[] data) {
        try {
            ExchangeFile f = ExchangeFile.parse(data).requireResponse();
            // Re-encoding and re-parsing is stable (entries may overlap in the input, not in the output).
            assertArrayEquals(f.encode(), ExchangeFile.parse(f.encode()).encode());
        } catch (MalformedEvidenceException expected) {
            // typed
        }
    }

    @FuzzTest(maxDuration = "5m")
    void header(byte[] data) {
        try {
            SeHeader h = SeHeader.parse(data);
            assertEquals(HeaderTags.SIZE, h.tags().toBytes().length);
        } catch (MalformedEvidenceException expected) {
            // typed
        }
    }

    @FuzzTest(maxDuration = "5m")
    void exchange(byte[] data) {
        try {
            ExchangeFile f = ExchangeFile.parse(data);
            f.userDataBytes();
            f.additionalBytes();
        } catch (MalformedEvidenceException expected) {
            // typed
        }
    }

    @FuzzTest(maxDuration = "5m")
    void verify(byte[] data) {
        try {
            SeVerifier.systemClock().verify(data, null, ARPK, TAGS, SePolicy.builder().build());
        } catch (AttestationException expected) {
            // any typed failure
        }
    }
}
