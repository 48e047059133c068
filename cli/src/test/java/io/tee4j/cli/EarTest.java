package io.tee4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EarTest {

    @Test
    void tiersFollowTheAr4siRanges() {
        assertEquals(0, Ear.tierOf(-1));
        assertEquals(0, Ear.tierOf(0));
        assertEquals(0, Ear.tierOf(1));
        assertEquals(2, Ear.tierOf(2));
        assertEquals(2, Ear.tierOf(31));
        assertEquals(32, Ear.tierOf(32));
        assertEquals(32, Ear.tierOf(95));
        assertEquals(96, Ear.tierOf(96));
        assertEquals(96, Ear.tierOf(99));
        assertEquals(96, Ear.tierOf(127));
        assertEquals(2, Ear.tierOf(-2));
        assertEquals(2, Ear.tierOf(-32));
        assertEquals(32, Ear.tierOf(-33));
        assertEquals(32, Ear.tierOf(-96));
        assertEquals(96, Ear.tierOf(-97));
        assertEquals(96, Ear.tierOf(-128));
    }

    @Test
    void statusIsTheWorstClaim() {
        Map<String, Integer> v = new LinkedHashMap<>();
        v.put("hardware", 2);
        v.put("executables", 33);
        assertEquals("warning", Ear.tierName(Ear.worstTier(v)));
        v.put("configuration", 96);
        assertEquals("contraindicated", Ear.tierName(Ear.worstTier(v)));
    }
}
