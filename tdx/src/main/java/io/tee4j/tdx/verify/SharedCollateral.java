package io.tee4j.tdx.verify;

import io.tee4j.core.crypto.CrlSet;
import java.time.Instant;
import java.util.List;

/**
 * What holds for every platform under one PCK CA with one set of collateral, inside the time window
 * [from, until): TCB info and QE identity fresh and signed by a TCB Signing certificate that
 * validates to the anchors, the root CA CRLs current and listing neither the PCK CA nor the TCB
 * Signing certificate, and the PCK CRLs that are authentic (signed by the PCK CA). Each platform
 * still has its own PCK leaf looked up in those CRLs, their currency decided at its instant, its
 * FMSPC and PCE-ID matched and its QE matched ({@link CollateralCheck}).
 */
final class SharedCollateral {
    /** The authentic PCK CRLs, or null when revocation is skipped. */
    final CrlSet.Authentic pckCrls;
    final List<String> warnings;
    final Instant from;
    final Instant until;

    SharedCollateral(CrlSet.Authentic pckCrls, List<String> warnings, Instant from, Instant until) {
        this.pckCrls = pckCrls;
        this.warnings = List.copyOf(warnings);
        this.from = from;
        this.until = until;
    }

    boolean covers(Instant at) {
        return !at.isBefore(from) && at.isBefore(until);
    }
}
