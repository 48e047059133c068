package io.tee4j.envelope;

import io.tee4j.core.AttestationResult;
import io.tee4j.core.MalformedEvidenceException;
import io.tee4j.core.VerificationFailedException;
import io.tee4j.core.VerificationFailedException.Reason;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The attestation agent's legacy text event log (AAEL), sent as {@code aa_eventlog} by
 * guest-components from 2024-05 until it was folded into {@code cc_eventlog} (2025-07): a first line
 * {@code INIT <alg>/<hex initial value>}, then one {@code <domain> <operation> <content>} line per
 * event. Replay, as trustee's verifier did it: start from the initial value, extend with the hash of
 * the INIT line re-written in canonical form, then with the hash of each event's three fields joined
 * by single spaces. On TDX the result must equal RTMR3 of the verified quote
 * ({@link #rtmr3Binding()}).
 *
 * <p>Verified: only that the events replay to the register; what an event means is the relying
 * party's business. Parsing follows trustee exactly: the INIT line has two white-space separated
 * items, each event line (trailing white space removed) exactly three fields separated by single
 * spaces.
 *
 * @since 0.1
 */
public final class AaEventLog {
    /** Largest log accepted. */
    public static final int MAX_BYTES = 1 << 20;
    /** Most events accepted. */
    public static final int MAX_EVENTS = 1 << 16;
    private static final Map<String, String> ALGORITHMS = Map.of("sha256", "SHA-256", "sha384", "SHA-384",
            "sha512", "SHA-512");

    /** One event: domain, operation and content. */
    public record Event(String domain, String operation, String content) {
        /** The text that is hashed and extended. */
        public String text() {
            return domain + " " + operation + " " + content;
        }
    }

    private final String algorithm;
    private final byte[] initialValue;
    private final List<Event> events;

    private AaEventLog(String algorithm, byte[] initialValue, List<Event> events) {
        this.algorithm = algorithm;
        this.initialValue = initialValue;
        this.events = List.copyOf(events);
    }

    /** Parses the text form. */
    public static AaEventLog parse(String text) throws MalformedEvidenceException {
        Objects.requireNonNull(text, "text");
        if (text.length() > MAX_BYTES) {
            throw new MalformedEvidenceException("AA event log longer than " + MAX_BYTES + " characters");
        }
        List<String> lines = text.lines().toList();
        if (lines.isEmpty()) {
            throw new MalformedEvidenceException("AA event log has no INIT line");
        }
        if (lines.size() - 1 > MAX_EVENTS) {
            throw new MalformedEvidenceException("AA event log has more than " + MAX_EVENTS + " events");
        }
        String[] init = lines.get(0).strip().split("\\s+");
        if (init.length != 2 || !init[0].equals("INIT")) {
            throw new MalformedEvidenceException("AA event log does not start with \"INIT <alg>/<hex>\"");
        }
        int slash = init[1].indexOf('/');
        String alg = slash < 0 ? "" : init[1].substring(0, slash);
        if (!ALGORITHMS.containsKey(alg)) {
            throw new MalformedEvidenceException("AA event log INIT names an unknown hash algorithm '" + alg + "'");
        }
        byte[] initial;
        try {
            initial = HexFormat.of().parseHex(init[1].substring(slash + 1));
        } catch (IllegalArgumentException e) {
            throw new MalformedEvidenceException("AA event log INIT value is not hex");
        }
        List<Event> events = new ArrayList<>();
        for (int i = 1; i < lines.size(); i++) {
            String[] f = lines.get(i).stripTrailing().split(" ", -1);
            if (f.length != 3) {
                throw new MalformedEvidenceException("AA event log line " + (i + 1)
                        + " is not \"<domain> <operation> <content>\"");
            }
            events.add(new Event(f[0], f[1], f[2]));
        }
        return new AaEventLog(alg, initial, events);
    }

    /** The hash algorithm named by the INIT line ({@code sha256}, {@code sha384} or {@code sha512}). */
    public String algorithm() {
        return algorithm;
    }

    /** The events after the INIT line, in order. */
    public List<Event> events() {
        return events;
    }

    /** The register value the log replays to. */
    public byte[] replay() {
        MessageDigest md = digest();
        String initLine = "INIT " + algorithm + "/" + HexFormat.of().formatHex(initialValue);
        md.update(initialValue);
        md.update(digest().digest(initLine.getBytes(StandardCharsets.UTF_8)));
        byte[] state = md.digest();
        for (Event e : events) {
            byte[] eventHash = digest().digest(e.text().getBytes(StandardCharsets.UTF_8));
            md.update(state);
            md.update(eventHash);
            state = md.digest();
        }
        return state;
    }

    /** The binding "this log replays to RTMR3 of the verified TDX quote". */
    public EnvelopeBinding rtmr3Binding() {
        return new EnvelopeBinding() {
            @Override
            public String name() {
                return "aa_eventlog";
            }

            @Override
            public String description() {
                return "the AA event log (" + events.size() + " events) replays to RTMR3";
            }

            @Override
            public void check(AttestationResult verified) throws VerificationFailedException {
                byte[] rtmr3 = verified.commonClaims().measurements().get("rtmr3");
                byte[] replayed = replay();
                if (rtmr3 == null || !MessageDigest.isEqual(rtmr3, replayed)) {
                    throw new VerificationFailedException(Reason.BINDING, "the AA event log replays to "
                            + HexFormat.of().formatHex(replayed) + ", not to the quote's RTMR3"
                            + (rtmr3 == null ? "" : " " + HexFormat.of().formatHex(rtmr3)));
                }
            }
        };
    }

    private MessageDigest digest() {
        try {
            return MessageDigest.getInstance(ALGORITHMS.get(algorithm.toLowerCase(Locale.ROOT)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
