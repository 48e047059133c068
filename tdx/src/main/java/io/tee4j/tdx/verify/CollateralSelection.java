package io.tee4j.tdx.verify;

import io.tee4j.core.AttestationException;
import io.tee4j.core.CollateralUnavailableException;
import io.tee4j.core.RevocationMode;
import io.tee4j.core.RevocationUnavailableException;
import io.tee4j.tdx.collateral.IntelPcs;
import io.tee4j.tdx.collateral.TdxCollateral;
import io.tee4j.tdx.verify.PlatformEntry;
import java.util.Arrays;
import java.util.List;

/**
 * Chooses the collateral for a platform: the fixed set, the set fetched per FMSPC, or the fixed set
 * with the current CRLs fetched and added (supplied revocation data never stands in for a fetch).
 * With neither source, collateral is unavailable.
 */
final class CollateralSelection {
    private final TdxCollateral collateral;
    private final IntelPcs pcs;
    private final RevocationMode revocation;
    private volatile Merged lastMerged;

    CollateralSelection(TdxCollateral collateral, IntelPcs pcs, RevocationMode revocation) {
        this.collateral = collateral;
        this.pcs = pcs;
        this.revocation = revocation;
    }

    TdxCollateral collateralFor(PlatformEntry entry, List<String> warnings) throws AttestationException {
        if (collateral != null) {
            if (pcs == null || revocation == RevocationMode.SKIP_INSECURE) {
                return collateral;
            }
            return withFetchedCrls(collateral, entry.caType, warnings);
        }
        if (pcs != null) {
            // (CRLs only when they will be checked; one that cannot be had is revocation unavailable)
            return pcs.collateral(entry.pck.fmspc(), entry.caType, revocation);
        }
        throw new CollateralUnavailableException("no TDX collateral: pass a collateral bundle or configure Intel "
                + "PCS / a PCCS", null, false);
    }

    /**
     * The supplied collateral with the CRLs fetched now added. When the fetch fails, the supplied
     * CRLs alone decide (with a warning); without supplied CRLs of both kinds that is revocation
     * unavailable.
     */
    private TdxCollateral withFetchedCrls(TdxCollateral supplied, String caType, List<String> warnings)
            throws AttestationException {
        byte[][] fetched;
        try {
            fetched = pcs.crls(caType);
        } catch (CollateralUnavailableException e) {
            if (supplied.pckCrls().isEmpty() || supplied.rootCaCrls().isEmpty()) {
                throw new RevocationUnavailableException("a CRL could not be fetched and the supplied collateral "
                        + "lacks one, so the revocation status of the PCK chain is unknown: " + e.getMessage(), e);
            }
            warnings.add("could not fetch current CRLs (" + e.getMessage() + "); the supplied CRLs decided");
            return supplied;
        }
        Merged m = lastMerged;
        if (m != null && m.supplied() == supplied && Arrays.equals(m.pckCrl(), fetched[0])
                && Arrays.equals(m.rootCrl(), fetched[1])) {
            return m.merged();
        }
        TdxCollateral merged = supplied.withCrls(List.of(fetched[0]), List.of(fetched[1]));
        lastMerged = new Merged(supplied, fetched[0], fetched[1], merged);
        return merged;
    }

    /** The last supplied collateral merged with fetched CRLs, kept while the fetched bytes stay the same. */
    private record Merged(TdxCollateral supplied, byte[] pckCrl, byte[] rootCrl, TdxCollateral merged) {
    }
}
