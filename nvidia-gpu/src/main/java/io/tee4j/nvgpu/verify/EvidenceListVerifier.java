package io.tee4j.nvgpu.verify;

import io.tee4j.core.AttestationException;
import io.tee4j.core.Evidence;
import io.tee4j.core.MalformedEvidenceException;
import io.tee4j.core.PolicyViolation;
import io.tee4j.core.PolicyViolationException;
import io.tee4j.core.TeeType;
import io.tee4j.core.VerificationFailedException;
import io.tee4j.core.VerificationFailedException.Reason;
import io.tee4j.nvgpu.abi.CertificateNames;
import io.tee4j.nvgpu.abi.DeviceEvidence;
import io.tee4j.nvgpu.abi.ProtectedPcieFields;
import io.tee4j.nvgpu.validate.NvGpuPolicy;
import io.tee4j.nvgpu.validate.PpcieTopology;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Verifies NVIDIA's evidence list ({@link io.tee4j.nvgpu.abi.EvidenceList}): every GPU and NVSwitch entry on its
 * own with one {@link NvGpuVerifier} (signature, chain, FWID, nonce, revocation, RIMs), then the set:
 *
 * <ol>
 *   <li>each entry's declared {@code arch} must be the architecture recognised from its report and chain
 *       → malformed (exit 6);
 *   <li>all entries carry the same request nonce (one collection), each entry's {@code nonce} member is its
 *       report's, and no device (by its PDI) is presented twice → {@code BINDING};
 *   <li>{@code expectedGpuCount}, {@code expectedSwitchCount} and {@code requirePpcie} (every GPU reports
 *       protected-PCIe mode) → policy violations under those keys;
 *   <li>when any switch is presented or {@code requirePpcie} is set: the {@link PpcieTopology} check (no
 *       device twice, GPUs' switch PDIs equal the switches presented, every switch lists exactly the GPUs
 *       presented) → {@code BINDING}, listing what is missing or extra per device.
 * </ol>
 *
 * <p>The first failing entry fails the whole list with its own failure class, its message naming the device
 * ("device 2 (HOPPER GPU): ..."). Not verified: that the devices are attached to any particular CVM (see
 * the composite package's CompositeVerifier). Thread-safe when the {@link NvGpuVerifier} is.
 *
 * @since 0.2
 */
public final class EvidenceListVerifier {
    private final NvGpuVerifier verifier;

    public EvidenceListVerifier(NvGpuVerifier verifier) {
        this.verifier = Objects.requireNonNull(verifier, "verifier");
    }

    /** Verifies every entry and the set, as of {@code at}. */
    public EvidenceListResult verify(List<DeviceEvidence> devices, NvGpuPolicy policy, Instant at)
            throws AttestationException {
        Objects.requireNonNull(policy, "policy");
        if (devices.isEmpty()) {
            throw new MalformedEvidenceException("the NVIDIA evidence list holds no device");
        }
        List<NvGpuAttestationResult> results = new ArrayList<>();
        for (DeviceEvidence d : devices) {
            results.add(verifyOne(d, policy, at));
        }
        List<String> problems = new ArrayList<>(nonceProblems(results));
        boolean topologyChecked = results.stream().anyMatch(r -> r.architecture().isSwitch()) || policy.requirePpcie();
        problems.addAll(topologyProblems(results, topologyChecked));
        if (!problems.isEmpty()) {
            long switches = results.stream().filter(r -> r.architecture().isSwitch()).count();
            throw new VerificationFailedException(Reason.BINDING, "the devices do not form one system ("
                    + (results.size() - switches) + " GPUs, " + switches + " NVSwitches presented"
                    + (topologyChecked ? "; protected-PCIe topology check failed" : "") + "): "
                    + String.join("; ", problems));
        }
        checkCounts(results, policy);
        return new EvidenceListResult(results, topologyChecked, at);
    }

    private NvGpuAttestationResult verifyOne(DeviceEvidence d, NvGpuPolicy policy, Instant at)
            throws AttestationException {
        String label = "device " + d.index() + " (" + d.declaredArchitecture()
                + (d.declaredArchitecture().isSwitch() ? " NVSwitch)" : " GPU)");
        Evidence.Builder b = Evidence.builder(TeeType.NVIDIA_GPU, d.report());
        d.certificates().forEach(b::addCertificate);
        d.nonce().ifPresent(b::nonce);
        NvGpuAttestationResult r;
        try {
            r = verifier.verify(b.build(), policy, at);
        } catch (AttestationException e) {
            throw DeviceFailures.labelled(e, label);
        }
        if (r.architecture() != d.declaredArchitecture()) {
            throw new MalformedEvidenceException(label + ": the list says " + d.declaredArchitecture()
                    + " but the report and its certificates are " + r.architecture());
        }
        return r;
    }

    private static List<String> nonceProblems(List<NvGpuAttestationResult> results) {
        List<String> problems = new ArrayList<>();
        byte[] first = results.get(0).report().requestNonce();
        for (int i = 1; i < results.size(); i++) {
            if (!MessageDigest.isEqual(first, results.get(i).report().requestNonce())) {
                problems.add("device " + i + " was requested with another nonce than device 0 (the devices of one "
                        + "system are collected with one nonce)");
            }
        }
        return problems;
    }

    private static void checkCounts(List<NvGpuAttestationResult> results, NvGpuPolicy policy)
            throws PolicyViolationException {
        long switches = results.stream().filter(r -> r.architecture().isSwitch()).count();
        long gpus = results.size() - switches;
        List<PolicyViolation> v = new ArrayList<>();
        policy.expectedGpuCount().filter(n -> n != gpus).ifPresent(n -> v.add(new PolicyViolation(
                "expectedGpuCount", n + " GPUs expected, " + gpus + " presented")));
        policy.expectedSwitchCount().filter(n -> n != switches).ifPresent(n -> v.add(new PolicyViolation(
                "expectedSwitchCount", n + " NVSwitches expected, " + switches + " presented")));
        if (policy.requirePpcie()) {
            for (int i = 0; i < results.size(); i++) {
                NvGpuAttestationResult r = results.get(i);
                if (!r.architecture().isSwitch() && !ProtectedPcieFields.ppcieMode(r.report().opaqueData())) {
                    v.add(new PolicyViolation("requirePpcie", "device " + i + " (GPU) is not in protected-PCIe mode"));
                }
            }
        }
        if (!v.isEmpty()) {
            throw new PolicyViolationException(v);
        }
    }

    /** The whole topology check, or only its rule that no device is presented twice. */
    private static List<String> topologyProblems(List<NvGpuAttestationResult> results, boolean whole)
            throws AttestationException {
        List<PpcieTopology.Gpu> gpus = new ArrayList<>();
        List<PpcieTopology.NvSwitch> switches = new ArrayList<>();
        for (int i = 0; i < results.size(); i++) {
            NvGpuAttestationResult r = results.get(i);
            String label = "device " + i;
            String pdi = whole ? pdi(r, label) : identity(r);
            if (r.architecture().isSwitch()) {
                switches.add(new PpcieTopology.NvSwitch(label, pdi,
                        ProtectedPcieFields.switchGpuPdis(r.report().opaqueData())));
            } else {
                gpus.add(new PpcieTopology.Gpu(label, pdi, ProtectedPcieFields.gpuSwitchPdis(r.report().opaqueData())));
            }
        }
        return whole ? PpcieTopology.check(gpus, switches) : PpcieTopology.duplicates(gpus, switches);
    }

    /**
     * A device's identity for the duplicate rule outside PPCIe: its PDI where the BROM certificate names one (every
     * NVIDIA BROM does), else the BROM certificate's SHA-256 (one BROM certificate per device).
     */
    private static String identity(NvGpuAttestationResult r) throws AttestationException {
        X509Certificate brom = r.deviceChain().get(1);
        java.util.Optional<String> pdi = ProtectedPcieFields.pdiFromBromSerial(CertificateNames.serialNumber(brom),
                r.architecture().isSwitch());
        if (pdi.isPresent()) {
            return pdi.get();
        }
        try {
            return "BROM sha256:" + java.util.HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(brom.getEncoded()), 0, 8);
        } catch (java.security.GeneralSecurityException e) {
            throw new VerificationFailedException(Reason.CERTIFICATE_CHAIN, "the BROM certificate does not encode", e);
        }
    }

    /** A device's PDI: a switch's signed DEVICE_PDI, which must match its BROM serial; a GPU's from its BROM serial. */
    private static String pdi(NvGpuAttestationResult r, String label) throws AttestationException {
        X509Certificate brom = r.deviceChain().get(1);
        String serial = CertificateNames.serialNumber(brom);
        String fromCert = ProtectedPcieFields.pdiFromBromSerial(serial, r.architecture().isSwitch()).orElseThrow(() ->
                new VerificationFailedException(Reason.BINDING, label + ": the BROM certificate's serialNumber '"
                        + serial + "' does not name a device PDI"));
        if (r.architecture().isSwitch()) {
            String reported = ProtectedPcieFields.switchDevicePdi(r.report().opaqueData());
            if (!reported.equals(fromCert)) {
                throw new VerificationFailedException(Reason.BINDING, label + ": the NVSwitch reports PDI " + reported
                        + " but its BROM certificate names " + fromCert);
            }
        }
        return fromCert;
    }
}
