package io.tee4j.atls.cert;

import io.tee4j.core.Evidence;
import io.tee4j.core.MalformedEvidenceException;
import io.tee4j.core.TeeType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * tee4j's layout of the wrapper in {@code id-pe-cmw}: a CBOR collection of type
 * {@link Cmw#TEE4J_COLLECTION_TYPE} with the records
 *
 * <ul>
 *   <li>{@code evidence}: the TEE's evidence ({@link MediaTypes#evidence}, {@code ind} 4);
 *   <li>{@code endorsement-0}, {@code endorsement-1}, ...: DER certificates that travel with it
 *       (a VCEK and ASK), in order ({@code ind} 2);
 *   <li>{@code aux}: the evidence's auxiliary blob, when it has one;
 *   <li>{@code freshness}: the nonce the evidence is bound to, typed {@link MediaTypes#NONCE} or
 *       {@link MediaTypes#TIME_WINDOW}.
 * </ul>
 *
 * <p>On input a lone record is read as the evidence with unstated freshness, and records with
 * other labels are ignored.
 */
public final class Tee4jWrapper {
    static final String EVIDENCE = "evidence";
    static final String ENDORSEMENT_PREFIX = "endorsement-";
    static final String AUX = "aux";
    static final String FRESHNESS = "freshness";

    private Tee4jWrapper() {
    }

    /** The CBOR wrapper for evidence bound to {@code nonce}, whose kind {@code freshnessType} names. */
    public static byte[] write(Evidence evidence, String freshnessType, byte[] nonce) {
        Map<String, CmwRecord> records = new LinkedHashMap<>();
        records.put(EVIDENCE, new CmwRecord(MediaTypes.evidence(evidence.type()), evidence.raw(),
                OptionalLong.of(CmwRecord.IND_EVIDENCE)));
        List<byte[]> certs = evidence.certificates();
        for (int i = 0; i < certs.size(); i++) {
            records.put(ENDORSEMENT_PREFIX + i, new CmwRecord(MediaTypes.PKIX_CERT, certs.get(i),
                    OptionalLong.of(CmwRecord.IND_ENDORSEMENTS)));
        }
        evidence.auxBlob().ifPresent(a -> records.put(AUX, new CmwRecord(MediaTypes.AUX_BLOB, a,
                OptionalLong.of(CmwRecord.IND_ENDORSEMENTS))));
        records.put(FRESHNESS, new CmwRecord(freshnessType, nonce, OptionalLong.empty()));
        return CmwCodec.encodeCborCollection(Cmw.TEE4J_COLLECTION_TYPE, records);
    }

    /** Reads a decoded wrapper as tee4j evidence. */
    static CertificateEvidence read(Cmw cmw) throws MalformedEvidenceException {
        CmwRecord ev = cmw.isRecord() ? cmw.records().get(Cmw.RECORD_LABEL)
                : cmw.record(EVIDENCE).orElseThrow(() -> new MalformedEvidenceException(
                        "id-pe-cmw: the collection has no \"" + EVIDENCE + "\" record"));
        Optional<TeeType> tee = MediaTypes.teeOf(ev.type());
        Optional<Evidence> evidence = Optional.empty();
        if (tee.isPresent()) {
            Evidence.Builder b = Evidence.builder(tee.get(), ev.value());
            for (Map.Entry<String, CmwRecord> e : cmw.records().entrySet()) {
                if (e.getKey().startsWith(ENDORSEMENT_PREFIX) && e.getValue().type().equals(MediaTypes.PKIX_CERT)) {
                    b.addCertificate(e.getValue().value());
                }
            }
            cmw.record(AUX).filter(r -> r.type().equals(MediaTypes.AUX_BLOB)).ifPresent(r -> b.auxBlob(r.value()));
            evidence = Optional.of(b.build());
        }
        Freshness freshness = Freshness.UNSTATED;
        Optional<byte[]> nonce = Optional.empty();
        Optional<CmwRecord> f = cmw.record(FRESHNESS);
        if (f.isPresent()) {
            if (f.get().type().equals(MediaTypes.NONCE)) {
                freshness = Freshness.CLIENT_NONCE;
            } else if (f.get().type().equals(MediaTypes.TIME_WINDOW)) {
                freshness = Freshness.TIME_WINDOW;
            } else {
                throw new MalformedEvidenceException("id-pe-cmw: unknown freshness record " + f.get().type());
            }
            nonce = Optional.of(f.get().value());
        }
        return new CertificateEvidence(EvidenceFormat.TEE4J_CMW, EvidenceFormat.TEE4J_CMW.oid(), tee, ev.type(),
                evidence, freshness, nonce, Optional.of(cmw), Optional.empty(), Optional.empty());
    }
}
