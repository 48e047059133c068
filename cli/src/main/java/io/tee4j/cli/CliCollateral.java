package io.tee4j.cli;

import io.tee4j.core.collateral.CollateralSource;

/** The collateral source the command uses when it may go online. */
final class CliCollateral {
    private CliCollateral() {
    }

    static CollateralSource online() {
        // Replaced by the HTTP source with its on-disk cache once core's collateral fetching lands;
        // until then the command fetches nothing and says so through each backend's error.
        return CollateralSource.none();
    }
}
