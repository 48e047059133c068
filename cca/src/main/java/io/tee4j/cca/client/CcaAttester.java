package io.tee4j.cca.client;

import io.tee4j.cca.abi.CcaToken;
import io.tee4j.cca.validate.CcaPolicy;
import io.tee4j.core.AttestationException;
import io.tee4j.core.Attester;
import io.tee4j.core.Evidence;
import io.tee4j.core.TeeType;
import io.tee4j.core.linux.TsmReport;
import io.tee4j.core.linux.TsmReportClient;
import io.tee4j.core.linux.TsmRequest;
import java.util.Arrays;
import java.util.Objects;

/**
 * Gets CCA attestation tokens inside a realm through Linux configfs-tsm (provider
 * {@code arm_cca_guest}, the {@code arm-cca-guest} driver, Linux 6.13+): the challenge is written to
 * {@code inblob}, the token (tag 907 or 399, whatever the RMM emits) read from {@code outblob}.
 *
 * <p>The challenge (1 to 64 bytes) is zero-padded to 64 bytes before it is written, so the token's
 * realm challenge equals what {@link CcaPolicy.Builder#expectedChallenge(byte[])} pads the same
 * nonce to. The provider must be {@code arm_cca_guest}; the token read back is decoded (not
 * verified) before it is returned, so a garbled outblob fails here with
 * {@link io.tee4j.core.MalformedEvidenceException}. Failures of the tree
 * ({@link io.tee4j.core.linux.TsmException}, a {@link io.tee4j.core.TeeUnavailableException}) name
 * what to do. Thread-safe.
 *
 * @since 0.1
 */
public final class CcaAttester implements Attester {
    private final TsmReportClient client;

    private CcaAttester(TsmReportClient client) {
        this.client = client;
    }

    /** An attester on the system's {@code /sys/kernel/config/tsm/report}. */
    public static CcaAttester system() {
        return new CcaAttester(TsmReportClient.system());
    }

    /** An attester on the given client (another root, a fake tree in tests). */
    public static CcaAttester using(TsmReportClient client) {
        return new CcaAttester(Objects.requireNonNull(client, "client"));
    }

    @Override
    public TeeType type() {
        return TeeType.CCA;
    }

    /**
     * A token whose realm challenge is {@code reportData} zero-padded to 64 bytes.
     *
     * @throws IllegalArgumentException when {@code reportData} is empty or longer than 64 bytes
     */
    @Override
    public Evidence attest(byte[] reportData) throws AttestationException {
        Objects.requireNonNull(reportData, "reportData");
        if (reportData.length == 0 || reportData.length > CcaPolicy.CHALLENGE_BYTES) {
            throw new IllegalArgumentException("a CCA challenge has 1 to 64 bytes, got " + reportData.length);
        }
        byte[] challenge = Arrays.copyOf(reportData, CcaPolicy.CHALLENGE_BYTES);
        TsmReport report = client.getReport(TsmRequest.builder(challenge)
                .expectedProvider(TsmRequest.PROVIDER_ARM_CCA_GUEST).build());
        byte[] token = report.outblob();
        CcaToken.decode(token);
        return Evidence.of(TeeType.CCA, token);
    }

    @Override
    public String toString() {
        return "CcaAttester[" + client + "]";
    }
}
