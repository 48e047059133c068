package io.tee4j.atls;

import io.tee4j.atls.cert.EvidenceFormat;
import io.tee4j.atls.cert.Freshness;
import io.tee4j.core.AttestationResult;
import java.security.cert.X509Certificate;
import java.util.Objects;

/**
 * The attested peer of a handshake that succeeded: the verifier's result for its evidence, the
 * convention its certificate followed and what made the evidence fresh. Read it after the
 * handshake with {@link AttestedTls#peer(javax.net.ssl.SSLSession)}.
 *
 * @param result the verified claims, as the TEE's verifier returned them
 * @param format the certificate's convention
 * @param freshness {@link Freshness#CLIENT_NONCE} when this handshake's nonce bound the evidence
 *     (also for conventions that do not repeat it), {@link Freshness#TIME_WINDOW} otherwise
 * @param certificate the peer's leaf certificate
 */
public record AttestedPeer(AttestationResult result, EvidenceFormat format, Freshness freshness,
        X509Certificate certificate) {
    public AttestedPeer {
        Objects.requireNonNull(result, "result");
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(freshness, "freshness");
        Objects.requireNonNull(certificate, "certificate");
    }
}
