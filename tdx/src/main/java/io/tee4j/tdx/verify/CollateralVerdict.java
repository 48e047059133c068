package io.tee4j.tdx.verify;

import io.tee4j.tdx.collateral.QeTcbLevel;
import java.time.Instant;
import java.util.List;

/** What holds for a platform with one set of collateral, inside the time window [from, until). */
final class CollateralVerdict {
    final byte[] fingerprint;
    final QeTcbLevel qe;
    final List<String> warnings;
    final Instant from;
    final Instant until;

    CollateralVerdict(byte[] fingerprint, QeTcbLevel qe, List<String> warnings, Instant from,
            Instant until) {
        this.fingerprint = fingerprint;
        this.qe = qe;
        this.warnings = List.copyOf(warnings);
        this.from = from;
        this.until = until;
    }

    boolean covers(Instant at) {
        return !at.isBefore(from) && at.isBefore(until);
    }
}
