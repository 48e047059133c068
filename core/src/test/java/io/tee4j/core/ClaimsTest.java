package io.tee4j.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A built claims tree never changes: not through its builder, the arrays or lists put in, or its map. */
class ClaimsTest {

    @Test
    void puttingAfterBuildingLeavesTheBuiltTreeAsItWas() {
        Claims.Builder b = Claims.builder().put("a", 1L).put("b", "two");
        Claims first = b.build();
        b.put("c", true).put("a", 9L);
        Claims second = b.build();
        b.put("d", "later");
        assertEquals(List.of("a", "b"), List.copyOf(first.asMap().keySet()));
        assertEquals(1L, first.get("a"));
        assertNull(first.get("c"));
        assertEquals(List.of("a", "b", "c"), List.copyOf(second.asMap().keySet()));
        assertEquals(9L, second.get("a"));
        assertNull(second.get("d"));
        assertEquals(List.of("a", "b", "c", "d"), List.copyOf(b.build().asMap().keySet()));
    }

    @Test
    void buildingTwiceWithoutPuttingGivesEqualTrees() {
        Claims.Builder b = Claims.builder().put("x", "y");
        assertEquals(b.build().asMap(), b.build().asMap());
    }

    @Test
    void arraysAndListsAreCopiedAndTheMapIsReadOnly() {
        byte[] bytes = {1, 2, 3};
        List<String> list = new ArrayList<>(List.of("p"));
        Claims c = Claims.builder().put("bytes", bytes).put("list", list).put("skipped", null)
                .put("nested", Claims.builder().put("n", 1)).build();
        bytes[0] = 9;
        list.add("q");
        assertArrayEquals(new byte[] {1, 2, 3}, (byte[]) c.get("bytes"));
        assertEquals(List.of("p"), c.get("list"));
        assertFalse(c.asMap().containsKey("skipped"));
        assertEquals(1, ((Claims) c.get("nested")).get("n"));
        assertThrows(UnsupportedOperationException.class, () -> c.asMap().put("z", 1));
    }

    /**
     * The array form behaves as the insertion-ordered map it replaced, below and above the size
     * where lookups switch from a scan to an index: order, replacement in place, lookups, equality
     * with a LinkedHashMap of the same entries, toString, and a read-only map.
     */
    @Test
    void smallAndLargeTreesActAsAnInsertionOrderedReadOnlyMap() {
        for (int n : new int[] {0, 1, Claims.SCANNED - 1, Claims.SCANNED, Claims.SCANNED + 1, 100}) {
            Claims.Builder b = Claims.builder();
            java.util.LinkedHashMap<String, Object> expected = new java.util.LinkedHashMap<>();
            for (int i = 0; i < n; i++) {
                b.put("k" + i, (long) i);
                expected.put("k" + i, (long) i);
            }
            // Replacing keeps the first position, as LinkedHashMap does.
            if (n > 0) {
                b.put("k0", "replaced");
                expected.put("k0", "replaced");
                b.put("k" + (n - 1), "last replaced");
                expected.put("k" + (n - 1), "last replaced");
            }
            Claims c = b.build();
            b.put("after", true);
            assertEquals(expected, c.asMap(), "n=" + n);
            assertEquals(c.asMap(), expected, "n=" + n);
            assertEquals(expected.hashCode(), c.asMap().hashCode());
            assertEquals(expected.toString(), c.asMap().toString());
            assertEquals("Claims" + expected.keySet(), c.toString());
            assertEquals(List.copyOf(expected.keySet()), List.copyOf(c.asMap().keySet()));
            List<String> seen = new ArrayList<>();
            c.asMap().forEach((k, v) -> seen.add(k + "=" + v));
            List<String> wanted = new ArrayList<>();
            expected.forEach((k, v) -> wanted.add(k + "=" + v));
            assertEquals(wanted, seen);
            for (int i = 0; i < n; i++) {
                assertEquals(expected.get("k" + i), c.get("k" + i));
                assertEquals(true, c.asMap().containsKey("k" + i));
            }
            assertNull(c.get("after"));
            assertNull(c.get("missing"));
            assertFalse(c.asMap().containsKey(42));
            assertNull(c.asMap().get(null));
            assertEquals(n, c.asMap().size());
            assertThrows(UnsupportedOperationException.class, () -> c.asMap().remove("missing"));
            assertThrows(UnsupportedOperationException.class, () -> c.asMap().clear());
            assertThrows(UnsupportedOperationException.class, () -> c.asMap().putAll(java.util.Map.of()));
            assertThrows(UnsupportedOperationException.class, () -> c.asMap().computeIfAbsent("k0", k -> 1));
            if (n > 0) {
                assertThrows(UnsupportedOperationException.class,
                        () -> c.asMap().entrySet().iterator().next().setValue("x"));
                assertThrows(UnsupportedOperationException.class, () -> c.asMap().keySet().remove("k0"));
            }
        }
    }
}
