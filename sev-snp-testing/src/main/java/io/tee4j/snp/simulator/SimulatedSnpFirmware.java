package io.tee4j.snp.simulator;

import io.tee4j.core.MalformedEvidenceException;
import io.tee4j.core.SecretAccess;
import io.tee4j.core.SecretBytes;
import io.tee4j.core.TeeUnavailableException;
import io.tee4j.snp.abi.AttestationReport;
import io.tee4j.snp.client.DerivedKeyFunction;
import io.tee4j.snp.client.DerivedKeyRequest;
import io.tee4j.testing.LittleEndian;
import java.io.ByteArrayOutputStream;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Objects;
import java.util.function.Consumer;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A fake AMD secure processor for one guest: it answers report requests (signed by a
 * {@link SimulatedSnpSigner}, with the guest's fixed launch state) and derived-key requests,
 * enforcing the firmware's rules: VMPL 0..3 and not below the guest's VMPL, guest SVN not above
 * the launch SVN, TCB not above the committed TCB (each SPL), mitigation vector bits within the
 * launch vector, reserved bits zero. A refusal is {@link TeeUnavailableException} naming the
 * firmware status it stands for (INVALID_PARAM, 0x16).
 *
 * <p>Derived keys are HMAC-SHA-384 (first 32 bytes) under a per-chip secret (VCEK root) or a
 * per-guest secret (VMRK root) over the VMPL, the field-select mask and exactly the fields it
 * selects, so they behave like the real ones: same request, same key; any selected field
 * different, another key; a field that is not selected (the guest SVN or TCB version of the
 * request included) has no effect on the key. The request's bounds (VMPL, guest SVN, TCB,
 * mitigation vector) are checked whether or not the field is selected: the ABI states them
 * without reference to the select bits, and this is the stricter reading.
 *
 * <p><b>Simulation only.</b>
 *
 * @since 0.1
 */
public final class SimulatedSnpFirmware implements DerivedKeyFunction {
    /** The firmware status for a refused parameter. */
    public static final int FW_INVALID_PARAM = 0x16;

    private final SimulatedSnpSigner signer;
    private final Consumer<SimulatedSnpSigner.ReportBuilder> launchState;
    private final long guestVmpl;
    private final byte[] chipSecret;
    private final byte[] vmSecret;

    private SimulatedSnpFirmware(SimulatedSnpSigner signer, Consumer<SimulatedSnpSigner.ReportBuilder> launchState,
            long guestVmpl, byte[] chipSecret, byte[] vmSecret) {
        this.signer = signer;
        this.launchState = launchState;
        this.guestVmpl = guestVmpl;
        this.chipSecret = chipSecret;
        this.vmSecret = vmSecret;
    }

    /**
     * A fake firmware for a guest whose launch state (policy, measurement, SVN, ids, version...)
     * {@code launchState} sets on a report builder; the guest runs at {@code guestVmpl}.
     */
    public static SimulatedSnpFirmware of(SimulatedSnpSigner signer, Consumer<SimulatedSnpSigner.ReportBuilder> launchState,
            long guestVmpl) {
        SecureRandom r = new SecureRandom();
        byte[] chip = new byte[32];
        byte[] vm = new byte[32];
        r.nextBytes(chip);
        r.nextBytes(vm);
        return of(signer, launchState, guestVmpl, chip, vm);
    }

    /** As {@link #of(SimulatedSnpSigner, Consumer, long)} with fixed root secrets (reproducible keys). */
    public static SimulatedSnpFirmware of(SimulatedSnpSigner signer, Consumer<SimulatedSnpSigner.ReportBuilder> launchState,
            long guestVmpl, byte[] chipSecret, byte[] vmSecret) {
        Objects.requireNonNull(signer, "signer");
        Objects.requireNonNull(launchState, "launchState");
        if (guestVmpl < 0 || guestVmpl > 3) {
            throw new IllegalArgumentException("VMPL 0..3");
        }
        return new SimulatedSnpFirmware(signer, launchState, guestVmpl, chipSecret.clone(), vmSecret.clone());
    }

    public SimulatedSnpSigner signer() {
        return signer;
    }

    /** The VMPL the guest runs at. */
    public long guestVmpl() {
        return guestVmpl;
    }

    /** The guest's report as the firmware would sign it (report data and VMPL as requested). */
    public byte[] report(byte[] reportData, long vmpl) throws TeeUnavailableException {
        if (reportData.length != 64) {
            throw refuse("report data must be 64 bytes");
        }
        if (vmpl < guestVmpl || vmpl > 3) {
            throw refuse("VMPL " + vmpl + " is below the guest's VMPL " + guestVmpl + " or above 3");
        }
        SimulatedSnpSigner.ReportBuilder b = signer.report();
        launchState.accept(b);
        return b.reportData(reportData).vmpl(vmpl).sign();
    }

