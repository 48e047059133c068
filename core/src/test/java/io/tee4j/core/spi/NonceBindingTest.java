package io.tee4j.core.spi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tee4j.core.Claims;
import io.tee4j.core.Evidence;
import io.tee4j.core.TeeType;
import java.util.Arrays;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A backend declares where its nonce goes (issue 15 item 5); tools no longer name the key. */
class NonceBindingTest {

    @Test
    void paddedBindingsPadAndBoundTheLength() {
        NonceBinding b = NonceBinding.padded("reportData", 64);
        assertArrayEquals(Arrays.copyOf(new byte[] {1, 2}, 64), b.expectedValue(new byte[] {1, 2}));
        assertEquals(64, b.expectedValue(new byte[64]).length);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> b.expectedValue(new byte[65])).getMessage()
                .startsWith("1 to 64 bytes"));
        assertThrows(IllegalArgumentException.class, () -> b.expectedValue(new byte[0]));
    }

    @Test
    void exactAndUnpaddedBindingsKeepTheNonceAsGiven() {
        NonceBinding exact = NonceBinding.exactly("expectedNonce", 32);
        assertEquals(32, exact.expectedValue(new byte[32]).length);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> exact.expectedValue(new byte[31]))
                .getMessage().startsWith("exactly 32 bytes"));
        byte[] given = {9};
        byte[] kept = NonceBinding.upTo("expectedChallenge", 64).expectedValue(given);
        assertArrayEquals(given, kept);
        kept[0] = 0;
        assertEquals(9, given[0], "the caller's array is not shared");
    }

    @Test
    void inconsistentLengthsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new NonceBinding("k", 0, 4, 0));
        assertThrows(IllegalArgumentException.class, () -> new NonceBinding("k", 5, 4, 0));
        assertThrows(IllegalArgumentException.class, () -> new NonceBinding("k", 1, 64, 32));
    }

    @Test
    void aBackendThatDeclaresNoneHasNone() {
        TeeBackend none = new TeeBackend() {
            @Override
            public TeeType type() {
                return TeeType.TDX;
            }

            @Override
            public Evidence readEvidence(byte[] content) {
                return Evidence.of(TeeType.TDX, content);
            }

            @Override
            public Claims describe(Evidence evidence) {
                return Claims.builder().build();
            }

            @Override
            public PreparedVerifier prepare(VerifierConfiguration configuration) {
                throw new UnsupportedOperationException();
            }
        };
        assertEquals(Optional.empty(), none.nonceBinding());
    }
}
