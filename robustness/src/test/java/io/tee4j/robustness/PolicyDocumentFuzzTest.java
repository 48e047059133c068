package io.tee4j.robustness;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tee4j.cca.validate.CcaPolicy;
import io.tee4j.core.PolicyDocument;
import io.tee4j.core.PolicyFormatException;
import io.tee4j.nvgpu.validate.NvGpuPolicy;
import io.tee4j.snp.validate.SnpPolicy;
import io.tee4j.tdx.validate.TdxPolicy;
import java.io.IOException;
import java.util.Map;

/**
 * Policy files as the command line reads them (JSON into a {@link PolicyDocument}, as
 * {@code VerifyCommand.parsePolicy} does), handed to every backend's {@code fromDocument}: the only
 * failure allowed is {@link PolicyFormatException}. Seeds: one policy per backend using its keys.
 */
class PolicyDocumentFuzzTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    interface Reader {
        void read(PolicyDocument doc) throws PolicyFormatException;
    }

    private static final Reader[] READERS = {SnpPolicy::fromDocument, TdxPolicy::fromDocument,
        CcaPolicy::fromDocument, NvGpuPolicy::fromDocument};

    @FuzzTest(maxDuration = "10m")
    void everyBackendReadsPolicy(byte[] json) {
        Map<String, Object> tree;
        try {
            JsonNode node = MAPPER.readTree(json);
            if (node == null || !node.isObject()) {
                return;
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> m = MAPPER.convertValue(node, Map.class);
            tree = m;
        } catch (IOException | IllegalArgumentException notJson) {
            return; // the JSON layer is Jackson's, refused before any backend sees it
        }
        for (Reader r : READERS) {
            try {
                r.read(PolicyDocument.of(tree));
            } catch (PolicyFormatException expected) {
                // the one typed refusal
            }
        }
    }
}
