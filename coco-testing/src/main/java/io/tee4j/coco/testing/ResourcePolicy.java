package io.tee4j.coco.testing;

import io.tee4j.core.TeeType;
import io.tee4j.json.Json;
import io.tee4j.json.Json.JsonException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The fake KBS's resource policy, a small stand-in for trustee's Rego {@code data.policy.allow}:
 * {@code {"allow": [{"resource": "repo/type/tag", "tee": ["sev-snp", ...]}]}}, where a path segment
 * {@code *} matches any segment and a missing {@code tee} list allows every TEE. A request is allowed
 * when some rule matches both; otherwise trustee's answer is {@code PolicyDeny} (401).
 *
 * @param rules the allow rules
 */
public record ResourcePolicy(List<Rule> rules) {
    /**
     * One allow rule.
     *
     * @param resource the path pattern
     * @param tees the TEEs allowed, empty for all
     */
    public record Rule(String resource, Set<TeeType> tees) {
    }

    /** Allows every attested TEE every resource (trustee's default resource policy allows all too). */
    public static ResourcePolicy allowAll() {
        return new ResourcePolicy(List.of(new Rule("*/*/*", Set.of())));
    }

    /** Whether {@code tee} may read {@code path} ({@code repo/type/tag}). */
    public boolean allows(TeeType tee, String path) {
        for (Rule r : rules) {
            if ((r.tees().isEmpty() || r.tees().contains(tee)) && matches(r.resource(), path)) {
                return true;
            }
        }
        return false;
    }

    private static boolean matches(String pattern, String path) {
        String[] p = pattern.split("/", -1);
        String[] s = path.split("/", -1);
        if (p.length != s.length) {
            return false;
        }
        for (int i = 0; i < p.length; i++) {
            if (!p[i].equals("*") && !p[i].equals(s[i])) {
                return false;
            }
        }
        return true;
    }

    /** Reads a policy file. */
    public static ResourcePolicy parse(byte[] json) throws JsonException {
        Map<String, Object> m = Json.object(Json.parse(json), "policy");
        List<Rule> rules = new ArrayList<>();
        for (Object o : Json.array(m, "allow", "policy")) {
            Map<String, Object> r = Json.object(o, "policy.allow[]");
            Set<TeeType> tees = new java.util.HashSet<>();
            if (r.containsKey("tee")) {
                for (Object t : Json.array(r, "tee", "policy.allow[]")) {
                    try {
                        tees.add(TeeType.fromId(String.valueOf(t)));
                    } catch (IllegalArgumentException e) {
                        throw new JsonException("policy.allow[].tee: " + e.getMessage());
                    }
                }
            }
            rules.add(new Rule(Json.string(r, "resource", "policy.allow[]"), Set.copyOf(tees)));
        }
        return new ResourcePolicy(List.copyOf(rules));
    }
}
