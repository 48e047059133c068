package io.tee4j.cca.validate;

import io.tee4j.cca.abi.SecurityLifecycle;
import io.tee4j.core.NamedReferenceValues;
import io.tee4j.core.Policy;
import io.tee4j.core.PolicyDocument;
import io.tee4j.core.PolicyFormatException;
import io.tee4j.core.TeeType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What a relying party requires of an authentic CCA token. Immutable; build with {@link #builder()}
 * or read from a JSON policy with {@link #fromDocument(PolicyDocument)}.
 *
 * <p>Defaults (secure):
 * <ul>
 *   <li><b>Lifecycle</b>: only {@link SecurityLifecycle.State#SECURED} is accepted. Every debug state
 *       ({@code NON_CCA_PLATFORM_ROT_DEBUG}: the RMM's domain can be debugged;
 *       {@code RECOVERABLE_CCA_PLATFORM_ROT_DEBUG}: the root world can be), every pre-production
 *       state (unknown, assembly and test, RoT provisioning) and {@code DECOMMISSIONED} are rejected
 *       unless listed in {@link Builder#allowLifecycleStates}.
 *   <li><b>Challenge</b>: when an expected challenge is set, the realm challenge must equal it. A
 *       challenge shorter than 64 bytes is zero-padded on the right to 64 bytes, as the Linux
 *       {@code arm-cca-guest} driver pads what is written to {@code inblob}; longer is refused. When
 *       none is set, the result carries a warning that freshness was not established.
 *   <li><b>Reference values</b>: a claim that differs from its reference always fails; a claim with
 *       no reference is a warning, or a failure with {@link Builder#requireReferenceValues(boolean)}.
 *   <li>Optional exact checks, off by default: allowed realm initial measurements, expected
 *       personalization value.
 * </ul>
 *
 * <p>JSON keys ({@link #fromDocument}): {@code expectedChallenge} (hex, up to 64 bytes),
 * {@code allowedLifecycleStates} (state names, e.g. {@code ["SECURED"]}),
 * {@code requireReferenceValues} (boolean), {@code allowedInitialMeasurements} (hex list),
 * {@code expectedPersonalizationValue} (hex, 64 bytes), {@code referenceManifest} (list of
 * {@code {name, rim}}). Unknown keys and empty lists are refused.
 *
 * @since 0.1
 */
public final class CcaPolicy implements Policy {
    /** The length of the realm challenge. */
    public static final int CHALLENGE_BYTES = 64;
    /**
     * Every key of the policy JSON (the rule registry): the reader accepts exactly these, the
     * README lists exactly these, and a violation's rule id is one of them.
     */
    public static final List<String> KEYS = List.of("expectedChallenge", "allowedLifecycleStates",
            "requireReferenceValues", "allowedInitialMeasurements", "expectedPersonalizationValue",
            "referenceManifest");

    private final byte[] expectedChallenge;
    private final Set<SecurityLifecycle.State> allowedLifecycleStates;
    private final boolean requireReferenceValues;
    private final List<byte[]> allowedInitialMeasurements;
    private final NamedReferenceValues referenceManifest;
    private final byte[] expectedPersonalizationValue;

    private CcaPolicy(Builder b) {
        this.expectedChallenge = b.expectedChallenge;
        this.allowedLifecycleStates = Collections.unmodifiableSet(EnumSet.copyOf(b.allowedLifecycleStates));
        this.requireReferenceValues = b.requireReferenceValues;
        List<byte[]> rims = new ArrayList<>();
        b.allowedInitialMeasurements.forEach(m -> rims.add(m.clone()));
        this.allowedInitialMeasurements = List.copyOf(rims);
        this.referenceManifest = b.referenceManifest;
        this.expectedPersonalizationValue = b.expectedPersonalizationValue;
    }

    /** The default policy (see the class comment). */
    public static CcaPolicy defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Reads a policy from a JSON policy document; unknown keys are refused. */
    public static CcaPolicy fromDocument(PolicyDocument doc) throws PolicyFormatException {
        Objects.requireNonNull(doc, "doc");
        doc.refuseUnknown(KEYS);
        Builder b = builder();
        Optional<byte[]> challenge = doc.hex("expectedChallenge", -1);
        if (challenge.isPresent()) {
            if (challenge.get().length == 0 || challenge.get().length > CHALLENGE_BYTES) {
                throw doc.invalid("expectedChallenge", "expected 1 to 64 bytes, got " + challenge.get().length);
            }
            b.expectedChallenge(challenge.get());
        }
        if (doc.has("allowedLifecycleStates")) {
            List<SecurityLifecycle.State> states = new ArrayList<>();
            for (String s : doc.strings("allowedLifecycleStates")) {
                try {
                    states.add(SecurityLifecycle.State.valueOf(s.toUpperCase(Locale.ROOT)));
                } catch (IllegalArgumentException e) {
                    throw doc.invalid("allowedLifecycleStates", "unknown state \"" + s + "\"; known: "
                            + Arrays.toString(SecurityLifecycle.State.values()));
                }
            }
            if (states.isEmpty()) {
                throw doc.invalid("allowedLifecycleStates", "must name at least one state");
            }
            b.allowLifecycleStates(states.toArray(new SecurityLifecycle.State[0]));
        }
        doc.bool("requireReferenceValues").ifPresent(b::requireReferenceValues);
        List<byte[]> rims = doc.hexList("allowedInitialMeasurements", -1);
        if (rims.isEmpty() && doc.has("allowedInitialMeasurements")) {
            // An empty list would silently mean "any measurement": one rule for every list key, empty is an error.
            throw doc.invalid("allowedInitialMeasurements", "an empty list is not allowed; leave the key out to"
                    + " accept any initial measurement");
        }
        for (byte[] rim : rims) {
            if (rim.length != 32 && rim.length != 48 && rim.length != 64) {
                throw doc.invalid("allowedInitialMeasurements", "each measurement must be 32, 48 or 64 bytes");
            }
            b.allowInitialMeasurement(rim);
        }
        doc.hex("expectedPersonalizationValue", 64).ifPresent(b::expectedPersonalizationValue);
        b.referenceManifest(readReferenceManifest(doc));
        doc.finish();
        return b.build();
    }

    /** {@code referenceManifest}: named RIMs a reference manifest derives, each 32, 48 or 64 bytes. */
    private static NamedReferenceValues readReferenceManifest(PolicyDocument doc) throws PolicyFormatException {
        NamedReferenceValues v = NamedReferenceValues.read(doc, "referenceManifest", Map.of("rim", -1), Set.of("rim"));
        for (NamedReferenceValues.Entry e : v.entries()) {
            int n = e.registers().get("rim").length;
            if (n != 32 && n != 48 && n != 64) {
                throw doc.invalid("referenceManifest", "entry '" + e.name() + "': a RIM is 32, 48 or 64 bytes");
            }
        }
        return v;
    }

    /** Named RIMs of a reference manifest; the realm's RIM must be one entry's when there are any. */
    public NamedReferenceValues referenceManifest() {
        return referenceManifest;
    }

    @Override
    public TeeType type() {
        return TeeType.CCA;
    }

    /** The expected realm challenge, zero-padded to 64 bytes; empty when freshness is not checked. */
    public Optional<byte[]> expectedChallenge() {
        return Optional.ofNullable(expectedChallenge).map(byte[]::clone);
    }

    /** The value without copying, for tee4j's verifier; callers must not modify it. */
    public byte[] expectedChallengeUnsafe() {
        return expectedChallenge;
    }

    public Set<SecurityLifecycle.State> allowedLifecycleStates() {
        return allowedLifecycleStates;
    }

    public boolean requireReferenceValues() {
        return requireReferenceValues;
    }

    /** Allowed realm initial measurements; empty means not checked. Copies. */
    public List<byte[]> allowedInitialMeasurements() {
        List<byte[]> out = new ArrayList<>();
        allowedInitialMeasurements.forEach(m -> out.add(m.clone()));
        return out;
    }

    public Optional<byte[]> expectedPersonalizationValue() {
        return Optional.ofNullable(expectedPersonalizationValue).map(byte[]::clone);
    }

    @Override
    public String toString() {
        return "CcaPolicy[challenge " + (expectedChallenge == null ? "not checked" : "checked") + ", lifecycle "
                + allowedLifecycleStates + ", requireReferenceValues " + requireReferenceValues + ", "
                + allowedInitialMeasurements.size() + " allowed RIMs, RPV "
                + (expectedPersonalizationValue == null ? "not checked" : "checked") + "]";
    }

    /** Builds {@link CcaPolicy}. */
    public static final class Builder {
        private byte[] expectedChallenge;
        private Set<SecurityLifecycle.State> allowedLifecycleStates = EnumSet.of(SecurityLifecycle.State.SECURED);
        private boolean requireReferenceValues;
        private final List<byte[]> allowedInitialMeasurements = new ArrayList<>();
        private NamedReferenceValues referenceManifest = NamedReferenceValues.none();
        private byte[] expectedPersonalizationValue;

        private Builder() {
        }

        /**
         * The nonce the token must carry as its realm challenge: 1 to 64 bytes, zero-padded on the
         * right to 64 bytes.
         */
        public Builder expectedChallenge(byte[] challenge) {
            Objects.requireNonNull(challenge, "challenge");
            if (challenge.length == 0 || challenge.length > CHALLENGE_BYTES) {
                throw new IllegalArgumentException("a CCA challenge has 1 to 64 bytes, got " + challenge.length);
            }
            this.expectedChallenge = Arrays.copyOf(challenge, CHALLENGE_BYTES);
            return this;
        }

        /** Replaces the accepted lifecycle states (default: {@code SECURED} only). */
        public Builder allowLifecycleStates(SecurityLifecycle.State... states) {
            if (states.length == 0) {
                throw new IllegalArgumentException("at least one lifecycle state must be allowed");
            }
            this.allowedLifecycleStates = EnumSet.copyOf(Arrays.asList(states));
            return this;
        }

        /** Whether a claim without a reference value fails verification (default false: a warning). */
        public Builder requireReferenceValues(boolean require) {
            this.requireReferenceValues = require;
            return this;
        }

        /** Adds an allowed realm initial measurement; once any is added, the RIM must be one of them. */
        public Builder referenceManifest(NamedReferenceValues entries) {
            this.referenceManifest = Objects.requireNonNull(entries, "entries").requireEvery("rim", -1);
            return this;
        }

        public Builder allowInitialMeasurement(byte[] rim) {
            allowedInitialMeasurements.add(Objects.requireNonNull(rim, "rim").clone());
            return this;
        }

        /** The realm personalization value the token must carry (64 bytes). */
        public Builder expectedPersonalizationValue(byte[] rpv) {
            Objects.requireNonNull(rpv, "rpv");
            if (rpv.length != 64) {
                throw new IllegalArgumentException("a realm personalization value has 64 bytes, got " + rpv.length);
            }
            this.expectedPersonalizationValue = rpv.clone();
            return this;
        }

        public CcaPolicy build() {
            return new CcaPolicy(this);
        }
    }
}
