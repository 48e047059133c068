package io.tee4j.snp.verify;

import io.tee4j.core.VerificationFailedException.Reason;
import io.tee4j.core.VerificationFailedException;
import io.tee4j.snp.abi.AttestationReport;
import io.tee4j.snp.abi.AzureHclReport;
import io.tee4j.snp.abi.SigningKey;
import io.tee4j.snp.abi.TcbLayout;
import io.tee4j.snp.abi.TcbVersion;
import java.util.Arrays;

/**
 * Verification step: the bindings between an authentic report, its signing certificate and its
 * wrapper. REPORTED_TCB is the certificate's TCB (Turin: reserved bytes zero); go-sev-guest's
 * consistency rules hold (see {@link TcbConsistency}); a VCEK's HWID is the report's CHIP_ID unless
 * the chip id is masked; an HCL blob's runtime data is bound by REPORT_DATA.
 */
final class ReportBindings {
    private ReportBindings() {
    }

    static void require(AttestationReport report, ReportEnvelope envelope, VerifiedLeaf leaf)
            throws VerificationFailedException {
        requireTcbOfCertificate(report, leaf);
        TcbConsistency.require(report, leaf.certTcb);
        if (envelope.signingKey == SigningKey.VCEK && !report.chipIdMasked()
                && !SignerSelector.hwidIsChip(leaf.hwid, report.chipId())) {
            throw new VerificationFailedException(Reason.BINDING, "the report's CHIP_ID is not the VCEK's HWID");
        }
        AzureHclReport hcl = envelope.hcl;
        if (hcl != null && !hcl.runtimeDataBound()) {
            throw new VerificationFailedException(Reason.BINDING, "the HCL blob's runtime data is not bound to the "
                    + "report: REPORT_DATA does not start with its " + hcl.hashAlgorithm() + " digest followed by zeros");
        }
    }

    private static void requireTcbOfCertificate(AttestationReport report, VerifiedLeaf leaf)
            throws VerificationFailedException {
        TcbVersion reported = report.reportedTcb();
        TcbVersion cert = leaf.certTcb;
        boolean ok;
        if (reported.layout() == TcbLayout.TURIN) {
            ok = reported.components().equals(cert.components())
                    && Arrays.stream(reported.reservedBytes()).allMatch(x -> x == 0);
        } else {
            ok = reported.raw() == cert.raw();
        }
        if (!ok) {
            throw new VerificationFailedException(Reason.BINDING, "REPORTED_TCB " + reported + " is not the TCB of the "
                    + leaf.kind + " certificate " + cert);
        }
    }
}
