package io.tee4j.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Named reference values: first full match wins; a mismatch names the closest entries. */
class NamedReferenceValuesTest {
    private static final Map<String, Integer> TDX = Map.of("mrtd", 1, "rtmr1", 1, "rtmr2", 1);

    private static Map<String, byte[]> regs(int mrtd, int rtmr1, int rtmr2) {
        Map<String, byte[]> m = new LinkedHashMap<>();
        m.put("mrtd", new byte[] {(byte) mrtd});
        m.put("rtmr1", new byte[] {(byte) rtmr1});
        m.put("rtmr2", new byte[] {(byte) rtmr2});
        return m;
    }

    private static NamedReferenceValues values() {
        Map<String, byte[]> onlyMrtd = Map.of("mrtd", new byte[] {1});
        return NamedReferenceValues.of(List.of(new NamedReferenceValues.Entry("a", regs(1, 2, 9)),
                new NamedReferenceValues.Entry("b", regs(1, 8, 9)), new NamedReferenceValues.Entry("c", regs(7, 7, 7)),
                new NamedReferenceValues.Entry("firmware-only", onlyMrtd)));
    }

    @Test
    void theFirstEntryWhoseEveryRegisterEqualsMatches() {
        assertEquals(Optional.of("firmware-only"), values().match(regs(1, 3, 3)));
        assertEquals(Optional.of("a"), values().match(regs(1, 2, 9)));
        assertEquals(Optional.empty(), values().match(regs(2, 2, 9)));
    }

    @Test
    void aMismatchNamesTheClosestEntriesAndWhatDiffers() {
        String m = values().mismatch(regs(2, 2, 9));
        assertTrue(m.startsWith("mrtd 02, rtmr1 02, rtmr2 09 matches none of the 4 reference manifest entries; "
                + "closest: 'a' (mrtd differs)"), m);
        assertTrue(!m.contains("'c'") && !m.contains("'b'"), m);
    }

    @Test
    void readRefusesDuplicateNamesMissingRequiredRegistersAndUnknownKeys() {
        Map<String, Object> e = Map.of("name", "x", "mrtd", "01");
        assertEquals(2, assertDoesRead(List.of(e, Map.of("name", "y", "mrtd", "02", "rtmr1", "03"))).entries().size());
        assertEquals("$.k[1].name", assertThrows(PolicyFormatException.class, () -> read(List.of(e, e))).path());
        assertEquals("$.k[0].mrtd", assertThrows(PolicyFormatException.class,
                () -> read(List.of(Map.of("name", "x", "rtmr1", "01")))).path());
        assertEquals("$.k[0].rtmr0", assertThrows(PolicyFormatException.class,
                () -> read(List.of(Map.of("name", "x", "mrtd", "01", "rtmr0", "01")))).path());
        assertThrows(PolicyFormatException.class, () -> read(List.of(Map.of("name", " ", "mrtd", "01"))));
        Map<String, byte[]> one = Map.of("mrtd", new byte[] {1});
        assertThrows(IllegalArgumentException.class, () -> NamedReferenceValues.of(List.of(
                new NamedReferenceValues.Entry("x", one), new NamedReferenceValues.Entry("x", one))));
        // An entry without registers would match any evidence.
        assertThrows(IllegalArgumentException.class, () -> new NamedReferenceValues.Entry("empty", Map.of()));
        // A backend refuses entries that lack its register (meant for another TEE: they could never match).
        assertThrows(IllegalArgumentException.class, () -> NamedReferenceValues.of(List.of(
                new NamedReferenceValues.Entry("td", one))).requireEvery("measurement", 48));
    }

    private static NamedReferenceValues assertDoesRead(List<Object> entries) {
        try {
            return read(entries);
        } catch (PolicyFormatException ex) {
            throw new AssertionError(ex);
        }
    }

    private static NamedReferenceValues read(List<?> entries) throws PolicyFormatException {
        PolicyDocument d = PolicyDocument.of(Map.of("k", entries));
        NamedReferenceValues v = NamedReferenceValues.read(d, "k", TDX, Set.of("mrtd"));
        d.finish();
        return v;
    }
}
