package io.tee4j.snp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tee4j.core.PolicyDocument;
import io.tee4j.core.PolicyFormatException;
import io.tee4j.core.PolicyViolation;
import io.tee4j.snp.abi.AttestationReport;
import io.tee4j.snp.validate.SnpPolicy;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Policy key referenceManifest: the report's measurement must be one entry's; the entry is named. */
class SnpReferenceManifestTest {
    private static SnpPolicy policy(Object entries) throws PolicyFormatException {
        return SnpPolicy.fromDocument(PolicyDocument.of(Map.of("referenceManifest", entries)));
    }

    private static Map<String, Object> entry(String name, byte[] measurement) {
        return Map.of("name", name, "measurement", HexFormat.of().formatHex(measurement));
    }

    @Test
    void secondOfTwoEntriesMatchesAndIsNamed() throws Exception {
        AttestationReport r = AttestationReport.parse(Vectors.report("oak-genoa-v5"));
        SnpPolicy p = policy(List.of(entry("release-1", new byte[48]), entry("release-2", r.measurement())));
        assertEquals(List.of(), p.violations(r));
        assertEquals("release-2", p.referenceEntry(r).orElseThrow());
        assertTrue(p.measurementAppraised(r));
    }

    @Test
    void noMatchingEntryIsAViolationNamingTheEntries() throws Exception {
        AttestationReport r = AttestationReport.parse(Vectors.report("oak-genoa-v5"));
        List<PolicyViolation> v = policy(List.of(entry("release-1", new byte[48]))).violations(r);
        assertEquals(List.of("referenceManifest"), v.stream().map(PolicyViolation::ruleId).toList());
        assertTrue(v.get(0).message().startsWith("measurement " + HexFormat.of().formatHex(r.measurement())
                + " matches none of the 1 reference manifest entries; closest: 'release-1' (measurement differs)"),
                v.get(0).message());
    }

    @Test
    void entriesAreCheckedWhenRead() {
        assertEquals("$.referenceManifest[0].measurement", assertThrows(PolicyFormatException.class,
                () -> policy(List.of(Map.of("name", "x", "measurement", "00")))).path());
        assertEquals("$.referenceManifest[0].name", assertThrows(PolicyFormatException.class,
                () -> policy(List.of(Map.of("measurement", "00".repeat(48))))).path());
        assertThrows(PolicyFormatException.class, () -> policy(List.of()));
        assertEquals("$.referenceManifest[0].rtmr1", assertThrows(PolicyFormatException.class,
                () -> policy(List.of(Map.of("name", "x", "measurement", "00".repeat(48), "rtmr1", "00")))).path());
    }
}
