package io.tee4j.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.tee4j.core.AttestationException;
import io.tee4j.core.CollateralUnavailableException;
import io.tee4j.core.FailureClass;
import io.tee4j.core.RevocationUnavailableException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the sidecar may tell a client about a failure. Two rules:
 *
 * <ul>
 *   <li>A collateral or revocation failure that involved a fetch (any cause, any location) is
 *       answered with a fixed message of its class: never the URL, the exception of the
 *       connection ("refused", "timed out", "reset") or the retries, which would let a client
 *       learn about hosts and ports as seen from the sidecar. The cause is logged on the
 *       server. A failure the verifier raised from facts alone (no cause, no location: "no VCEK
 *       came with the evidence") keeps its message, since it says what the client can fix.
 *   <li>The server-side paths the sidecar knows (its collateral files and cache directory) are
 *       replaced by {@code [server path]} in every message, warning and violation of a reply.
 * </ul>
 *
 * <p>Not covered: messages that quote what the client itself sent (a subject name, a field).
 */
final class SafeMessages {
    static final String REDACTED = "[server path]";
    private static final System.Logger LOG = System.getLogger(Sidecar.class.getName());
    private static final Set<String> MESSAGE_KEYS = Set.of("error", "message", "warnings", "violations");
    /** Shorter path strings could match ordinary words in a message. */
    private static final int MIN_PATH_LENGTH = 4;

    private final List<String> serverPaths;

    SafeMessages(Collection<Path> paths) {
        Set<String> forms = new LinkedHashSet<>();
        for (Path p : paths) {
            forms.add(p.toAbsolutePath().normalize().toString());
            forms.add(p.toAbsolutePath().toString());
            forms.add(p.toString());
        }
        List<String> list = new ArrayList<>();
        for (String s : forms) {
            if (s.length() >= MIN_PATH_LENGTH) {
                list.add(s);
            }
        }
        // Longest first, so a file under a directory is replaced whole, not the directory part only.
        list.sort(Comparator.comparingInt(String::length).reversed());
        this.serverPaths = List.copyOf(list);
    }

    /** The failure as the client may see it (the same class and exit code). */
    AttestationException forClient(AttestationException e, boolean clientRoots, boolean offline) {
        FailureClass c = e.failureClass();
        if (c != FailureClass.COLLATERAL_UNAVAILABLE && c != FailureClass.REVOCATION_UNAVAILABLE) {
            return e;
        }
        if (raisedFromFactsAlone(e)) {
            return e;
        }
        LOG.log(System.Logger.Level.WARNING, "tee4j sidecar: " + c + " during /v1/verify: " + chain(e));
        String why = clientRoots
                ? "requests with trustRoots are verified offline (the sidecar fetches nothing for roots it does not"
                        + " hold)" + (c == FailureClass.REVOCATION_UNAVAILABLE
                                ? "; set noRevocationCheck to skip revocation (the result then says so)" : "")
                : offline ? "the sidecar runs offline and its collateral files and cache do not have it"
                : "the vendor service did not provide it; retry later (the sidecar logs the cause)";
        if (c == FailureClass.COLLATERAL_UNAVAILABLE) {
            boolean retryable = e instanceof CollateralUnavailableException
                    && ((CollateralUnavailableException) e).isRetryable();
            return new CollateralUnavailableException("collateral this evidence needs is not available: " + why, null,
                    retryable);
        }
        return new RevocationUnavailableException("the revocation status could not be established: " + why);
    }

    private static boolean raisedFromFactsAlone(AttestationException e) {
        return e.getCause() == null && !(e instanceof CollateralUnavailableException
                && ((CollateralUnavailableException) e).location().isPresent());
    }

    private static String chain(Throwable t) {
        StringBuilder b = new StringBuilder(String.valueOf(t.getMessage()));
        for (Throwable c = t.getCause(); c != null && c != t; c = c.getCause()) {
            b.append(" <- ").append(c);
        }
        return b.toString();
    }

    /** Replaces the server paths in the message fields of a reply, at any depth; returns it. */
    JsonNode scrub(JsonNode reply) {
        if (!serverPaths.isEmpty() && reply != null) {
            scrubTree(reply);
        }
        return reply;
    }

    /** Bit n set: some message key has n characters (a reply's other names are mostly other lengths). */
    private static final long MESSAGE_KEY_LENGTHS = MESSAGE_KEYS.stream().mapToLong(k -> 1L << k.length())
            .reduce(0, (a, b) -> a | b);

    /** Whether values under {@code key} are messages, scrubbed at any depth of a reply. */
    static boolean isMessageKey(String key) {
        int n = key.length();
        return n < Long.SIZE && (MESSAGE_KEY_LENGTHS >>> n & 1) != 0 && MESSAGE_KEYS.contains(key);
    }

    String scrub(String text) {
        String out = text;
        for (String p : serverPaths) {
            out = out.replace(p, REDACTED);
        }
        return out;
    }

    private void scrubTree(JsonNode node) {
        if (node.isObject()) {
            ObjectNode object = (ObjectNode) node;
            // Every reply passes here: the key is looked up once, and leaves (most of a claims
            // tree) are never descended into, as they hold nothing to scrub.
            for (Map.Entry<String, JsonNode> field : object.properties()) {
                JsonNode value = field.getValue();
                boolean message = MESSAGE_KEYS.contains(field.getKey());
                if (message && value.isTextual()) {
                    field.setValue(TextNode.valueOf(scrub(value.textValue())));
                } else if (message && value.isArray()) {
                    scrubTexts((ArrayNode) value);
                } else if (value.isContainerNode()) {
                    scrubTree(value);
                }
            }
        } else if (node.isArray()) {
            for (JsonNode item : node) {
                scrubTree(item);
            }
        }
    }

    private void scrubTexts(ArrayNode array) {
        for (int i = 0; i < array.size(); i++) {
            if (array.get(i).isTextual()) {
                array.set(i, TextNode.valueOf(scrub(array.get(i).textValue())));
            } else {
                scrubTree(array.get(i));
            }
        }
    }
}
