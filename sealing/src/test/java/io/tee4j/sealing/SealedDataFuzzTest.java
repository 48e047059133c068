package io.tee4j.sealing;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayInputStream;
import java.io.IOException;

/**
 * Jazzer harnesses for the two parsers of untrusted sealed bytes: the blob parser behind
 * {@link Sealer#unseal} and the stream-header and segment reader behind
 * {@link Sealer#newUnsealingStream}. The only acceptable outcomes are a result or a
 * {@link SealingException}; anything else (an unchecked exception, an error, a hang) is a finding.
 * The seed corpus ({@code SealedDataFuzzTestInputs/}) holds real blobs and streams, sealed under
 * the keys below, and runs in every normal test run.
 */
class SealedDataFuzzTest {
    private static final byte[] AAD = "fuzz".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final Sealer RELEASED;
    private static final Sealer SIMULATED;

    static {
        try {
            RELEASED = Sealer.builder().keySource(TestKeys.released()).segmentSize(64).build();
            SIMULATED = TestKeys.simulatedSealer(io.tee4j.core.keys.KeyBinding.TCB_VERSION);
        } catch (SealingException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @FuzzTest(maxDuration = "30s")
    void parseBlob(byte[] data) {
        for (Sealer s : new Sealer[] {RELEASED, SIMULATED}) {
            try {
                s.unseal(data, AAD);
            } catch (SealingException expected) {
                // typed refusal
            }
            try {
                SealedDataInfo.parse(data);
                s.needsReseal(data);
            } catch (SealingException expected) {
                // typed refusal
            }
        }
    }

    @FuzzTest(maxDuration = "30s")
    void parseStream(byte[] data) throws IOException {
        for (Sealer s : new Sealer[] {RELEASED, SIMULATED}) {
            try (SealingInputStream in = s.newUnsealingStream(new ByteArrayInputStream(data), AAD)) {
                byte[] buf = new byte[100];
                while (in.read(buf) >= 0) {
                    // drain
                }
            } catch (SealingException expected) {
                // typed refusal of the header
            } catch (SealingIOException expected) {
                // typed refusal of a segment; a ByteArrayInputStream raises no other IOException
            }
        }
    }
}
