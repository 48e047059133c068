package io.tee4j.tdx.validate;

import io.tee4j.core.NamedReferenceValues;
import io.tee4j.core.PolicyDocument;
import io.tee4j.core.PolicyFormatException;
import io.tee4j.tdx.abi.IntelTcbStatus;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads a {@link TdxPolicy} from a policy document (the keys are listed on
 * {@link TdxPolicy#fromDocument}); unknown keys, unknown or unacceptable TCB statuses and values of
 * the wrong size are {@link PolicyFormatException}.
 */
final class TdxPolicyReader {
    private TdxPolicyReader() {
    }

    /** The registers a reference-manifest entry may pin, in report order. */
    private static final Map<String, Integer> REFERENCE_REGISTERS = referenceRegisters();

    private static Map<String, Integer> referenceRegisters() {
        Map<String, Integer> m = new LinkedHashMap<>();
        m.put("mrtd", 48);
        for (int i = 0; i < 4; i++) {
            m.put("rtmr" + i, 48);
        }
        return m;
    }

    static TdxPolicy read(PolicyDocument doc) throws PolicyFormatException {
        doc.refuseUnknown(TdxPolicy.KEYS);
        TdxPolicy.Builder b = TdxPolicy.builder();
        readStatuses(doc, b);
        doc.bool("allowDebug").ifPresent(b::allowDebug);
        doc.hexList("mrtd", 48).forEach(b::addMrTd);
        doc.hexList("mrseam", 48).forEach(b::addMrSeam);
        for (int i = 0; i < 4; i++) {
            int idx = i;
            doc.hex("rtmr" + i, 48).ifPresent(v -> b.rtmr(idx, v));
        }
        doc.hex("mrConfigId", 48).ifPresent(b::mrConfigId);
        doc.hex("mrOwner", 48).ifPresent(b::mrOwner);
        doc.hex("mrOwnerConfig", 48).ifPresent(b::mrOwnerConfig);
        Optional<PolicyDocument> xfam = doc.object("xfam");
        if (xfam.isPresent()) {
            long v = xfam.get().unsigned64("value").orElseThrow(() -> doc.invalid("xfam", "needs a value"));
            b.xfam(v, xfam.get().unsigned64("mask").orElse(-1L));
            xfam.get().finish();
        }
        Optional<PolicyDocument> attrs = doc.object("tdAttributes");
        if (attrs.isPresent()) {
            long v = attrs.get().unsigned64("value").orElseThrow(() -> doc.invalid("tdAttributes", "needs a value"));
            b.tdAttributes(v, attrs.get().unsigned64("mask").orElse(-1L));
            attrs.get().finish();
        }
        doc.hex("minimumTeeTcbSvn", 16).ifPresent(b::minimumTeeTcbSvn);
        doc.unsigned("minimumQeSvn", 65535).ifPresent(v -> b.minimumQeSvn(v.intValue()));
        doc.unsigned("minimumPceSvn", 65535).ifPresent(v -> b.minimumPceSvn(v.intValue()));
        doc.hex("reportData", 64).ifPresent(b::reportData);
        doc.hex("qeVendorId", 16).ifPresent(b::qeVendorId);
        doc.unsigned("minimumTcbEvaluationDataNumber", 0xFFFFFFFFL).ifPresent(b::minimumTcbEvaluationDataNumber);
        doc.strings("rejectedAdvisoryIds").forEach(b::rejectAdvisoryId);
        b.referenceManifest(NamedReferenceValues.read(doc, "referenceManifest", REFERENCE_REGISTERS, Set.of("mrtd")));
        doc.finish();
        return b.build();
    }

    /** {@code acceptedTcbStatuses}, when present, replaces the default; Revoked and TCBNotSupported never pass. */
    private static void readStatuses(PolicyDocument doc, TdxPolicy.Builder b) throws PolicyFormatException {
        List<String> statuses = doc.strings("acceptedTcbStatuses");
        if (!doc.has("acceptedTcbStatuses")) {
            return;
        }
        b.acceptNoStatus();
        for (String s : statuses) {
            IntelTcbStatus st = IntelTcbStatus.fromIntelName(s).orElseThrow(
                    () -> doc.invalid("acceptedTcbStatuses", "unknown Intel TCB status " + s));
            if (st == IntelTcbStatus.REVOKED || st == IntelTcbStatus.NOT_SUPPORTED) {
                throw doc.invalid("acceptedTcbStatuses", s + " can never be accepted");
            }
            b.acceptTcbStatus(st);
        }
    }
}
