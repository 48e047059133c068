package io.tee4j.tdx.verify;

import java.time.Instant;

/** Time window in which cached work stays valid, [from, until), narrowed by each dated input. */
final class ValidityWindow {
    Instant from;
    Instant until;

    ValidityWindow(Instant from, Instant until) {
        this.from = from;
        this.until = until;
    }

    void narrow(Instant f, Instant u) {
        if (f.isAfter(from)) {
            from = f;
        }
        if (u.isBefore(until)) {
            until = u;
        }
    }
}
