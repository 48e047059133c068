package io.tee4j.coco.token;

import io.tee4j.core.MalformedEvidenceException;
import io.tee4j.core.VerificationFailedException;
import io.tee4j.core.VerificationFailedException.Reason;
import java.security.PublicKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Step 2 of token verification: the keys that may verify this token, always from configuration.
 * A header {@code jwk} is used only when {@link HeaderKeyEndorsement} endorses it against the
 * configured anchors (trustee's rule: a header jwk is tried first, never falling back to
 * {@code kid}); else a header {@code kid} selects configured keys with that id; else every
 * configured key whose {@code alg} (when it has one) equals the token's. {@code jku}, {@code x5u}
 * and a header {@code x5c} are never fetched or used. A key inside the payload (the legacy
 * trustee token's {@code jwk} claim) is never looked at.
 */
final class SigningKeySelection {
    /** A key and how it was chosen, for the result and for error messages. */
    record Candidate(PublicKey key, String source) {
    }

    private SigningKeySelection() {
    }

    static List<Candidate> candidates(CompactJws jws, TokenKeys keys, Instant at)
            throws VerificationFailedException, MalformedEvidenceException {
        Object jwk = jws.header.get("jwk");
        if (jwk != null) {
            if (!(jwk instanceof Map)) {
                throw new MalformedEvidenceException("token header: jwk is not a JSON object");
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> members = (Map<String, Object>) jwk;
            String jwkAlg = JwkKeys.alg(members);
            if (jwkAlg != null && !jwkAlg.equals(jws.alg)) {
                throw new VerificationFailedException(Reason.SIGNATURE,
                        "header jwk is for alg " + jwkAlg + " but the token says " + jws.alg);
            }
            PublicKey key = HeaderKeyEndorsement.endorse(members, keys.anchors(), at);
            return List.of(new Candidate(key, "header jwk endorsed by its x5c chain to a configured trust root"));
        }
        Object kid = jws.header.get("kid");
        List<Candidate> out = new ArrayList<>();
        for (TokenKeys.ConfiguredKey k : keys.keys()) {
            boolean kidFits = kid == null || kid.equals(k.kid());
            boolean algFits = k.alg() == null || k.alg().equals(jws.alg);
            if (kidFits && algFits) {
                out.add(new Candidate(k.key(), k.kid() == null ? "configured key" : "configured key kid " + k.kid()));
            }
        }
        if (out.isEmpty()) {
            throw new VerificationFailedException(Reason.SIGNATURE, kid != null
                    ? "no configured key has kid " + kid + " and alg " + jws.alg
                    : keys.keys().isEmpty()
                            ? "the token names no key (no header jwk or kid) and no key is configured (--jwks)"
                            : "no configured key is for alg " + jws.alg);
        }
        return out;
    }
}
