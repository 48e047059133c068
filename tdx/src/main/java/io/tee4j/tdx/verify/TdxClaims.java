package io.tee4j.tdx.verify;

import io.tee4j.core.Claims;
import io.tee4j.core.CommonClaims;
import io.tee4j.core.TeeType;
import io.tee4j.tdx.abi.CcEventLog;
import io.tee4j.tdx.abi.IntelTcbStatus;
import io.tee4j.tdx.abi.PckExtensions;
import io.tee4j.tdx.abi.QeReport;
import io.tee4j.tdx.abi.TcbEvaluation;
import io.tee4j.tdx.abi.TdReportBody;
import io.tee4j.tdx.abi.TdxQuote;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/** Builds claims trees for quotes and results. */
public final class TdxClaims {
    private TdxClaims() {
    }

    public static Claims.Builder quote(TdxQuote q) {
        TdReportBody b = q.body();
        Claims.Builder body = Claims.builder()
                .put("teeTcbSvn", b.teeTcbSvn())
                .put("mrSeam", b.mrSeam())
                .put("mrSignerSeam", b.mrSignerSeam())
                .put("seamAttributes", hex(b.seamAttributes(), 16))
                .put("tdAttributes", hex(b.tdAttributes().value(), 16))
                .put("tdAttributeNames", b.tdAttributes().names())
                .put("debug", b.tdAttributes().debug())
                .put("xfam", hex(b.xfam().value(), 16))
                .put("xfamNames", b.xfam().names())
                .put("mrTd", b.mrTd())
                .put("mrConfigId", b.mrConfigId())
                .put("mrOwner", b.mrOwner())
                .put("mrOwnerConfig", b.mrOwnerConfig())
                .put("rtmr0", b.rtmr(0))
                .put("rtmr1", b.rtmr(1))
                .put("rtmr2", b.rtmr(2))
                .put("rtmr3", b.rtmr(3))
                .put("reportData", b.reportData())
                .put("teeTcbSvn2", b.teeTcbSvn2().orElse(null))
                .put("mrServiceTd", b.mrServiceTd().orElse(null));
        QeReport qe = q.qeReport();
        Claims.Builder qeb = Claims.builder()
                .put("cpuSvn", qe.cpuSvn())
                .put("miscSelect", qe.miscSelect())
                .put("attributes", qe.attributes())
                .put("mrEnclave", qe.mrEnclave())
                .put("mrSigner", qe.mrSigner())
                .put("isvProdId", qe.isvProdId())
                .put("isvSvn", qe.isvSvn())
                .put("reportData", qe.reportData());
        return Claims.builder()
                .put("version", q.version())
                .put("attestationKeyType", q.attestationKeyType())
                .put("teeType", hex(q.teeType(), 2))
                .put("qeVendorId", q.qeVendorId())
                .put("userData", q.userData())
                .put("bodyType", q.bodyType())
                .put("body", body)
                .put("attestationKey", q.attestationKey())
                .put("signature", q.signature())
                .put("qeReport", qe.rawRef().length == 0 ? null : qeb)
                .put("qeReportSignature", q.qeReportSignature())
                .put("qeAuthData", q.qeAuthData())
                .put("pckChainBytes", q.pckChainLength())
                .put("trailingBytes", q.trailingBytes());
    }

    public static Claims.Builder pck(PckExtensions p) {
        List<Integer> comps = new ArrayList<>();
        for (int c : p.cpuSvnComponents()) {
            comps.add(c);
        }
        return Claims.builder()
                .put("fmspc", p.fmspc())
                .put("pceId", p.pceId())
                .put("pceSvn", p.pceSvn())
                .put("cpuSvn", p.cpuSvn())
                .put("cpuSvnComponents", comps)
                .put("ppid", p.ppid())
                .put("sgxType", p.sgxType())
                .put("platformInstanceId", p.platformInstanceId().orElse(null))
                .put("dynamicPlatform", p.dynamicPlatform().orElse(null))
                .put("cachedKeys", p.cachedKeys().orElse(null))
                .put("smtEnabled", p.smtEnabled().orElse(null));
    }

    static Claims verified(TdxQuote q, PckExtensions p, TcbEvaluation t, List<String> warnings, CcEventLog log,
            boolean measurementsAppraised, String referenceManifestEntry) {
        Claims.Builder tcb = Claims.builder()
                .put("status", t.status().intelName())
                .put("commonStatus", t.status().common().name())
                .put("platformStatus", t.platformStatus().intelName())
                .put("platformTcbDate", t.platformTcbDate() == null ? null : t.platformTcbDate().toString())
                .put("moduleIdentity", t.moduleIdentity().orElse(null))
                .put("moduleStatus", t.moduleStatus().map(IntelTcbStatus::intelName).orElse(null))
                .put("qeStatus", t.qeStatus().intelName())
                .put("qeLevelStatus", t.qeLevelStatus().orElse(null))
                .put("advisoryIds", t.advisoryIds())
                .put("tcbEvaluationDataNumber", t.tcbEvaluationDataNumber());
        return Claims.builder()
                .put("tee", "tdx")
                .put("intelTcbStatus", t.status().intelName())
                .put("tcbStatus", t.status().common().name())
                .put("signedBytesSha256", HexFormat.of().formatHex(q.signedBytesSha256()))
                .put("measurementsAppraised", measurementsAppraised)
                .put("referenceManifestEntry", referenceManifestEntry)
                .put("quote", quote(q))
                .put("pck", pck(p))
                .put("tcb", tcb)
                .put("eventLog", log == null ? null : eventLog(log))
                .put("warnings", warnings)
                .build();
    }

    static Claims.Builder eventLog(CcEventLog log) {
        Claims.Builder b = Claims.builder().put("events", log.events().size());
        for (int r = 0; r < 4; r++) {
            List<Object> events = new ArrayList<>();
            for (CcEventLog.Event e : log.eventsFor(r)) {
                events.add(Claims.builder()
                        .put("type", hex(e.eventType(), 1))
                        .put("sha384", e.digest(CcEventLog.ALG_SHA384))
                        .put("dataBytes", e.data().length)
                        .build());
            }
            b.put("rtmr" + r, events);
        }
        return b;
    }

    /**
     * {@code "0x"} and the value's lower-case hex digits, zero-padded to at least {@code minDigits}:
     * what {@code String.format("0x%0<minDigits>x", v)} gives (a negative value as its unsigned
     * two's complement), without parsing a format string for every claim of every reply.
     */
    static String hex(long v, int minDigits) {
        String digits = Long.toHexString(v);
        StringBuilder out = new StringBuilder(2 + Math.max(minDigits, digits.length())).append("0x");
        for (int i = digits.length(); i < minDigits; i++) {
            out.append('0');
        }
        return out.append(digits).toString();
    }

    static CommonClaims common(TdxQuote q, PckExtensions p, TcbEvaluation t) {
        TdReportBody b = q.body();
        CommonClaims.Builder c = CommonClaims.builder(TeeType.TDX)
                .reportData(b.reportData())
                .measurement("mrtd", b.mrTd())
                .measurement("rtmr0", b.rtmr(0))
                .measurement("rtmr1", b.rtmr(1))
                .measurement("rtmr2", b.rtmr(2))
                .measurement("rtmr3", b.rtmr(3))
                .debug(b.tdAttributes().debug());
        if (t != null) {
            c.tcbStatus(t.status().common());
        }
        if (p != null) {
            c.platformId(p.platformInstanceId().map(HexFormat.of()::formatHex).orElse("ppid:" + HexFormat.of().formatHex(p.ppid())));
        }
        return c.build();
    }
}
