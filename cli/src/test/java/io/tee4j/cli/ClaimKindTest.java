package io.tee4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tee4j.core.Claims;
import io.tee4j.core.TcbStatus;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The exact-class shortcut of {@link ClaimKind#of} gives the kind the instance checks give. */
class ClaimKindTest {

    @Test
    void theShortcutAgreesWithTheInstanceChecksForEveryKindOfValue() {
        List<Object> values = Arrays.asList("text", "", new byte[0], new byte[] {1}, 1L, 1, (short) 1, (byte) 1,
                true, false, Claims.builder().put("a", 1).build(), BigInteger.TEN, 1.5, 1.5f, BigDecimal.ONE,
                List.of(), List.of(1), new ArrayList<>(List.of("x")), Map.of(), new LinkedHashMap<>(Map.of(1, 2)),
                TcbStatus.UP_TO_DATE, new StringBuilder("sb"), new Object());
        for (Object v : values) {
            assertEquals(ClaimKind.byChecks(v), ClaimKind.of(v), String.valueOf(v));
        }
        assertEquals(ClaimKind.NULL, ClaimKind.of(null));
        assertEquals(ClaimKind.TEXT, ClaimKind.of("text"));
        assertEquals(ClaimKind.HEX, ClaimKind.of(new byte[0]));
        assertEquals(ClaimKind.WHOLE_NUMBER, ClaimKind.of(1));
        assertEquals(ClaimKind.CLAIMS, ClaimKind.of(Claims.builder().build()));
    }
}
