package io.tee4j.se.verify;

import io.tee4j.core.AttestationException;
import io.tee4j.core.MalformedEvidenceException;
import io.tee4j.core.PolicyViolation;
import io.tee4j.core.PolicyViolationException;
import io.tee4j.core.SecretBytes;
import io.tee4j.core.VerificationFailedException;
import io.tee4j.se.abi.AdditionalData;
import io.tee4j.se.abi.Arcb;
import io.tee4j.se.abi.ExchangeFile;
import io.tee4j.se.abi.HeaderTags;
import io.tee4j.se.abi.Keyslot;
import io.tee4j.se.validate.SePolicy;
import io.tee4j.se.validate.SePolicyRules;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Verifies an Ultravisor response (a pvattest exchange file) as a short pipeline: parse the
 * response, bind it to the request the caller built (when given), decrypt the request with the
 * ARPK ({@link ArcbDecryption}), find the allowed image whose header tags reproduce the measurement
 * ({@link MeasurementCheck}), split the additional data by the request's flags, then apply the
 * {@link SePolicy} ({@link SePolicyRules}). Thread-safe and stateless.
 *
 * <p>Failure classes: malformed response or short additional data, 6; wrong ARPK or changed
 * request ({@link ArcbAuthenticationException}) and measurement mismatch
 * ({@link MeasurementMismatchException}), 2; a response whose ARCB is not the caller's request, 2;
 * policy, 5. Not verified here: the host-key documents (they were checked when the request was
 * built, see {@link HkdVerifier}), and freshness beyond the caller using each ARPK once.
 *
 * @since 0.3
 */
public final class SeVerifier {
    private final Clock clock;

    public SeVerifier(Clock clock) {
        this.clock = clock;
    }

    /**
     * Verifies {@code response}. {@code request} is the exchange file or raw ARCB the caller
     * built ({@code null} to skip the binding); the images allowed are {@code headerTags} plus the
     * policy's own.
     */
    public SeAttestationResult verify(byte[] response, byte[] request, SecretBytes arpk, List<HeaderTags> headerTags,
            SePolicy policy) throws AttestationException {
        ExchangeFile file = ExchangeFile.parse(response).requireResponse();
        byte[] arcbBytes = file.arcb();
        if (request != null) {
            requireSameRequest(arcbBytes, request);
        }
        DecryptedArcb decrypted = ArcbDecryption.decrypt(Arcb.parse(arcbBytes), arpk);
        List<HeaderTags> candidates = new ArrayList<>(headerTags);
        candidates.addAll(policy.headerTags());
        HeaderTags matched = matchingImage(file, decrypted, candidates);
        AdditionalData additional = AdditionalData.split(file.additionalBytes(), decrypted.arcb().flags());
        List<PolicyViolation> violations = SePolicyRules.evaluate(policy, additional, file.userDataBytes(), decrypted.nonce());
        if (!violations.isEmpty()) {
            throw new PolicyViolationException(violations);
        }
        List<String> warnings = new ArrayList<>();
        if (additional.unrecognized().length > 0) {
            warnings.add(additional.unrecognized().length + " bytes of additional data are not explained by the request's flags");
        }
        if (decrypted.nonce().isEmpty()) {
            warnings.add("the request carried no nonce: freshness rests only on the ARPK being used once");
        }
        List<byte[]> phkhs = decrypted.arcb().keyslots().stream().map(Keyslot::phkh).toList();
        return new SeAttestationResult(file.cuid().data(), file.userDataBytes(), decrypted.nonce(), decrypted.arcb().flags(),
                additional, matched, phkhs, file.measurement().data(), warnings, clock.instant());
    }

    private static void requireSameRequest(byte[] arcbInResponse, byte[] request) throws MalformedEvidenceException,
            VerificationFailedException {
        byte[] expected = isExchange(request) ? ExchangeFile.parse(request).arcb() : request;
        if (!Arrays.equals(expected, arcbInResponse)) {
            throw new VerificationFailedException(VerificationFailedException.Reason.BINDING,
                    "the response answers another request than the one given");
        }
    }

    private static boolean isExchange(byte[] bytes) {
        return bytes.length >= 8 && Arrays.equals(Arrays.copyOf(bytes, 8), ExchangeFile.MAGIC);
    }

    private static HeaderTags matchingImage(ExchangeFile file, DecryptedArcb request, List<HeaderTags> candidates)
            throws MeasurementMismatchException, MalformedEvidenceException {
        if (candidates.isEmpty()) {
            throw new MalformedEvidenceException("no expected SE header tags: give the image's SE header or a policy headerTags");
        }
        byte[] user = file.userDataBytes();
        if (user.length > 256) {
            throw new MalformedEvidenceException("user data of " + user.length + " bytes exceeds 256");
        }
        MeasurementMismatchException last = null;
        for (HeaderTags tags : candidates) {
            try {
                MeasurementCheck.require(file.measurement().data(), request, tags, file.cuid().data(), user,
                        file.additionalBytes());
                return tags;
            } catch (MeasurementMismatchException e) {
                last = e;
            }
        }
        throw last;
    }

    /** Convenience: the verifier at the system UTC clock. */
    public static SeVerifier systemClock() {
        return new SeVerifier(Clock.systemUTC());
    }

}
