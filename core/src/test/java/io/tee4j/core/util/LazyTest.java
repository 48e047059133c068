package io.tee4j.core.util;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The one memo the CCA and TDX results share for their claims (issue 15 item 3). */
class LazyTest {

    @Test
    void computesOnFirstUseAndKeepsTheValue() {
        AtomicInteger runs = new AtomicInteger();
        Lazy<Object> lazy = Lazy.of(() -> {
            runs.incrementAndGet();
            return new Object();
        });
        assertEquals(0, runs.get(), "nothing runs before the first get");
        Object first = lazy.get();
        assertSame(first, lazy.get());
        assertEquals(1, runs.get());
    }

    @Test
    void aNullValueIsRefused() {
        assertThrows(NullPointerException.class, () -> Lazy.of(() -> null).get());
    }
}
