package io.tee4j.nvgpu.verify;

import io.tee4j.core.TrustAnchors;
import io.tee4j.core.VerificationFailedException.Reason;
import io.tee4j.core.VerificationFailedException;
import io.tee4j.nvgpu.abi.DiceFwid;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * A GPU must not endorse itself: the chain that signed a RIM (already validated to the RIM signing
 * anchors) may hold no certificate of the device hierarchy. Refused are a RIM chain that contains a
 * certificate of the report's device chain (its FMC leaf, BROM, intermediates or root), a
 * certificate that is a device identity anchor (a root trusted for devices is not a RIM root, even
 * when a caller put it in both sets), or a certificate with the DICE TCB-info extension (only
 * device-minted certificates carry it). nvtrust keeps the same separation with its distinct
 * {@code --rim_root_cert}.
 */
final class RimSignerSeparation {
    private RimSignerSeparation() {
    }

    static void check(List<X509Certificate> rimChain, List<X509Certificate> deviceChain, TrustAnchors deviceAnchors,
            String what) throws VerificationFailedException {
        for (X509Certificate c : rimChain) {
            String why = deviceChain.contains(c) ? "is part of the report's own device certificate chain"
                    : deviceAnchors.contains(c) ? "is a device identity root (" + deviceAnchors.name()
                            + "); give RIM signing roots and device identity roots as separate sets "
                            + "(--rim-trust-root and --trust-root)"
                    : DiceFwid.present(c) ? "carries the DICE TCB-info extension of a device-minted certificate"
                    : null;
            if (why != null) {
                throw new VerificationFailedException(Reason.CERTIFICATE_CHAIN, what + ": certificate '"
                        + c.getSubjectX500Principal().getName() + "' " + why
                        + ": a GPU's own keys may not sign the RIMs that approve its measurements");
            }
        }
    }
}
