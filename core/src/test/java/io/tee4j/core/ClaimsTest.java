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
}
