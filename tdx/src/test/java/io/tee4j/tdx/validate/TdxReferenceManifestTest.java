package io.tee4j.tdx.validate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tee4j.core.PolicyDocument;
import io.tee4j.core.PolicyFormatException;
import io.tee4j.core.PolicyViolationException;
import io.tee4j.tdx.Collaterals;
import io.tee4j.tdx.Vectors;
import io.tee4j.tdx.abi.TdReportBody;
import io.tee4j.tdx.abi.TdxQuote;
import io.tee4j.tdx.verify.TdxAttestationResult;
import io.tee4j.tdx.verify.TdxVerifier;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Policy key referenceManifest: the TD must carry every register of one entry, and the result names it. */
class TdxReferenceManifestTest {
    private static final HexFormat HEX = HexFormat.of();

    private static TdReportBody body() throws Exception {
        return TdxQuote.parse(Vectors.quote(Vectors.PHALA)).body();
    }

    private static Map<String, Object> entry(String name, byte[] mrtd, byte[] rtmr1, byte[] rtmr2) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("name", name);
        e.put("mrtd", HEX.formatHex(mrtd));
        e.put("rtmr1", HEX.formatHex(rtmr1));
        e.put("rtmr2", HEX.formatHex(rtmr2));
        return e;
    }

    private static TdxAttestationResult verify(List<Map<String, Object>> entries) throws Exception {
        TdxPolicy policy = TdxPolicy.fromDocument(PolicyDocument.of(Map.of("referenceManifest", entries)));
        return TdxVerifier.builder().collateral(Collaterals.phala()).clock(Collaterals.at(Collaterals.PHALA_AT))
                .build().verify(Vectors.quote(Vectors.PHALA), policy);
    }

    /** Without entries (the warm path skips building the registers then) no entry is named. */
    @Test
    void noManifestNamesNoEntry() throws Exception {
        TdxPolicy none = TdxPolicy.fromDocument(PolicyDocument.of(Map.of()));
        assertTrue(none.referenceEntry(body()).isEmpty());
        TdxAttestationResult r = TdxVerifier.builder().collateral(Collaterals.phala())
                .clock(Collaterals.at(Collaterals.PHALA_AT)).build().verify(Vectors.quote(Vectors.PHALA), none);
        assertFalse(r.referenceManifestEntry().isPresent());
        assertFalse(r.claims().asMap().containsKey("referenceManifestEntry"));
    }

    @Test
    void twoEntriesTheSecondMatchesAndIsNamed() throws Exception {
        TdReportBody b = body();
        TdxAttestationResult r = verify(List.of(entry("old-cmdline", b.mrTd(), b.rtmr(1), new byte[48]),
                entry("release-2", b.mrTd(), b.rtmr(1), b.rtmr(2))));
        assertEquals("release-2", r.referenceManifestEntry().orElseThrow());
        assertEquals("release-2", r.claims().get("referenceManifestEntry"));
        assertTrue(r.measurementsAppraised());
    }

    @Test
    void anEntryWithAnotherKernelFailsNamingTheClosestAndWhatDiffers() throws Exception {
        TdReportBody b = body();
        PolicyViolationException e = assertThrows(PolicyViolationException.class, () -> verify(List.of(
                entry("other-firmware", new byte[48], new byte[48], new byte[48]),
                entry("other-kernel", b.mrTd(), new byte[48], b.rtmr(2)))));
        assertEquals(List.of("referenceManifest"), e.ruleIds());
        assertTrue(e.getMessage().contains("closest: 'other-kernel' (rtmr1 differs)"), e.getMessage());
        assertFalse(e.getMessage().contains("'other-firmware'"), e.getMessage());
    }

    @Test
    void entriesNeedAnMrtdAndUniqueNames() {
        Map<String, Object> noMrtd = Map.of("name", "x", "rtmr1", "00".repeat(48));
        assertEquals("$.referenceManifest[0].mrtd", assertThrows(PolicyFormatException.class,
                () -> TdxPolicy.fromDocument(PolicyDocument.of(Map.of("referenceManifest", List.of(noMrtd))))).path());
        Map<String, Object> a = Map.of("name", "x", "mrtd", "00".repeat(48));
        assertEquals("$.referenceManifest[1].name", assertThrows(PolicyFormatException.class,
                () -> TdxPolicy.fromDocument(PolicyDocument.of(Map.of("referenceManifest", List.of(a, a))))).path());
        // A manifest file name is for the CLI to derive; the policy takes derived values only.
        assertThrows(PolicyFormatException.class,
                () -> TdxPolicy.fromDocument(PolicyDocument.of(Map.of("referenceManifest", "manifest.json"))));
    }
}
