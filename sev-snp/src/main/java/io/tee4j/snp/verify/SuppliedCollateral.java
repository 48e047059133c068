package io.tee4j.snp.verify;

import io.tee4j.core.Evidence;
import io.tee4j.core.MalformedEvidenceException;
import io.tee4j.snp.abi.CertificateTable;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Verification step: gathers the certificates and CRLs that come with the evidence (its
 * certificates, then its certificate table) and the verifier's extra certificates, in that order.
 * Nothing here is trusted yet; the signing-key resolution decides what is used.
 */
final class SuppliedCollateral {
    private final List<byte[]> certificates;
    private final List<byte[]> crls;

    private SuppliedCollateral(List<byte[]> certificates, List<byte[]> crls) {
        this.certificates = certificates;
        this.crls = crls;
    }

    static SuppliedCollateral of(Evidence evidence, List<byte[]> extraCertificates) throws MalformedEvidenceException {
        List<byte[]> certDers = new ArrayList<>(evidence.certificates());
        List<byte[]> crlDers = new ArrayList<>();
        Optional<byte[]> aux = evidence.auxBlob();
        if (aux.isPresent() && aux.get().length > 0) {
            CertificateTable table = CertificateTable.parse(aux.get());
            for (CertificateTable.Entry e : table.entries()) {
                if (e.guid().equals(CertificateTable.CRL)) {
                    crlDers.add(e.data());
                } else if (isCertificate(e)) {
                    certDers.add(e.data());
                }
            }
        }
        certDers.addAll(extraCertificates);
        return new SuppliedCollateral(certDers, crlDers);
    }

    private static boolean isCertificate(CertificateTable.Entry e) {
        return e.guid().equals(CertificateTable.VCEK) || e.guid().equals(CertificateTable.VLEK)
                || e.guid().equals(CertificateTable.ASK) || e.guid().equals(CertificateTable.ARK);
    }

    /** The DER (or PEM) certificates supplied, evidence first. */
    List<byte[]> certificates() {
        return certificates;
    }

    /** The CRLs found in the certificate table. */
    List<byte[]> crls() {
        return crls;
    }
}
