package io.tee4j.se.verify;

import io.tee4j.core.TrustAnchors;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Verifies host-key documents before a request is built for them, as s390-tools'
 * {@code CertVerifier} does offline: among the given certificates find exactly one IBM Z host-key
 * signing key (by subject, {@link IbmSigningKeys}), validate it to a trust anchor with a valid CRL
 * for every link ({@link SigningKeyChain}), then check each HKD against it ({@link HkdChecks}:
 * key type, validity, key ids, signature, CRLs with IBM's issuer-name fix-ups).
 *
 * <p>Classes: a rejected HKD or signing key, {@link HkdRejectedException} (3, with its
 * {@link HkdProblem}); no valid CRL, {@link HkdRevocationUnavailableException} (4). Not done: CRL
 * download from distribution points (give the CRLs), key-usage or EKU checks (not seen on real
 * documents, see the research note), and anything about the response: that is {@link SeVerifier}.
 *
 * @since 0.3
 */
public final class HkdVerifier {
    private final TrustAnchors anchors;
    private final List<X509Certificate> certificates;
    private final List<X509CRL> crls;
    private final Clock clock;

    private HkdVerifier(TrustAnchors anchors, List<X509Certificate> certificates, List<X509CRL> crls, Clock clock) {
        this.anchors = Objects.requireNonNull(anchors, "anchors");
        this.certificates = List.copyOf(certificates);
        this.crls = List.copyOf(crls);
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * A verifier for HKDs signed by the IBM key among {@code certificates} (the signing key and the
     * intermediates), with {@code crls} for the HKDs and every chain link.
     */
    public static HkdVerifier of(TrustAnchors anchors, List<X509Certificate> certificates, List<X509CRL> crls, Clock clock) {
        return new HkdVerifier(anchors, certificates, crls, clock);
    }

    /** Verifies every HKD; all must pass. */
    public List<VerifiedHkd> verify(List<X509Certificate> hkds) throws HkdRejectedException, HkdRevocationUnavailableException {
        if (hkds.isEmpty()) {
            throw new HkdRejectedException(HkdProblem.NOT_A_HOST_KEY, "no host-key document given");
        }
        X509Certificate signingKey = signingKey();
        SigningKeyChain.validate(signingKey, certificates, anchors, crls, clock.instant());
        List<VerifiedHkd> out = new ArrayList<>();
        for (X509Certificate hkd : hkds) {
            out.add(HkdChecks.check(hkd, signingKey, crls, clock.instant()));
        }
        return out;
    }

    private X509Certificate signingKey() throws HkdRejectedException {
        List<X509Certificate> keys = certificates.stream().filter(IbmSigningKeys::isSigningKey).distinct().toList();
        if (keys.size() != 1) {
            throw new HkdRejectedException(HkdProblem.NO_SIGNING_KEY, keys.size()
                    + " IBM Z host-key signing keys among the given certificates; exactly one is needed");
        }
        return keys.get(0);
    }
}
