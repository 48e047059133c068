package io.tee4j.snp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.tee4j.core.PolicyDocument;
import io.tee4j.core.PolicyFormatException;
import io.tee4j.snp.validate.SnpPolicy;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A policy's minimumReportVersion below 2 is a typed policy error (found by the robustness campaign's Jazzer harness). */
class SnpPolicyReportVersionTest {
    @Test
    void belowTwoIsAPolicyFormatError() throws Exception {
        for (long v : new long[] {0, 1}) {
            PolicyFormatException e = assertThrows(PolicyFormatException.class,
                    () -> SnpPolicy.fromDocument(PolicyDocument.of(Map.of("minimumReportVersion", v))));
            assertEquals("$.minimumReportVersion", e.path());
        }
        SnpPolicy.fromDocument(PolicyDocument.of(Map.of("minimumReportVersion", 3)));
    }
}
