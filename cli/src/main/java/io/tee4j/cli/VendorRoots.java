package io.tee4j.cli;

import io.tee4j.core.TeeType;
import io.tee4j.core.TrustAnchors;
import io.tee4j.nvgpu.verify.NvGpuTrustAnchors;
import io.tee4j.snp.abi.ProductLine;
import io.tee4j.snp.verify.SnpTrustAnchors;
import io.tee4j.tdx.verify.TdxTrustAnchors;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

/**
 * Whether explicit trust roots are the vendor's own. For SEV-SNP, TDX and NVIDIA GPUs genuine
 * hardware chains only to AMD's, Intel's and NVIDIA's roots (tee4j bundles them), so roots a
 * caller passes vouch for genuine hardware only when every self-signed certificate among them
 * carries one of those roots' keys; a simulator's root, a test CA or anything else does not. CCA
 * has no vendor root (a platform's CPAK always comes from its owner), so this says nothing for CCA.
 */
final class VendorRoots {
    private VendorRoots() {
    }

    /** Whether every root among the trust-root contents is a vendor root of {@code tee} (false when there is none). */
    static boolean all(TeeType tee, List<byte[]> trustRoots) {
        List<PublicKey> vendor = vendorKeys(tee);
        boolean any = false;
        for (byte[] content : trustRoots) {
            for (X509Certificate c : InputFiles.parseCertificates(content)) {
                if (!c.getSubjectX500Principal().equals(c.getIssuerX500Principal())) {
                    continue; // an intermediate given beside the roots; the chain check places it
                }
                if (!vendor.contains(c.getPublicKey())) {
                    return false;
                }
                any = true;
            }
        }
        return any;
    }

    private static List<PublicKey> vendorKeys(TeeType tee) {
        List<TrustAnchors> anchors = new ArrayList<>();
        switch (tee) {
            case SEV_SNP:
                for (ProductLine p : ProductLine.values()) {
                    SnpTrustAnchors.bundled().anchors(p).ifPresent(anchors::add);
                }
                break;
            case TDX:
                anchors.add(TdxTrustAnchors.intelRoot());
                break;
            case NVIDIA_GPU:
                anchors.add(NvGpuTrustAnchors.deviceIdentity());
                anchors.add(NvGpuTrustAnchors.corimSigning());
                break;
            default:
                break;
        }
        List<PublicKey> keys = new ArrayList<>();
        anchors.forEach(a -> a.roots().forEach(r -> keys.add(r.getPublicKey())));
        return keys;
    }
}
