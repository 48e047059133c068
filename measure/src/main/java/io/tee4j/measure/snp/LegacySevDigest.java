package io.tee4j.measure.snp;

import io.tee4j.core.MalformedEvidenceException;
import io.tee4j.measure.MeasurementInputException;
import io.tee4j.measure.internal.Digests;
import java.security.MessageDigest;

/**
 * The SHA-256 launch digests of the pre-SNP modes, for completeness (sev-snp-measure's {@code sev}
 * and {@code seves}): {@code sev} = SHA-256(firmware ‖ padded hashes table, when a kernel is
 * given); {@code seves} additionally hashes one VMSA page per vCPU (guest features 0).
 *
 * <p>Not computed: the value a SEV or SEV-ES guest owner actually receives from LAUNCH_MEASURE,
 * which is an HMAC over this digest keyed with the transport integrity key and a nonce; tee4j
 * verifies neither mode. A kernel for a firmware that declares no hashes-table address is a
 * {@link MeasurementInputException}.
 *
 * @since 0.1
 */
public final class LegacySevDigest {
    private LegacySevDigest() {
    }

    /** SEV: the firmware and, with a kernel, the hashes table. */
    public static byte[] sev(OvmfImage fw, SevHashesTable hashes) throws MalformedEvidenceException,
            MeasurementInputException {
        return start(fw, hashes).digest();
    }

    /** SEV-ES: as {@link #sev}, then the VMSA of each of {@code launch.vcpus()} vCPUs. */
    public static byte[] seves(SnpLaunch launch) throws MalformedEvidenceException, MeasurementInputException {
        OvmfImage fw = launch.firmware();
        MessageDigest md = start(fw, launch.hashes().orElse(null));
        long apEip = fw.apResetEip();
        if (launch.vcpus() > 1 && apEip == 0) {
            throw new MeasurementInputException("the firmware gives no AP reset address, so only one vCPU can start");
        }
        md.update(Vmsa.page(launch.vmm(), Vmsa.BSP_EIP, launch.vcpuSignature(), 0));
        byte[] ap = launch.vcpus() > 1 ? Vmsa.page(launch.vmm(), apEip, launch.vcpuSignature(), 0) : null;
        for (int i = 1; i < launch.vcpus(); i++) {
            md.update(ap);
        }
        return md.digest();
    }

    private static MessageDigest start(OvmfImage fw, SevHashesTable hashes) throws MalformedEvidenceException,
            MeasurementInputException {
        MessageDigest md = Digests.sha256();
        md.update(fw.bytes());
        if (hashes != null) {
            if (!fw.supportsHashTable()) {
                throw new MeasurementInputException(
                        "Kernel specified but OVMF doesn't support kernel/initrd/cmdline measurement");
            }
            md.update(hashes.padded());
        }
        return md;
    }
}