    private AttestationReport launchReport() {
        SimulatedSnpSigner.ReportBuilder b = signer.report();
        launchState.accept(b);
        try {
            return AttestationReport.parse(b.vmpl(guestVmpl).sign(), signer.chain().product());
        } catch (MalformedEvidenceException e) {
            throw new IllegalStateException("the simulated launch state does not make a valid report", e);
        }
    }

    @Override
    public SecretBytes deriveKey(DerivedKeyRequest request) throws TeeUnavailableException {
        Objects.requireNonNull(request, "request");
        AttestationReport g = launchReport();
        if (request.vmpl() < guestVmpl) {
            throw refuse("VMPL " + request.vmpl() + " is below the guest's VMPL " + guestVmpl);
        }
        if (request.guestSvn() > g.guestSvn()) {
            throw refuse("guest SVN " + request.guestSvn() + " is above the launch SVN " + g.guestSvn());
        }
        long committed = g.committedTcb().raw();
        for (int i = 0; i < 8; i++) {
            if ((request.tcbVersion() >>> (8 * i) & 0xFF) > (committed >>> (8 * i) & 0xFF)) {
                throw refuse(String.format("TCB 0x%016x is above the committed TCB 0x%016x", request.tcbVersion(),
                        committed));
            }
        }
        if (request.messageVersion() == 2) {
            long launch = g.launchMitigationVector().orElse(0);
            if ((request.launchMitVector() & ~launch) != 0) {
                throw refuse("launch mitigation vector bits not in the guest's launch vector");
            }
        }
        byte[] msg = keyDerivationInput(request, g);
        byte[] root = request.rootKey() == DerivedKeyRequest.RootKey.VCEK ? chipSecret : vmSecret;
        try {
            Mac mac = Mac.getInstance("HmacSHA384");
            mac.init(new SecretKeySpec(root, "HmacSHA384"));
            mac.update(msg);
            byte[] full = mac.doFinal();
            byte[] key = Arrays.copyOf(full, 32);
            Arrays.fill(full, (byte) 0);
            try {
                return SecretBytes.copyOf(key, SecretAccess.INSECURE);
            } finally {
                Arrays.fill(key, (byte) 0);
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA-384 is required of every Java platform", e);
        }
    }

    /**
     * What the key is derived over, as AMD's field-select rules say: the VMPL always, the
     * GUEST_FIELD_SELECT mask itself, then exactly the selected fields, in bit order: the
     * guest's policy, image id, family id and measurement from its launch state; the guest SVN,
     * TCB version and launch mitigation vector as the request gives them. A value whose bit is
     * clear is not mixed in, so changing it does not change the key (as on hardware). The
     * root-key selector picks the secret and the message version is not part of the key.
     */
    private static byte[] keyDerivationInput(DerivedKeyRequest request, AttestationReport g) {
        ByteArrayOutputStream msg = new ByteArrayOutputStream(128);
        byte[] word = new byte[8];
        LittleEndian.putU32(word, 0, request.vmpl());
        msg.write(word, 0, 4);
        LittleEndian.putU64(word, 0, request.guestFieldSelect());
        msg.write(word, 0, 8);
        for (DerivedKeyRequest.GuestField f : DerivedKeyRequest.GuestField.values()) {
            if (!request.guestFields().contains(f)) {
                continue;
            }
            switch (f) {
                case GUEST_POLICY:
                    LittleEndian.putU64(word, 0, g.policy().raw());
                    msg.write(word, 0, 8);
                    break;
                case IMAGE_ID:
                    msg.writeBytes(g.imageId());
                    break;
                case FAMILY_ID:
                    msg.writeBytes(g.familyId());
                    break;
                case MEASUREMENT:
                    msg.writeBytes(g.measurement());
                    break;
                case GUEST_SVN:
                    LittleEndian.putU32(word, 0, request.guestSvn());
                    msg.write(word, 0, 4);
                    break;
                case TCB_VERSION:
                    LittleEndian.putU64(word, 0, request.tcbVersion());
                    msg.write(word, 0, 8);
                    break;
                case LAUNCH_MIT_VECTOR:
                    LittleEndian.putU64(word, 0, request.launchMitVector());
                    msg.write(word, 0, 8);
                    break;
                default:
                    throw new IllegalStateException("unhandled guest field " + f);
            }
        }
        return msg.toByteArray();
    }

    private static TeeUnavailableException refuse(String why) {
        return new TeeUnavailableException("simulated SNP firmware refused the request (status INVALID_PARAM 0x16): "
                + why);
    }

    @Override
    public String toString() {
        return "SimulatedSnpFirmware[" + signer + ", vmpl " + guestVmpl + "]";
    }
}
