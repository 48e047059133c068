package io.tee4j.cli;

import io.tee4j.core.AttestationResult;
import io.tee4j.core.Claims;
import io.tee4j.core.CommonClaims;
import io.tee4j.core.TeeType;
import io.tee4j.core.VerificationInfo;

/** A result with given parts, for tests of what is written from results (EAR, sidecar replies). */
record FixedResult(TeeType tee, CommonClaims commonClaims, Claims claims, VerificationInfo verification)
        implements AttestationResult {
}
