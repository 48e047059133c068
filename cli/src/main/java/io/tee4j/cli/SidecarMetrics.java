package io.tee4j.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.tee4j.core.TeeType;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * What the sidecar's {@code GET /metrics} reports, in the Prometheus text exposition format
 * (version 0.0.4):
 * <ul>
 *   <li>{@code tee4j_verifications_total{tee, result}}: {@code /v1/verify} answers by TEE and
 *       outcome ({@code ok}, a failure class such as {@code collateral_unavailable}, or
 *       {@code bad_request} / {@code overloaded} / {@code error} for requests that were not
 *       verified);</li>
 *   <li>{@code tee4j_verification_duration_seconds{tee}}: a latency histogram of the same;</li>
 *   <li>{@code tee4j_collateral_requests_total{result}}: what the verifiers asked of the collateral
 *       cache: {@code hit} (memory or disk), {@code miss} (fetched), {@code error};</li>
 *   <li>{@code tee4j_collateral_fetches_total{host, result}}: network fetches by vendor host
 *       ({@code other} for a host outside the vendor list: a configured endpoint's is counted
 *       under the vendor host it stands in for) and {@code ok} / {@code error}.</li>
 * </ul>
 * Label values come from fixed sets (TEE ids, failure classes, vendor hosts), so a client cannot
 * grow the label space. No request content is ever a label.
 */
final class SidecarMetrics {
    private final Map<String, LongAdder> verifications = new ConcurrentHashMap<>();
    private final Map<String, LatencyHistogram> latency = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> collateralRequests = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> fetches = new ConcurrentHashMap<>();

    /** Runs one {@code /v1/verify} answer, counting and timing it. */
    Sidecar.Reply timeVerification(Supplier<Sidecar.Reply> work) {
        long start = System.nanoTime();
        Sidecar.Reply reply = work.get();
        long nanos = System.nanoTime() - start;
        // A verified result's reply says its TEE: its claims are not searched for labels.
        TeeType verified = reply.verifiedTee();
        String tee = verified != null ? verified.id() : teeOf(reply.body());
        String result = verified != null ? "ok" : resultOf(reply);
        verifications.computeIfAbsent(labels("tee", tee, "result", result), k -> new LongAdder()).increment();
        latency.computeIfAbsent(labels("tee", tee), k -> new LatencyHistogram()).observe(nanos);
        return reply;
    }

    void collateralRequest(String result) {
        collateralRequests.computeIfAbsent(labels("result", result), k -> new LongAdder()).increment();
    }

    void fetch(String host, boolean ok) {
        fetches.computeIfAbsent(labels("host", host, "result", ok ? "ok" : "error"), k -> new LongAdder())
                .increment();
    }

    /** The TEE a reply is about: the native JSON's {@code tee}, the EAR's policy id; else "unknown". */
    private static String teeOf(JsonNode body) {
        JsonNode tee = body.get("tee");
        String id = tee != null && tee.isTextual() ? tee.asText() : null;
        if (id == null) {
            JsonNode policy = body.findValue("ear.appraisal-policy-id");
            String p = policy != null && policy.isTextual() ? policy.asText() : "";
            id = p.startsWith("tee4j/") && p.indexOf('/', 6) > 6 ? p.substring(6, p.indexOf('/', 6)) : null;
        }
        try {
            return id == null ? "unknown" : TeeType.fromId(id).id();
        } catch (IllegalArgumentException e) {
            return "unknown";
        }
    }

    private static String resultOf(Sidecar.Reply reply) {
        if (reply.status() == 503) {
            return "overloaded";
        }
        if (reply.status() >= 400) {
            return reply.status() < 500 ? "bad_request" : "error";
        }
        // Only a FailureClass name is a label: the reply may echo evidence content, and any other
        // "failureClass" string in it would grow the label space without bound.
        JsonNode fc = reply.body().findValue("failureClass");
        if (fc != null && fc.isTextual()) {
            for (io.tee4j.core.FailureClass c : io.tee4j.core.FailureClass.values()) {
                if (c.name().equals(fc.asText())) {
                    return c.name().toLowerCase(java.util.Locale.ROOT);
                }
            }
        }
        return "ok";
    }

    private static String labels(String... kv) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < kv.length; i += 2) {
            b.append(i == 0 ? "" : ",").append(kv[i]).append("=\"").append(escape(kv[i + 1])).append('"');
        }
        return b.toString();
    }

    private static String escape(String v) {
        return v.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }

    /** The exposition text. */
    String render() {
        StringBuilder out = new StringBuilder();
        counter(out, "tee4j_verifications_total", "Verification requests answered, by TEE and result.",
                verifications);
        out.append("# HELP tee4j_verification_duration_seconds Time to answer a verification request.\n");
        out.append("# TYPE tee4j_verification_duration_seconds histogram\n");
        new TreeMap<>(latency).forEach((l, h) -> h.appendTo(out, "tee4j_verification_duration_seconds", l));
        counter(out, "tee4j_collateral_requests_total", "Collateral asked of the cache, by result (hit, miss, error).",
                collateralRequests);
        counter(out, "tee4j_collateral_fetches_total", "Collateral fetched over the network, by vendor host and result.",
                fetches);
        return out.toString();
    }

    private static void counter(StringBuilder out, String name, String help, Map<String, LongAdder> series) {
        out.append("# HELP ").append(name).append(' ').append(help).append('\n');
        out.append("# TYPE ").append(name).append(" counter\n");
        new TreeMap<>(series).forEach((l, v) -> out.append(name).append('{').append(l).append("} ").append(v.sum())
                .append('\n'));
    }
}
