package io.tee4j.envelope;

import io.tee4j.core.MalformedEvidenceException;
import io.tee4j.json.Json;
import io.tee4j.json.Json.JsonException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * ratsd's JSON evidence token as Veraison accepts it (media type
 * {@code application/eat+cwt; eat_profile="tag:github.com,2025:veraison/ratsd/cmw"}; ratsd
 * {@code docs/ratsd-token.cddl} "legacy token"; Veraison {@code scheme/sevsnp/scheme.go}):
 * {@code {"eat_profile": "tag:github.com,2024:veraison/ratsd", "eat_nonce": base64url, "cmw": base64(CMW
 * collection JSON)}}. The collection ({@code "__cmwc_t": "tag:github.com,2025:veraison/ratsd/cmw"}) holds
 * the item {@code "tsm-report": ["application/vnd.veraison.tsm-report+json", base64url(tsm JSON)]}, read
 * as {@link TsmReport}; other items are listed, not read.
 *
 * <p>Binds: {@code eat_nonce} must equal REPORT_DATA of the verified report ({@link ReportDataBinding},
 * rule id {@code eat_nonce}): ratsd hands the nonce to configfs-tsm as the 64-byte inblob. The token
 * itself is unsigned. Nonce adjustment ({@code vnd.veraison.nonce_adjust_function}, SHAKE) is refused
 * as unsupported rather than skipped.
 */
final class RatsdToken {
    static final String PROFILE = "tag:github.com,2024:veraison/ratsd";
    static final String COLLECTION_TYPE = "tag:github.com,2025:veraison/ratsd/cmw";
    static final String TSM_JSON = "application/vnd.veraison.tsm-report+json";

    private RatsdToken() {
    }

    static Envelope read(Map<String, Object> m) throws MalformedEvidenceException {
        if (m.containsKey("vnd.veraison.nonce_adjust_function") || m.containsKey("vnd.veraison.nonce_adjust_map")) {
            throw new MalformedEvidenceException("ratsd token: nonce adjustment is not supported");
        }
        EnvelopeReaders.onlyKnown(m, Set.of("eat_profile", "eat_nonce", "cmw"), "ratsd token");
        String profile = EnvelopeReaders.string(m, "eat_profile", "$");
        if (!profile.equals(PROFILE)) {
            throw new MalformedEvidenceException("ratsd token: eat_profile is '" + profile + "', not " + PROFILE);
        }
        String nonceText = EnvelopeReaders.string(m, "eat_nonce", "$");
        if (nonceText.length() < 8 || nonceText.length() > 88) {
            throw new MalformedEvidenceException("ratsd token: eat_nonce must be 8 to 88 base64url characters");
        }
        byte[] nonce = Base64Text.decode(nonceText, "$.eat_nonce");
        byte[] cmw = Base64Text.decode(EnvelopeReaders.string(m, "cmw", "$"), "$.cmw");
        Map<String, Object> collection = EnvelopeReaders.jsonObject(cmw);
        if (collection == null) {
            throw new MalformedEvidenceException("ratsd token: cmw is not a JSON CMW collection");
        }
        String type = EnvelopeReaders.string(collection, "__cmwc_t", "$.cmw");
        if (!type.equals(COLLECTION_TYPE)) {
            throw new MalformedEvidenceException("ratsd token: CMW collection type is '" + type + "', not "
                    + COLLECTION_TYPE);
        }
        byte[] tsmJson = tsmItem(collection);
        Map<String, Object> tsm = EnvelopeReaders.jsonObject(tsmJson);
        if (tsm == null) {
            throw new MalformedEvidenceException("ratsd token: the tsm-report item is not a JSON object");
        }
        Envelope inner = TsmReport.fromJson(tsm, "$.cmw.tsm-report");
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("provider", inner.describe().get("provider"));
        details.put("eatNonce", nonce);
        List<String> items = new ArrayList<>(collection.keySet());
        items.remove("__cmwc_t");
        details.put("cmwItems", items);
        return new Envelope(EnvelopeFormat.RATSD_CMW, inner.evidence(),
                List.of(new ReportDataBinding("eat_nonce", nonce)), details);
    }

    private static byte[] tsmItem(Map<String, Object> collection) throws MalformedEvidenceException {
        List<Object> record;
        try {
            record = Json.array(collection, "tsm-report", "$.cmw");
        } catch (JsonException e) {
            throw new MalformedEvidenceException("ratsd token: " + e.getMessage());
        }
        if (record.size() < 2 || record.size() > 3 || !(record.get(0) instanceof String t)
                || !(record.get(1) instanceof String value)) {
            throw new MalformedEvidenceException("ratsd token: the tsm-report item is not [type, value, ind?]");
        }
        if (!t.equals(TSM_JSON)) {
            throw new MalformedEvidenceException("ratsd token: the tsm-report item is " + t + ", not " + TSM_JSON);
        }
        return Base64Text.decode(value, "$.cmw.tsm-report[1]");
    }
}
