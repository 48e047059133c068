package io.tee4j.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** {@link PolicyDocument}: types, paths in errors, unknown keys, hex lengths and 64-bit unsigned values. */
class PolicyDocumentTest {

    private static Map<String, Object> map(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    private interface Read {
        void run(PolicyDocument d) throws PolicyFormatException;
    }

    private static PolicyFormatException fails(Map<String, Object> root, Read read) {
        return assertThrows(PolicyFormatException.class, () -> read.run(PolicyDocument.of(root)));
    }

    @Test
    void withoutLeavesTheOtherKeysToAnInnerReaderThatStillRejectsUnknownOnes() throws Exception {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("nonce", "00");
        root.put("allowDebug", true);
        root.put("typo", 1);
        PolicyDocument inner = PolicyDocument.of(root).without(java.util.Set.of("nonce"));
        assertTrue(!inner.has("nonce") && inner.has("allowDebug"));
        assertEquals(Optional.of(true), inner.bool("allowDebug"));
        PolicyFormatException e = assertThrows(PolicyFormatException.class, inner::finish);
        assertTrue(e.getMessage().contains("$.typo"), e.getMessage());
        assertEquals(3, root.size(), "the outer document is unchanged");
    }

    @Test
    void unknownTeeListsEveryKnownId() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TeeType.fromId("azure"));
        assertTrue(e.getMessage().contains("azure-snp-vtpm") && e.getMessage().contains("gcp-vtpm"), e.getMessage());
        assertEquals(TeeType.AZURE_TDX_VTPM, TeeType.fromId("Azure-TDX-vTPM"));
    }

    @Test
    void typedGettersReadWhatIsThere() throws Exception {
        PolicyDocument d = PolicyDocument.of(map("debug", false, "name", "prod", "vmpl", 2, "big", 5_000_000_000L,
                "bytes", "0a0B", "list", List.of("x", "y")));
        assertEquals(Optional.of(false), d.bool("debug"));
        assertEquals(Optional.of("prod"), d.string("name"));
        assertEquals(Optional.of(2L), d.unsigned("vmpl", 3));
        assertEquals(Optional.of(5_000_000_000L), d.unsigned64("big"));
        assertArrayEquals(new byte[] {0x0a, 0x0b}, d.hex("bytes", 2).orElseThrow());
        assertEquals(List.of("x", "y"), d.strings("list"));
        d.finish();
    }

    @Test
    void absentKeysAreEmpty() throws Exception {
        PolicyDocument d = PolicyDocument.of(map());
        assertEquals(Optional.empty(), d.bool("a"));
        assertEquals(Optional.empty(), d.string("a"));
        assertEquals(Optional.empty(), d.unsigned("a", 1));
        assertEquals(Optional.empty(), d.unsigned64("a"));
        assertEquals(Optional.empty(), d.hex("a", 4));
        assertEquals(Optional.empty(), d.object("a"));
        assertEquals(List.of(), d.hexList("a", 4));
        assertEquals(List.of(), d.strings("a"));
        assertEquals(List.of(), d.objects("a"));
        d.finish();
    }

    @Test
    void wrongTypesNameThePathAndWhatWasFound() {
        Map<String, Object> root = map("debug", "yes", "name", 3, "vmpl", true, "nested", List.of(), "list", "x");
        PolicyFormatException e = fails(root, d -> d.bool("debug"));
        assertEquals("$.debug", e.path());
        assertTrue(e.getMessage().contains("expected true or false, got a string"), e.getMessage());
        e = fails(root, d -> d.string("name"));
        assertEquals("$.name", e.path());
        assertTrue(e.getMessage().contains("got a number"), e.getMessage());
        e = fails(root, d -> d.unsigned("vmpl", 3));
        assertTrue(e.getMessage().contains("got a boolean"), e.getMessage());
        e = fails(root, d -> d.object("nested"));
        assertEquals("$.nested", e.path());
        assertTrue(e.getMessage().contains("expected an object, got a list"), e.getMessage());
        e = fails(root, d -> d.strings("list"));
        assertTrue(e.getMessage().contains("expected a list, got a string"), e.getMessage());
    }

    @Test
    void nestedPathsAndListIndices() throws Exception {
        Map<String, Object> root = map("minimumTcb", map("snp", "high"),
                "measurements", List.of("00ff", 7),
                "rules", List.of(map("k", 1), "not an object"));
        PolicyDocument d = PolicyDocument.of(root);
        PolicyDocument tcb = d.object("minimumTcb").orElseThrow();
        assertEquals("$.minimumTcb", tcb.path());
        PolicyFormatException e = assertThrows(PolicyFormatException.class, () -> tcb.unsigned("snp", 255));
        assertEquals("$.minimumTcb.snp", e.path());
        e = assertThrows(PolicyFormatException.class, () -> d.hexList("measurements", 2));
        assertEquals("$.measurements[1]", e.path());
        e = assertThrows(PolicyFormatException.class, () -> d.objects("rules"));
        assertEquals("$.rules[1]", e.path());
        PolicyDocument first = PolicyDocument.of(map("rules", List.of(map("k", 1)))).objects("rules").get(0);
        assertEquals("$.rules[0]", first.path());
        assertEquals("$.rules[0].k: unknown key", assertThrows(PolicyFormatException.class, first::finish).getMessage());
        e = assertThrows(PolicyFormatException.class, () -> d.strings("measurements"));
        assertEquals("$.measurements[1]", e.path());
    }

    @Test
    void finishRejectsKeysNobodyRead() throws Exception {
        PolicyDocument d = PolicyDocument.of(map("debug", false, "debgu", true));
        d.bool("debug");
        PolicyFormatException e = assertThrows(PolicyFormatException.class, d::finish);
        assertEquals("$.debgu", e.path());
        assertTrue(e.getMessage().contains("unknown key"), e.getMessage());
        // Asking whether a key exists is not reading it.
        PolicyDocument h = PolicyDocument.of(map("x", 1));
        assertTrue(h.has("x"));
        assertThrows(PolicyFormatException.class, h::finish);
        // A key read with the wrong type has been looked at; the type error is what matters.
        PolicyDocument n = PolicyDocument.of(map("nested", map("inner", 1, "typo", 2)));
        PolicyDocument inner = n.object("nested").orElseThrow();
        n.finish(); // the parent only knows "nested"
        inner.unsigned("inner", 10);
        assertEquals("$.nested.typo", assertThrows(PolicyFormatException.class, inner::finish).path());
    }

    @Test
    void hexLengthsAreExact() throws Exception {
        Map<String, Object> root = map("m48", "ab".repeat(48), "short", "ab".repeat(47), "odd", "abc", "bad", "zz",
                "pref", "0x" + "01".repeat(4), "any", "");
        PolicyDocument d = PolicyDocument.of(root);
        assertEquals(48, d.hex("m48", 48).orElseThrow().length);
        PolicyFormatException e = assertThrows(PolicyFormatException.class, () -> d.hex("short", 48));
        assertEquals("$.short", e.path());
        assertTrue(e.getMessage().contains("expected 48 bytes of hex, got 47"), e.getMessage());
        assertThrows(PolicyFormatException.class, () -> d.hex("odd", -1));
        assertThrows(PolicyFormatException.class, () -> d.hex("bad", 1));
        assertArrayEquals(new byte[] {1, 1, 1, 1}, d.hex("pref", 4).orElseThrow());
        assertEquals(0, d.hex("any", -1).orElseThrow().length);
        assertThrows(PolicyFormatException.class, () -> d.hex("any", 1));
    }

    @Test
    void unsigned64CoversTheWholeRange() throws Exception {
        Map<String, Object> root = map(
                "max", "0xffffffffffffffff",
                "maxDecimal", "18446744073709551615",
                "maxBig", new BigInteger("18446744073709551615"),
                "tooBig", "18446744073709551616",
                "tooBigHex", "0x10000000000000000",
                "negative", -1,
                "negativeString", "-1",
                "zero", 0,
                "longMax", Long.MAX_VALUE,
                "fraction", 1.5,
                "words", "twelve",
                "emptyHex", "0x");
        PolicyDocument d = PolicyDocument.of(root);
        assertEquals(-1L, d.unsigned64("max").orElseThrow()); // the bit pattern of 2^64-1
        assertEquals(-1L, d.unsigned64("maxDecimal").orElseThrow());
        assertEquals(-1L, d.unsigned64("maxBig").orElseThrow());
        assertEquals(0L, d.unsigned64("zero").orElseThrow());
        assertEquals(Long.MAX_VALUE, d.unsigned64("longMax").orElseThrow());
        for (String bad : Arrays.asList("tooBig", "tooBigHex", "negative", "negativeString", "fraction", "words", "emptyHex")) {
            PolicyFormatException e = assertThrows(PolicyFormatException.class, () -> d.unsigned64(bad), bad);
            assertEquals("$." + bad, e.path());
        }
    }

    @Test
    void unsignedWithBound() throws Exception {
        PolicyDocument d = PolicyDocument.of(map("a", 3, "b", 4, "c", "0x03", "d", -1, "e", "  2 "));
        assertEquals(3L, d.unsigned("a", 3).orElseThrow());
        PolicyFormatException e = assertThrows(PolicyFormatException.class, () -> d.unsigned("b", 3));
        assertTrue(e.getMessage().contains("[0, 3]"), e.getMessage());
        assertEquals(3L, d.unsigned("c", 3).orElseThrow());
        assertThrows(PolicyFormatException.class, () -> d.unsigned("d", 3));
        assertEquals(2L, d.unsigned("e", 3).orElseThrow());
    }

    @Test
    void invalidReportsThePath() {
        PolicyDocument d = PolicyDocument.of(map("k", 1));
        PolicyFormatException e = d.invalid("k", "must be even");
        assertEquals("$.k", e.path());
        assertEquals("$.k: must be even", e.getMessage());
    }

    @Test
    void nullValueIsRejectedWithItsPath() {
        // An explicit JSON null is more likely a mistake than a wish for the default.
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("debug", null);
        PolicyDocument d = PolicyDocument.of(root);
        PolicyFormatException e = assertThrows(PolicyFormatException.class, () -> d.bool("debug"));
        assertEquals("$.debug", e.path());
    }

    @Test
    void nullListItemIsRejectedWithItsPath() {
        java.util.List<Object> items = new java.util.ArrayList<>();
        items.add(null);
        PolicyDocument d = PolicyDocument.of(Map.of("hashes", items));
        PolicyFormatException e = assertThrows(PolicyFormatException.class, () -> d.hexList("hashes", 48));
        assertEquals("$.hashes[0]", e.path());
    }

    @Test
    void upperCaseHexPrefixIsAccepted() throws Exception {
        PolicyDocument d = PolicyDocument.of(Map.of("h", "0XABCD"));
        assertEquals(2, d.hex("h", 2).orElseThrow().length);
    }

    @Test
    void anEmptyListIsRefusedWhateverTheListHolds() {
        // One rule for every list key of every backend (issue 14 item 4): absent means the default,
        // empty is an error naming the key, never "accept anything" or "accept nothing".
        Map<String, Object> root = map("hashes", List.of(), "names", List.of(), "rules", List.of());
        for (Read read : List.<Read>of(d -> d.hexList("hashes", 48), d -> d.strings("names"), d -> d.objects("rules"))) {
            PolicyFormatException e = fails(root, read);
            assertTrue(e.getMessage().contains("an empty list is not allowed"), e.getMessage());
            assertTrue(e.path().equals("$.hashes") || e.path().equals("$.names") || e.path().equals("$.rules"), e.path());
        }
        PolicyFormatException nested = assertThrows(PolicyFormatException.class, () -> PolicyDocument.of(
                map("outer", map("list", List.of()))).object("outer").orElseThrow().strings("list"));
        assertEquals("$.outer.list", nested.path());
    }

    @Test
    void aHugeIntegerStringIsRefusedBeforeItIsConverted() {
        // A million digits cost BigInteger seconds of CPU; the digit cap refuses them at once.
        String million = "9".repeat(1 << 20);
        long start = System.nanoTime();
        for (String s : List.of(million, "0x" + "f".repeat(1 << 20), "1".repeat(21))) {
            PolicyFormatException e = fails(map("big", s), d -> d.unsigned64("big"));
            assertEquals("$.big", e.path());
            assertTrue(e.getMessage().contains("at most 20 digits"), e.getMessage());
            assertTrue(e.getMessage().length() < 200, "the message does not echo the number");
        }
        assertTrue(System.nanoTime() - start < 1_000_000_000L, "refused without converting");
    }
}
