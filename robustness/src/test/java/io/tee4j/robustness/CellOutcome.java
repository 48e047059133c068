package io.tee4j.robustness;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tee4j.core.AttestationException;
import io.tee4j.core.FailureClass;

/**
 * What one fault-matrix cell's verification ended in: the result, or the typed error and its
 * class, and how long it took. An unchecked exception fails the test at once (the library may only
 * throw its own checked exceptions), and so does a cell slower than its bound.
 *
 * @param <R> the backend's result type
 */
final class CellOutcome<R> {
    /** One verification; null verdict means accepted. */
    interface Verification<R> {
        R verify() throws AttestationException;
    }

    final R result;
    final AttestationException error;
    final FailureClass verdict;
    final long millis;

    private CellOutcome(R result, AttestationException error, long millis) {
        this.result = result;
        this.error = error;
        this.verdict = error == null ? null : error.failureClass();
        this.millis = millis;
    }

    /** Runs {@code v}, prints {@code test cell: verdict in ms (message)}, and checks the time bound. */
    static <R> CellOutcome<R> run(String test, String cell, long maxMillis, Verification<R> v) {
        long t0 = System.nanoTime();
        R result = null;
        AttestationException error = null;
        try {
            result = v.verify();
        } catch (AttestationException e) {
            error = e;
        } catch (RuntimeException e) {
            throw new AssertionError(cell + ": unchecked exception", e);
        }
        CellOutcome<R> o = new CellOutcome<>(result, error, (System.nanoTime() - t0) / 1_000_000);
        System.out.printf("%s %s: %s in %d ms%s%n", test, cell, o.verdict == null ? "accepted" : o.verdict, o.millis,
                error == null ? "" : " (" + error.getMessage() + ")");
        assertTrue(o.millis < maxMillis, cell + " took " + o.millis + " ms");
        return o;
    }
}
