package io.tee4j.vtpm.gcp;

import io.tee4j.core.Claims;
import io.tee4j.core.MalformedEvidenceException;
import io.tee4j.core.VerificationFailedException;
import io.tee4j.core.VerificationFailedException.Reason;
import io.tee4j.tpm.abi.TpmHash;
import io.tee4j.tpm.eventlog.BootEvents;
import io.tee4j.tpm.eventlog.EventLog;
import io.tee4j.tpm.eventlog.EventLogReplay;
import io.tee4j.tpm.eventlog.ReplayComparison;
import io.tee4j.tpm.eventlog.ReplayedPcrs;
import io.tee4j.tpm.verify.VerifiedQuote;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Pipeline step: the event log replays, in every quoted bank, to the quoted PCRs (go-tpm-tools'
 * rule: a PCR the log extends must match; PCRs it has no event for are not judged). A log that
 * contradicts a verified quote was altered: a binding failure. The typed boot facts are read only
 * from a log that passed, and Secure Boot only when PCR 7 itself matched.
 */
final class EventLogCheck {
    /** The outcome: the comparison, and the boot facts if the log was consistent. */
    record Outcome(ReplayComparison comparison, int events, BootEvents boot, boolean pcr7Matched) {
        Optional<Boolean> secureBoot() {
            return pcr7Matched ? boot.secureBoot() : Optional.empty();
        }
    }

    private EventLogCheck() {
    }

    static Outcome check(byte[] log, List<VerifiedQuote> quotes) throws MalformedEvidenceException,
            VerificationFailedException {
        EventLog parsed = EventLog.parse(log);
        ReplayedPcrs replayed = EventLogReplay.replay(parsed);
        Map<TpmHash, Map<Integer, byte[]>> quoted = new EnumMap<>(TpmHash.class);
        for (VerifiedQuote q : quotes) {
            for (TpmHash bank : q.pcrs().bankSet()) {
                quoted.put(bank, q.pcrs().bank(bank));
            }
        }
        ReplayComparison c = ReplayComparison.compare(replayed, quoted);
        if (c.entries().isEmpty()) {
            throw new VerificationFailedException(Reason.BINDING, "the event log has none of the quoted banks "
                    + quoted.keySet());
        }
        if (!c.consistent()) {
            ReplayComparison.Entry first = c.mismatches().get(0);
            throw new VerificationFailedException(Reason.BINDING, "the event log does not replay to the quoted "
                    + first.bank().label() + " PCR " + first.pcr() + " (" + c.mismatches().size()
                    + " PCRs differ): the log is not the one that was measured");
        }
        TpmHash bank = quoted.containsKey(TpmHash.SHA256) ? TpmHash.SHA256 : c.entries().get(0).bank();
        boolean pcr7 = c.pcrs(bank, ReplayComparison.Status.MATCH).contains(7)
                && replayed.isExtended(bank, 7);
        return new Outcome(c, parsed.events().size() - 1, BootEvents.of(parsed, bank), pcr7);
    }

    static Claims.Builder claims(Outcome o) {
        Claims.Builder replay = Claims.builder();
        for (TpmHash bank : TpmHash.values()) {
            List<Integer> match = o.comparison().pcrs(bank, ReplayComparison.Status.MATCH);
            List<Integer> notInLog = o.comparison().pcrs(bank, ReplayComparison.Status.NOT_IN_LOG);
            if (!match.isEmpty() || !notInLog.isEmpty()) {
                replay.put(bank.label(), Claims.builder().put("replayedEqualsQuoted", match).put("notInLog", notInLog));
            }
        }
        BootEvents b = o.boot();
        return Claims.builder().put("events", o.events()).put("replay", replay)
                .put("scrtmVersion", b.scrtmVersion().orElse(null))
                .put("gceConfidentialTechnology", b.gceConfidentialTechnology().orElse(null))
                .put("secureBoot", o.secureBoot().orElse(null))
                .put("kernelCommandLine", b.kernelCommandLine().orElse(null))
                .put("efiApplications", b.efiApplications());
    }
}
