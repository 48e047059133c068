package io.tee4j.testing.spi;

import io.tee4j.core.AttestationException;
import java.io.IOException;

/**
 * A {@link SeededSimulator} whose evidence can claim a given launch measurement (what a firmware,
 * kernel and VM shape measure to), so a demo or test can check a reference value it derived. The
 * claim is simulated: nothing was launched.
 *
 * @since 0.2
 */
public interface MeasuredLaunchSimulator extends SeededSimulator {
    /** Simulated evidence of a guest launched with {@code measurement}, carrying {@code reportData}. */
    SimulatedAttestation attestLaunchedWith(byte[] measurement, byte[] reportData)
            throws AttestationException, IOException;
}
