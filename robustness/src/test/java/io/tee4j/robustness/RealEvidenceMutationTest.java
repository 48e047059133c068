package io.tee4j.robustness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tee4j.core.FailureClass;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every real vector of every backend: the untouched evidence is accepted; one bit flipped in every
 * byte of the signed region (the bit chosen by a seeded generator, printed), every truncation, and
 * trailing bytes where the format forbids them are each rejected with the right failure class.
 *
 * <p>A flipped signed byte may only be {@link FailureClass#VERIFICATION_FAILED} (a signature, chain
 * or binding check) or {@link FailureClass#MALFORMED_EVIDENCE} (a structural field such as a
 * version, a length or an algorithm no longer parses); never an accept, a policy verdict, a missing
 * collateral verdict or an unchecked exception. A truncation or an extension is malformed evidence.
 *
 * <p>The first vector of each backend has every signed byte flipped; the further vectors of the same
 * backend every third byte (from a seeded start), to keep the suite fast on a shared machine. Seed:
 * {@code -Drobustness.seed=N}; every byte of every vector: {@code -Drobustness.mutation.full=true};
 * every bit of every byte as well: {@code -Drobustness.allBits=true}.
 */
class RealEvidenceMutationTest {
    static final long SEED = Long.getLong("robustness.seed", System.nanoTime());
    static final boolean ALL_BITS = Boolean.getBoolean("robustness.allBits");
    static final boolean FULL = ALL_BITS || Boolean.getBoolean("robustness.mutation.full");
    private static final java.util.Set<io.tee4j.core.TeeType> PRIMARY_SEEN = java.util.EnumSet.noneOf(
            io.tee4j.core.TeeType.class);
    private static final Set<FailureClass> FLIP_OK = EnumSet.of(FailureClass.VERIFICATION_FAILED,
            FailureClass.MALFORMED_EVIDENCE);
    static final Map<FailureClass, Integer> TOTALS = new EnumMap<>(FailureClass.class);
    static long mutants;

    @TempDir
    static Path tmp;

    @BeforeAll
    static void seed() {
        System.out.println("RealEvidenceMutationTest seed=" + SEED + " (rerun with -Drobustness.seed=" + SEED + ")");
    }

    @AfterAll
    static void figures() {
        System.out.println("RealEvidenceMutationTest: " + mutants + " mutants rejected, by class " + TOTALS);
    }

    static Stream<RealVectors.Case> cases() {
        return RealVectors.all(tmp).stream();
    }

    private static synchronized void count(FailureClass c) {
        TOTALS.merge(c, 1, Integer::sum);
        mutants++;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void everySignedByteFlipped(RealVectors.Case c) {
        assertNull(c.verdict(c.evidence()), c + ": the untouched evidence must verify");
        Random rnd = new Random(SEED ^ c.name().hashCode());
        List<String> wrong = new ArrayList<>();
        Map<FailureClass, Integer> seen = new EnumMap<>(FailureClass.class);
        long t0 = System.nanoTime();
        boolean primary;
        synchronized (PRIMARY_SEEN) {
            primary = PRIMARY_SEEN.add(c.tee());
        }
        int stride = FULL || primary ? 1 : 3;
        int flipped = 0;
        for (int i = c.signedFrom() + (stride == 1 ? 0 : rnd.nextInt(stride)); i < c.signedTo(); i += stride) {
            flipped++;
            int[] bits = ALL_BITS ? new int[] {0, 1, 2, 3, 4, 5, 6, 7} : new int[] {rnd.nextInt(8)};
            for (int bit : bits) {
                byte[] m = c.evidence().clone();
                m[i] ^= (byte) (1 << bit);
                FailureClass v = verdictOrUnchecked(c, m, wrong, "flip byte " + i + " bit " + bit);
                if (v != null) {
                    seen.merge(v, 1, Integer::sum);
                    count(v);
                    boolean keyChoice = c.keySelector().contains(i) && v == FailureClass.COLLATERAL_UNAVAILABLE;
                    if (!FLIP_OK.contains(v) && !keyChoice) {
                        wrong.add("flip byte " + i + " bit " + bit + " -> " + v);
                    }
                }
            }
        }
        System.out.printf("%s: %d of %d signed bytes flipped in %d ms: %s%n", c, flipped, c.signedTo() - c.signedFrom(),
                (System.nanoTime() - t0) / 1_000_000, seen);
        assertTrue(wrong.isEmpty(), c + " seed " + SEED + ": " + wrong.subList(0, Math.min(20, wrong.size()))
                + (wrong.size() > 20 ? " ... (" + wrong.size() + ")" : ""));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void everyTruncation(RealVectors.Case c) {
        List<String> wrong = new ArrayList<>();
        for (int len = 0; len < c.significantLength(); len++) {
            FailureClass v = verdictOrUnchecked(c, Arrays.copyOf(c.evidence(), len), wrong, "truncated to " + len);
            if (v != null) {
                count(v);
                if (v != FailureClass.MALFORMED_EVIDENCE) {
                    wrong.add("truncated to " + len + " -> " + v);
                }
            }
        }
        assertTrue(wrong.isEmpty(), c + ": " + wrong.subList(0, Math.min(20, wrong.size()))
                + (wrong.size() > 20 ? " ... (" + wrong.size() + ")" : ""));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void trailingBytes(RealVectors.Case c) {
        if (!c.trailingForbidden()) {
            // TDX (zero padding after the signature data) and NVIDIA (a fixed-size report buffer)
            // ignore what follows the structure; it is outside every signature and never read.
            assertNull(c.verdict(Arrays.copyOf(c.evidence(), c.evidence().length + 16)), c.toString());
            return;
        }
        List<String> wrong = new ArrayList<>();
        for (int extra : new int[] {1, 2, 16, 4096}) {
            for (byte fill : new byte[] {0, (byte) 0xA5}) {
                byte[] m = Arrays.copyOf(c.evidence(), c.evidence().length + extra);
                Arrays.fill(m, c.evidence().length, m.length, fill);
                FailureClass v = verdictOrUnchecked(c, m, wrong, "+" + extra + " bytes of " + fill);
                if (v != null) {
                    count(v);
                    if (v != FailureClass.MALFORMED_EVIDENCE) {
                        wrong.add("+" + extra + " bytes of " + fill + " -> " + v);
                    }
                }
            }
        }
        assertEquals(List.of(), wrong, c.toString());
    }

    /** The failure class, or null after recording an accept or an unchecked exception as wrong. */
    private static FailureClass verdictOrUnchecked(RealVectors.Case c, byte[] m, List<String> wrong, String what) {
        try {
            FailureClass v = c.verdict(m);
            if (v == null) {
                wrong.add(what + " -> ACCEPTED");
            }
            return v;
        } catch (RuntimeException e) {
            wrong.add(what + " -> unchecked " + e);
            return null;
        }
    }
}
