package io.tee4j.core;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The claims every TEE can answer, in one shape: the report data bound into the evidence, the
 * measurements (named as the TEE names them: {@code measurement} for SNP, {@code mrtd} and
 * {@code rtmr0..3} for TDX, {@code rim} and {@code rem0..3} for CCA, ...), whether the TEE runs in
 * debug mode, the TCB status and a platform identity (chip id, PCK platform, instance id, GPU
 * identity). Backend-specific fields are in the backend's own result type.
 *
 * @since 0.1
 */
public final class CommonClaims {
    private final TeeType tee;
    private final byte[] reportData;
    private final Map<String, byte[]> measurements;
    private final boolean debug;
    private final TcbStatus tcbStatus;
    private final String platformId;

    private CommonClaims(Builder b) {
        this.tee = Objects.requireNonNull(b.tee, "tee");
        this.reportData = b.reportData == null ? new byte[0] : b.reportData.clone();
        Map<String, byte[]> m = new LinkedHashMap<>();
        b.measurements.forEach((k, v) -> m.put(k, v.clone()));
        this.measurements = Collections.unmodifiableMap(m);
        this.debug = b.debug;
        this.tcbStatus = Objects.requireNonNull(b.tcbStatus, "tcbStatus");
        this.platformId = b.platformId;
    }

    public static Builder builder(TeeType tee) {
        return new Builder(tee);
    }

    public TeeType tee() {
        return tee;
    }

    /** A copy of the report data (SNP, TDX), challenge (CCA realm) or nonce (GPU). */
    public byte[] reportData() {
        return reportData.clone();
    }

    /** Named measurements, in the TEE's order; the arrays are copies. */
    public Map<String, byte[]> measurements() {
        Map<String, byte[]> m = new LinkedHashMap<>();
        measurements.forEach((k, v) -> m.put(k, v.clone()));
        return m;
    }

    /** Whether the TEE reports debug mode (memory readable by the host). */
    public boolean debug() {
        return debug;
    }

    public TcbStatus tcbStatus() {
        return tcbStatus;
    }

    /** A stable identity of the platform, when the evidence carries one. */
    public Optional<String> platformId() {
        return Optional.ofNullable(platformId);
    }

    /** Builds {@link CommonClaims}. */
    public static final class Builder {
        private final TeeType tee;
        private byte[] reportData;
        private final Map<String, byte[]> measurements = new LinkedHashMap<>();
        private boolean debug;
        private TcbStatus tcbStatus = TcbStatus.NOT_EVALUATED;
        private String platformId;

        private Builder(TeeType tee) {
            this.tee = Objects.requireNonNull(tee, "tee");
        }

        public Builder reportData(byte[] reportData) {
            this.reportData = Objects.requireNonNull(reportData, "reportData").clone();
            return this;
        }

        public Builder measurement(String name, byte[] value) {
            measurements.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value").clone());
            return this;
        }

        public Builder debug(boolean debug) {
            this.debug = debug;
            return this;
        }

        public Builder tcbStatus(TcbStatus status) {
            this.tcbStatus = Objects.requireNonNull(status, "status");
            return this;
        }

        public Builder platformId(String platformId) {
            this.platformId = platformId;
            return this;
        }

        public CommonClaims build() {
            return new CommonClaims(this);
        }
    }
}
