package io.tee4j.coco.token;

import io.tee4j.core.PolicyViolation;
import java.math.BigInteger;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Steps 4 and 5 of token verification, on the claims of a token whose signature verified: time
 * ({@code exp} with leeway as jsonwebtoken's default validation, or a maximum age from
 * {@code iat} when there is no {@code exp}, as for Veraison EARs; {@code nbf}; {@code iat} not in
 * the future), {@code iss}, {@code eat_profile}, {@code eat_nonce}, and every submodule's
 * {@code ear.status}. Each failure is a {@link PolicyViolation} whose rule id is the claim name.
 */
final class ClaimChecks {
    private ClaimChecks() {
    }

    static List<PolicyViolation> check(Map<String, Object> claims, TokenVerifier v, Instant now, byte[] nonce) {
        List<PolicyViolation> out = new ArrayList<>();
        times(claims, v, now, out);
        if (v.issuer != null && !v.issuer.equals(claims.get("iss"))) {
            out.add(new PolicyViolation("iss", "issuer " + claims.get("iss") + " is not the expected " + v.issuer));
        }
        Object profile = claims.get("eat_profile");
        if (!v.profiles.isEmpty() && (profile == null || !v.profiles.contains(profile))) {
            out.add(new PolicyViolation("eat_profile", profile == null
                    ? "no eat_profile: not an EAR token"
                    : "eat_profile " + profile + " is not accepted"));
        }
        if (nonce != null) {
            nonce(claims.get("eat_nonce"), nonce, out);
        }
        if (profile != null) {
            statuses(claims, v.acceptWarning, out);
        }
        return out;
    }

    private static void times(Map<String, Object> claims, TokenVerifier v, Instant now, List<PolicyViolation> out) {
        long leeway = v.leeway.getSeconds();
        long t = now.getEpochSecond();
        Long exp = seconds(claims, "exp", out);
        Long nbf = seconds(claims, "nbf", out);
        Long iat = seconds(claims, "iat", out);
        if (exp != null && t - leeway > exp) {
            out.add(new PolicyViolation("exp", "token expired at " + Instant.ofEpochSecond(exp) + " (now " + now
                    + ", leeway " + leeway + " s)"));
        }
        if (exp == null && !claims.containsKey("exp")) {
            Duration maxAge = v.maxAgeWithoutExp;
            if (iat == null) {
                out.add(new PolicyViolation("exp", "token has neither exp nor iat: its age cannot be bounded"));
            } else if (t - leeway > iat + maxAge.getSeconds()) {
                out.add(new PolicyViolation("iat", "token has no exp and was issued at " + Instant.ofEpochSecond(iat)
                        + ", more than the maximum age " + maxAge.getSeconds() + " s before " + now));
            }
        }
        if (nbf != null && nbf > t + leeway) {
            out.add(new PolicyViolation("nbf", "token not valid before " + Instant.ofEpochSecond(nbf)));
        }
        if (iat != null && iat > t + leeway) {
            out.add(new PolicyViolation("iat", "token issued in the future (" + Instant.ofEpochSecond(iat) + ")"));
        }
    }

    /** A NumericDate claim in whole seconds, or null when absent. */
    private static Long seconds(Map<String, Object> claims, String name, List<PolicyViolation> out) {
        Object value = claims.get(name);
        if (value == null) {
            return null;
        }
        if (value instanceof BigInteger && ((BigInteger) value).bitLength() < 40) {
            return ((BigInteger) value).longValue();
        }
        if (value instanceof Double && Math.abs((Double) value) < 1e12) {
            return (long) Math.floor((Double) value);
        }
        out.add(new PolicyViolation(name, name + " is not a NumericDate"));
        return null;
    }

    private static void nonce(Object claim, byte[] expected, List<PolicyViolation> out) {
        List<Object> values = claim instanceof List ? new ArrayList<>((List<?>) claim) : new ArrayList<>();
        if (claim instanceof String) {
            values.add(claim);
        }
        for (Object value : values) {
            if (value instanceof String && MessageDigest.isEqual(base64url((String) value), expected)) {
                return;
            }
        }
        out.add(new PolicyViolation("eat_nonce", claim == null
                ? "a nonce was expected but the token has no eat_nonce (trustee EARs carry none: their "
                        + "freshness is the KBS challenge and exp)"
                : "eat_nonce does not equal the expected nonce"));
    }

    private static byte[] base64url(String s) {
        try {
            return Base64.getUrlDecoder().decode(s.replace("=", ""));
        } catch (IllegalArgumentException e) {
            return new byte[0];
        }
    }

    private static void statuses(Map<String, Object> claims, boolean acceptWarning, List<PolicyViolation> out) {
        Object submods = claims.get("submods");
        if (!(submods instanceof Map) || ((Map<?, ?>) submods).isEmpty()) {
            out.add(new PolicyViolation("submods", "EAR has no submods"));
            return;
        }
        Set<Object> accepted = acceptWarning ? Set.of("affirming", "warning", 2, 32) : Set.of("affirming", 2);
        for (Map.Entry<?, ?> e : ((Map<?, ?>) submods).entrySet()) {
            Object status = e.getValue() instanceof Map ? ((Map<?, ?>) e.getValue()).get("ear.status") : null;
            Object normalised = status instanceof BigInteger ? ((BigInteger) status).intValue() : status;
            // Set.of refuses null look-ups: a missing status is simply not accepted.
            if (normalised == null || !accepted.contains(normalised)) {
                out.add(new PolicyViolation("ear.status", "submod " + e.getKey() + " has ear.status " + status
                        + (acceptWarning ? " (affirming or warning required)" : " (affirming required)")));
            }
        }
    }
}
