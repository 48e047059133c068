package io.tee4j.snp.client;

import io.tee4j.core.AttestationException;
import io.tee4j.core.SecretBytes;
import io.tee4j.core.TeeUnavailableException;
import io.tee4j.core.keys.GuestKeySource;
import io.tee4j.core.keys.KeyBinding;
import io.tee4j.core.keys.KeyVersions;
import io.tee4j.snp.abi.AttestationReport;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Sealing keys from SNP firmware key derivation ({@code MSG_KEY_REQ}) for core's sealing SPI.
 *
 * <p>Bindings map to GUEST_FIELD_SELECT: {@link KeyBinding#POLICY} → guest policy (always mixed
 * in: a debug guest never derives a production guest's key), {@link KeyBinding#IMAGE_ID},
 * {@link KeyBinding#FAMILY_ID}, {@link KeyBinding#MEASUREMENT}, {@link KeyBinding#GUEST_SVN},
 * {@link KeyBinding#TCB_VERSION} and {@link KeyBinding#LAUNCH_MITIGATION_VECTOR} (message
 * version 2); {@link KeyBinding#PRIVILEGE_LEVEL} is the VMPL, which the firmware always mixes in.
 *
 * <p>Versions: {@code guest_svn}, {@code tcb_version} (raw u64, compared byte by byte since every
 * byte is one SPL in either layout) and, for version-5 guests, {@code launch_mit_vector}
 * (compared as a bit set, compared unsigned like every value). {@link #currentVersions()} reads
 * them from a fresh report (launch guest SVN, committed TCB, launch mitigation vector). Every key
 * is requested at the versions given (the recorded ones when unsealing), but under AMD's
 * field-select rules the firmware mixes the guest SVN and TCB version into the key <em>only</em>
 * when {@link KeyBinding#GUEST_SVN} / {@link KeyBinding#TCB_VERSION} are bound; unbound, they
 * are bounds the firmware checks, not inputs of the key. {@code io.tee4j.sealing.SealingPolicy}
 * therefore binds both by default, so a rolled-back platform derives another key; data sealed
 * without them is protected against rollback by the sealing library's version check alone.
 *
 * <p>The root key is the VMRK unless the source was made for the VCEK by name
 * ({@link #vcekRooted}); see {@link DerivedKeyRequest} for what that means.
 * {@link #rootKeyIsWorkloadSpecific()} is false for the VCEK (shared by the chip) and true for the
 * VMRK (held per guest by the firmware).
 *
 * @since 0.1
 */
public final class SnpSealingKeySource implements GuestKeySource {

    /** Reads the guest's current report (for its launch SVN, committed TCB and mitigation vector). */
    @FunctionalInterface
    public interface ReportSource {
        AttestationReport currentReport() throws AttestationException;
    }

    private final DerivedKeyFunction function;
    private final ReportSource reports;
    private final DerivedKeyRequest.RootKey rootKey;
    private final long vmpl;
    private final boolean simulated;

    private SnpSealingKeySource(DerivedKeyFunction function, ReportSource reports, DerivedKeyRequest.RootKey rootKey,
            long vmpl, boolean simulated) {
        this.function = Objects.requireNonNull(function, "function");
        this.reports = Objects.requireNonNull(reports, "reports");
        this.rootKey = rootKey;
        if (vmpl < 0 || vmpl > 3) {
            throw new IllegalArgumentException("VMPL must be in [0, 3]");
        }
        this.vmpl = vmpl;
        this.simulated = simulated;
    }

    /** VMRK-rooted keys at the given VMPL. */
    public static SnpSealingKeySource vmrkRooted(DerivedKeyFunction function, ReportSource reports, long vmpl) {
        return new SnpSealingKeySource(function, reports, DerivedKeyRequest.RootKey.VMRK, vmpl, false);
    }

    /** VCEK-rooted keys (chip-wide root; see {@link DerivedKeyRequest}) at the given VMPL. */
    public static SnpSealingKeySource vcekRooted(DerivedKeyFunction function, ReportSource reports, long vmpl) {
        return new SnpSealingKeySource(function, reports, DerivedKeyRequest.RootKey.VCEK, vmpl, false);
    }

    /** The same source marked as a simulator (sealing refuses it unless chosen by name). */
    public SnpSealingKeySource asSimulated() {
        return new SnpSealingKeySource(function, reports, rootKey, vmpl, true);
    }

    @Override
    public String id() {
        return rootKey == DerivedKeyRequest.RootKey.VMRK ? "sev-snp/vmrk" : "sev-snp/vcek";
    }

    @Override
    public boolean simulated() {
        return simulated;
    }

    @Override
    public boolean rootKeyIsWorkloadSpecific() {
        return rootKey == DerivedKeyRequest.RootKey.VMRK;
    }

    @Override
    public KeyVersions currentVersions() throws AttestationException {
        return versionsOf(reports.currentReport());
    }

    /** The versions a key derived on the guest of {@code report} would be bound to. */
    public static KeyVersions versionsOf(AttestationReport report) {
        Map<String, Long> m = new LinkedHashMap<>();
        m.put(GUEST_SVN, report.guestSvn());
        m.put(TCB_VERSION, report.committedTcb().raw());
        report.launchMitigationVector().ifPresent(v -> m.put(LAUNCH_MIT_VECTOR, v));
        return KeyVersions.of(m);
    }

    @Override
    public SecretBytes deriveKey(Set<KeyBinding> bindings, KeyVersions versions) throws AttestationException {
        Objects.requireNonNull(bindings, "bindings");
        Objects.requireNonNull(versions, "versions");
        KeyVersions current = currentVersions();
        if (!notAbove(versions, current)) {
            throw new TeeUnavailableException("the SNP firmware would refuse versions " + versions
                    + ": above the current " + current);
        }
        DerivedKeyRequest.Builder b = DerivedKeyRequest.builder().rootKey(rootKey).vmpl(vmpl)
                .guestSvn(versions.get(GUEST_SVN).getAsLong()).tcbVersion(versions.get(TCB_VERSION).getAsLong())
                .addGuestField(DerivedKeyRequest.GuestField.GUEST_POLICY);
        for (KeyBinding k : bindings) {
            switch (k) {
                case POLICY:
                case PRIVILEGE_LEVEL:
                    break;
                case MEASUREMENT:
                    b.addGuestField(DerivedKeyRequest.GuestField.MEASUREMENT);
                    break;
                case IMAGE_ID:
                    b.addGuestField(DerivedKeyRequest.GuestField.IMAGE_ID);
                    break;
                case FAMILY_ID:
                    b.addGuestField(DerivedKeyRequest.GuestField.FAMILY_ID);
                    break;
                case GUEST_SVN:
                    b.addGuestField(DerivedKeyRequest.GuestField.GUEST_SVN);
                    break;
                case TCB_VERSION:
                    b.addGuestField(DerivedKeyRequest.GuestField.TCB_VERSION);
                    break;
                case LAUNCH_MITIGATION_VECTOR:
                    if (versions.get(LAUNCH_MIT_VECTOR).isEmpty()) {
                        throw new TeeUnavailableException("binding the launch mitigation vector needs a version-5 "
                                + "guest (no launch_mit_vector version given)");
                    }
                    b.addGuestField(DerivedKeyRequest.GuestField.LAUNCH_MIT_VECTOR)
                            .launchMitVector(versions.get(LAUNCH_MIT_VECTOR).getAsLong());
                    break;
                default:
                    throw new TeeUnavailableException("the SNP key source cannot bind " + k);
            }
        }
        return function.deriveKey(b.build());
    }

    @Override
    public String toString() {
        return "SnpSealingKeySource[" + id() + ", vmpl " + vmpl + (simulated ? ", SIMULATED" : "") + "]";
    }
}
