package io.tee4j.vtpm.gcp;

import io.tee4j.core.MalformedEvidenceException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A go-tpm-tools {@code attest.Attestation} protobuf, decoded by hand from the wire format with
 * bounds on every length and count: 1 ak_pub (TPMT_PUBLIC), 2 quotes (one per PCR bank),
 * 3 event_log (TCG PC Client), 6 ak_cert (DER), 7 intermediate_certs, 8 sev_snp_attestation,
 * 9 tdx_attestation (kept as bytes). Other fields (instance info, the canonical event log) are
 * skipped. Nothing is verified here.
 *
 * @param akPublic the AK's TPMT_PUBLIC
 * @param quotes the quotes, in order
 * @param eventLog the event log, empty if none
 * @param akCertificate the AK certificate (DER), if present
 * @param intermediates intermediate certificates (DER) the attestation brings
 * @param teeAttestation the SEV-SNP (field 8) or TDX (field 9) attestation message, if present
 * @param teeAttestationField 8 or 9, 0 if none
 * @since 0.1
 */
public record GceAttestation(byte[] akPublic, List<GceQuote> quotes, byte[] eventLog, Optional<byte[]> akCertificate,
        List<byte[]> intermediates, Optional<byte[]> teeAttestation, int teeAttestationField) {
    /** Largest attestation accepted. */
    public static final int MAX_SIZE = 4 << 20;
    private static final int MAX_QUOTES = 8;
    private static final int MAX_CERTS = 8;

    /** Copies. */
    public GceAttestation {
        akPublic = akPublic.clone();
        quotes = List.copyOf(quotes);
        eventLog = eventLog.clone();
        Objects.requireNonNull(akCertificate, "akCertificate");
        intermediates = List.copyOf(intermediates);
        Objects.requireNonNull(teeAttestation, "teeAttestation");
    }

    /** Decodes the protobuf. */
    public static GceAttestation parse(byte[] bytes) throws MalformedEvidenceException {
        Objects.requireNonNull(bytes, "bytes");
        if (bytes.length > MAX_SIZE) {
            throw new MalformedEvidenceException("attestation of " + bytes.length + " bytes (at most " + MAX_SIZE + ")");
        }
        ProtoReader r = new ProtoReader(bytes, "attest.Attestation");
        byte[] ak = null;
        List<GceQuote> quotes = new ArrayList<>();
        byte[] log = new byte[0];
        byte[] cert = null;
        List<byte[]> intermediates = new ArrayList<>();
        byte[] tee = null;
        int teeField = 0;
        for (int f = r.next(); f >= 0; f = r.next()) {
            switch (f) {
                case 1 -> ak = r.bytes(f);
                case 2 -> quotes.add(GceQuote.read(r.bytes(f)));
                case 3 -> log = r.bytes(f);
                case 6 -> cert = r.bytes(f);
                case 7 -> intermediates.add(r.bytes(f));
                case 8, 9 -> {
                    tee = r.bytes(f);
                    teeField = f;
                }
                default -> r.skip(f);
            }
            if (quotes.size() > MAX_QUOTES || intermediates.size() > MAX_CERTS) {
                throw new MalformedEvidenceException("attestation has more than " + MAX_QUOTES + " quotes or "
                        + MAX_CERTS + " intermediate certificates");
            }
        }
        if (ak == null) {
            throw new MalformedEvidenceException("attestation has no ak_pub (field 1): not a go-tpm-tools attestation");
        }
        return new GceAttestation(ak, quotes, log, Optional.ofNullable(cert), intermediates, Optional.ofNullable(tee),
                teeField);
    }

    @Override
    public byte[] akPublic() {
        return akPublic.clone();
    }

    @Override
    public byte[] eventLog() {
        return eventLog.clone();
    }
}
