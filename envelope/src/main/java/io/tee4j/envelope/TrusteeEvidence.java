package io.tee4j.envelope;

import io.tee4j.core.Evidence;
import io.tee4j.core.MalformedEvidenceException;
import io.tee4j.core.TeeType;
import io.tee4j.json.Json;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Confidential Containers evidence as the attestation agent sends it to trustee (trustee
 * {@code deps/verifier/src/<tee>/mod.rs}; guest-components {@code attestation-agent/attester}).
 *
 * <p>TDX: {@code {"quote": base64, "cc_eventlog": base64?, "aa_eventlog": text?}}. The quote is the
 * evidence; {@code cc_eventlog} (the CCEL log area, with attestation-agent events appended as
 * {@code EV_EVENT_TAG} records in RTMR3 by current agents) becomes its auxiliary blob, which the TDX
 * verifier replays against RTMR0..3; the legacy text {@code aa_eventlog} becomes a binding that must
 * replay to RTMR3 ({@link AaEventLog}). As in trustee, an empty string counts as absent, and when
 * both logs are present both must hold: the CC event log replays all four RTMRs, RTMR3 included.
 *
 * <p>SNP: {@code {"attestation_report": <the sev crate's serde of the report>, "cert_chain": [{"cert_type",
 * "data": [bytes]}]?}}. The report is rebuilt into its signed bytes ({@link SevSerdeReport}); the
 * certificate chain (the host's certificate table, parsed) becomes the evidence's GHCB certificate
 * table again, so the SNP verifier takes the VCEK or VLEK (and ASK, ARK, CRL) from it as from an
 * extended report.
 *
 * <p>CCA: {@code {"token": [bytes]}} (serde's byte array): the token is the evidence.
 *
 * <p>Members outside these are refused (trustee ignores them): a second format in one object, or a
 * misspelt log, is not silently dropped.
 */
final class TrusteeEvidence {
    private TrusteeEvidence() {
    }

    static Envelope tdx(Map<String, Object> m) throws MalformedEvidenceException {
        EnvelopeReaders.onlyKnown(m, Set.of("quote", "cc_eventlog", "aa_eventlog"), "trustee TDX evidence");
        byte[] quote = Base64Text.decode(EnvelopeReaders.string(m, "quote", "$"), "$.quote");
        if (quote.length == 0) {
            throw new MalformedEvidenceException("$.quote: the TD quote is empty");
        }
        Evidence.Builder ev = Evidence.builder(TeeType.TDX, quote);
        Map<String, Object> details = new LinkedHashMap<>();
        String ccel = optionalString(m, "cc_eventlog");
        if (!ccel.isEmpty()) {
            byte[] log = Base64Text.decode(ccel, "$.cc_eventlog");
            ev.auxBlob(log);
            details.put("ccEventLogBytes", log.length);
        }
        List<EnvelopeBinding> bindings = new ArrayList<>();
        String aael = optionalString(m, "aa_eventlog");
        if (!aael.isEmpty()) {
            AaEventLog log = AaEventLog.parse(aael);
            bindings.add(log.rtmr3Binding());
            List<String> events = new ArrayList<>();
            log.events().forEach(e -> events.add(e.text()));
            details.put("aaEventLog", events);
        }
        return new Envelope(EnvelopeFormat.TRUSTEE_TDX, ev.build(), bindings, details);
    }

    static Envelope snp(Map<String, Object> m) throws MalformedEvidenceException {
        EnvelopeReaders.onlyKnown(m, Set.of("attestation_report", "cert_chain"), "trustee SNP evidence");
        Evidence.Builder ev = Evidence.builder(TeeType.SEV_SNP, SevSerdeReport.encode(m.get("attestation_report")));
        Object chain = m.get("cert_chain");
        Map<String, Object> details = new LinkedHashMap<>();
        if (chain != null && chain != Json.NULL) {
            if (!(chain instanceof List<?> entries)) {
                throw new MalformedEvidenceException("$.cert_chain: expected an array or null");
            }
            CertTable table = CertTable.fromSerde(entries);
            if (!table.isEmpty()) {
                ev.auxBlob(table.encode());
            }
            details.put("certChain", table.names());
        }
        return new Envelope(EnvelopeFormat.TRUSTEE_SNP, ev.build(), List.of(), details);
    }

    static Envelope cca(Map<String, Object> m) throws MalformedEvidenceException {
        EnvelopeReaders.onlyKnown(m, Set.of("token"), "trustee CCA evidence");
        Object token = m.get("token");
        if (!(token instanceof List<?> list) || list.isEmpty()) {
            throw new MalformedEvidenceException("$.token: expected a non-empty array of bytes");
        }
        byte[] raw = new byte[list.size()];
        for (int i = 0; i < raw.length; i++) {
            Object b = list.get(i);
            if (!(b instanceof BigInteger v) || v.signum() < 0 || v.bitLength() > 8) {
                throw new MalformedEvidenceException("$.token[" + i + "]: expected a byte (0..255)");
            }
            raw[i] = v.byteValue();
        }
        return new Envelope(EnvelopeFormat.TRUSTEE_CCA, Evidence.of(TeeType.CCA, raw), List.of(), Map.of());
    }

    private static String optionalString(Map<String, Object> m, String key) throws MalformedEvidenceException {
        Object v = m.get(key);
        if (v == null || v == Json.NULL) {
            return "";
        }
        if (!(v instanceof String s)) {
            throw new MalformedEvidenceException("$." + key + ": expected a string");
        }
        return s;
    }
}
