package io.tee4j.envelope;

import io.tee4j.core.AttestationResult;
import io.tee4j.core.Claims;
import io.tee4j.core.CommonClaims;
import io.tee4j.core.TcbStatus;
import io.tee4j.core.TeeType;
import io.tee4j.core.TrustAnchors;
import io.tee4j.core.VerificationInfo;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Test vectors of this module (see src/test/resources/io/tee4j/envelope/PROVENANCE.md) and a result stub. */
final class Resources {
    private Resources() {
    }

    static byte[] bytes(String name) {
        try (InputStream in = Resources.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalArgumentException("no test resource " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String text(String name) {
        return new String(bytes(name), java.nio.charset.StandardCharsets.UTF_8);
    }

    /** A verified-looking result with the given report data and measurements, for binding checks alone. */
    static AttestationResult result(TeeType tee, byte[] reportData, Map<String, byte[]> measurements) {
        CommonClaims.Builder b = CommonClaims.builder(tee).reportData(reportData);
        measurements.forEach(b::measurement);
        CommonClaims common = b.build();
        return new AttestationResult() {
            @Override
            public TeeType tee() {
                return tee;
            }

            @Override
            public CommonClaims commonClaims() {
                return common;
            }

            @Override
            public Claims claims() {
                return Claims.builder().build();
            }

            @Override
            public VerificationInfo verification() {
                return new VerificationInfo(Instant.EPOCH, TrustAnchors.Origin.EXPLICIT, false, TcbStatus.NOT_EVALUATED,
                        List.of());
            }
        };
    }
}
