package io.tee4j.tdx.collateral;

import io.tee4j.tdx.abi.IntelTcbStatus;
import io.tee4j.json.Json;
import io.tee4j.json.Json.JsonException;
import io.tee4j.tdx.collateral.TcbInfo.ModuleTcbLevel;
import io.tee4j.tdx.collateral.TcbInfo.TdxModule;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Readers for the fields of Intel's TCB info and QE identity JSON (module identities and their
 * levels, SVN components, dates, statuses, advisory IDs), each refusing what QVL refuses.
 */
final class TcbInfoFields {
    private TcbInfoFields() {
    }

    /**
     * The levels of one module identity, highest ISVSVN first as QVL's
     * {@code TdxModuleTcbLevel::operator>} orders them; a repeated ISVSVN or no level at all is
     * refused as QVL refuses it.
     */
    static List<ModuleTcbLevel> moduleLevels(Map<String, Object> im, String ip) throws JsonException {
        List<ModuleTcbLevel> levels = new ArrayList<>();
        List<Object> la = Json.array(im, "tcbLevels", ip);
        if (la.isEmpty()) {
            throw new JsonException(ip + ".tcbLevels: empty");
        }
        for (int j = 0; j < la.size(); j++) {
            String lp = ip + ".tcbLevels[" + j + "]";
            Map<String, Object> lm = Json.object(la.get(j), lp);
            Map<String, Object> tcb = Json.object(Json.member(lm, "tcb", lp), lp + ".tcb");
            levels.add(new ModuleTcbLevel((int) Json.integer(tcb, "isvsvn", lp + ".tcb", 65535),
                    instant(lm, "tcbDate", lp), Json.string(lm, "tcbStatus", lp), advisories(lm, lp)));
        }
        levels.sort(Comparator.comparingInt((ModuleTcbLevel l) -> l.isvSvn).reversed());
        for (int j = 1; j < levels.size(); j++) {
            if (levels.get(j - 1).isvSvn == levels.get(j).isvSvn) {
                throw new JsonException(ip + ".tcbLevels: duplicated TDX module TCB levels (isvsvn "
                        + levels.get(j).isvSvn + ")");
            }
        }
        return levels;
    }

    static TdxModule module(Map<String, Object> m, String p) throws JsonException {
        return new TdxModule(Json.hex(m, "mrsigner", p, 48), Json.hex(m, "attributes", p, 8),
                Json.hex(m, "attributesMask", p, 8));
    }

    static int[] components(Map<String, Object> tcb, String key, String p) throws JsonException {
        List<Object> arr = Json.array(tcb, key, p);
        if (arr.size() != 16) {
            throw new JsonException(p + "." + key + ": expected 16 components, got " + arr.size());
        }
        int[] out = new int[16];
        for (int i = 0; i < 16; i++) {
            out[i] = (int) Json.integer(Json.object(arr.get(i), p + "." + key + "[" + i + "]"), "svn",
                    p + "." + key + "[" + i + "]", 255);
        }
        return out;
    }

    static Instant instant(Map<String, Object> m, String key, String p) throws JsonException {
        String s = Json.string(m, key, p);
        try {
            return Instant.parse(s);
        } catch (DateTimeParseException e) {
            throw new JsonException(p + "." + key + ": not an ISO-8601 instant: " + s);
        }
    }

    static IntelTcbStatus status(Map<String, Object> m, String p) throws JsonException {
        String s = Json.string(m, "tcbStatus", p);
        Optional<IntelTcbStatus> st = IntelTcbStatus.fromIntelName(s);
        if (st.isEmpty() || !st.get().inCollateral()) {
            throw new JsonException(p + ".tcbStatus: unknown status " + s);
        }
        return st.get();
    }

    static List<String> advisories(Map<String, Object> m, String p) throws JsonException {
        if (!m.containsKey("advisoryIDs")) {
            return List.of();
        }
        List<Object> arr = Json.array(m, "advisoryIDs", p);
        List<String> out = new ArrayList<>(arr.size());
        for (Object o : arr) {
            if (!(o instanceof String)) {
                throw new JsonException(p + ".advisoryIDs: expected strings");
            }
            out.add((String) o);
        }
        return out;
    }
}
