package io.tee4j.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tee4j.atls.cert.CertificateEvidence;
import io.tee4j.atls.cert.CertificateEvidenceDecoder;
import io.tee4j.atls.cert.CmwRecord;
import io.tee4j.atls.cert.GramineEvidence;
import io.tee4j.core.Evidence;
import io.tee4j.core.MalformedEvidenceException;
import io.tee4j.core.spi.TeeBackend;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code tee4j atls show-cert}: decodes the evidence extension of an attested certificate (tee4j
 * {@code id-pe-cmw}, Gramine, Contrast, Constellation) and prints it as JSON. Decodes only: nothing
 * is verified (use {@code tee4j atls connect} for that).
 */
@Command(name = "show-cert", description = "Decode the evidence extension of an attested TLS certificate (PEM or DER); "
        + "verifies nothing.",
        footer = {"", "Examples:", "  tee4j atls show-cert server.pem",
                "  openssl s_client -connect host:8443 </dev/null | tee4j atls show-cert /dev/stdin"})
final class AtlsShowCertCommand implements Callable<Integer> {
    private static final HexFormat HEX = HexFormat.of();

    @Parameters(index = "0", paramLabel = "FILE", description = "The certificate (the first one in a PEM file).")
    Path file;

    @Override
    public Integer call() throws Exception {
        List<X509Certificate> certs = InputFiles.readCertificates(file, "certificate");
        if (certs.isEmpty()) {
            throw new UsageException(file + " holds no certificate");
        }
        X509Certificate leaf = certs.get(0);
        CertificateEvidence ce = CertificateEvidenceDecoder.decode(leaf).orElseThrow(() ->
                new MalformedEvidenceException("the certificate carries no evidence extension (id-pe-cmw "
                        + "1.3.6.1.5.5.7.1.35, TCG 2.23.133.5.4.9, Contrast 1.3.9901.2.x or Constellation 1.3.9900.x.y)"));
        byte[] spki = leaf.getPublicKey().getEncoded();
        ObjectNode out = Json.MAPPER.createObjectNode();
        out.put("subject", leaf.getSubjectX500Principal().getName());
        out.put("notBefore", leaf.getNotBefore().toInstant().toString());
        out.put("notAfter", leaf.getNotAfter().toInstant().toString());
        out.put("spkiSha256", HEX.formatHex(MessageDigest.getInstance("SHA-256").digest(spki)));
        out.put("format", ce.format().name());
        out.put("extensionOid", ce.extensionOid());
        out.put("tee", ce.tee().map(t -> t.id()).orElse(null));
        out.put("description", ce.description());
        out.put("freshness", ce.freshness().name());
        ce.claimedNonce().ifPresent(n -> out.put("claimedNonce", HEX.formatHex(n)));
        ce.cmw().ifPresent(cmw -> {
            out.put("encoding", cmw.encoding().name());
            cmw.collectionType().ifPresent(t -> out.put("collectionType", t));
            ArrayNode records = out.putArray("records");
            for (Map.Entry<String, CmwRecord> e : cmw.records().entrySet()) {
                ObjectNode r = records.addObject();
                r.put("label", e.getKey());
                r.put("type", e.getValue().type());
                r.put("length", e.getValue().length());
                e.getValue().indicator().ifPresent(i -> r.put("ind", i));
            }
        });
        ce.gramine().ifPresent(g -> gramine(out.putObject("gramine"), g, spki));
        ce.constellationUserData().ifPresent(u -> out.put("constellationUserData", HEX.formatHex(u)));
        ce.evidence().ifPresent(ev -> describe(out, ev));
        System.out.println(Json.write(out));
        return ExitCodes.OK;
    }

    private static void gramine(ObjectNode g, GramineEvidence e, byte[] spki) {
        g.put("claimsSha256", HEX.formatHex(e.claimsDigest()));
        g.put("pubkeyHashAlgorithm", e.hashAlgorithm());
        g.put("pubkeyHash", HEX.formatHex(e.pubkeyHash()));
        g.put("pubkeyHashMatchesCertificateKey", e.keyBound(spki));
        g.put("quoteLength", e.quote().length);
    }

    /** The evidence's fields as its backend describes them (unverified), when the backend is present. */
    private static void describe(ObjectNode out, Evidence ev) {
        out.put("evidenceLength", ev.rawLength());
        out.put("endorsements", ev.certificates().size());
        TeeBackend backend = Backends.all().get(ev.type());
        if (backend == null) {
            return;
        }
        try {
            out.set("claims", Json.toNode(backend.describe(ev)));
        } catch (MalformedEvidenceException e) {
            out.put("claimsError", e.getMessage());
        }
    }
}
