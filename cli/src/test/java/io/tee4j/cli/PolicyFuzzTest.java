package io.tee4j.cli;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.tee4j.core.PolicyDocument;
import io.tee4j.core.PolicyFormatException;

/**
 * Any bytes given as a policy file ({@code tee4j verify --policy}, the sidecar's {@code policy})
 * end in a policy or a typed error ({@link UsageException} for bad JSON, {@link PolicyFormatException}
 * with a path) for every backend; never an unchecked exception. Seeds: the documented example of
 * each TEE and malformed variants.
 */
class PolicyFuzzTest {

    @FuzzTest(maxDuration = "30s")
    void everyBackendReadsAnyPolicyFile(byte[] data) {
        PolicyDocument doc;
        try {
            doc = VerifyCommand.parsePolicy(data);
        } catch (UsageException | PolicyFormatException expected) {
            return;
        }
        for (PolicyFilesTest.Reader reader : PolicyFilesTest.READERS.values()) {
            try {
                reader.read(VerifyCommand.parsePolicy(data));
            } catch (UsageException | PolicyFormatException expected) {
                // typed refusal with a path: fine
            }
        }
        if (doc == null) {
            throw new AssertionError("parsePolicy returned null");
        }
    }
}
