package io.tee4j.vtpm.azure;

import io.tee4j.core.MalformedEvidenceException;
import io.tee4j.core.VerificationFailedException;
import io.tee4j.core.VerificationFailedException.Reason;
import io.tee4j.snp.abi.AzureHclReport;
import io.tee4j.tdx.abi.TdReport;
import io.tee4j.tdx.abi.TdReportBody;
import io.tee4j.tdx.abi.TdxQuote;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;

/**
 * Pipeline step (Azure TDX): the TD quote the host made from the TDREPORT must describe that TD:
 * REPORTDATA, MRTD, RTMR0-3, TDATTRIBUTES and XFAM equal. trustee compares only REPORTDATA with the
 * runtime-data hash; comparing the rest is cheap and refuses a quote of another TD carrying a copied
 * REPORTDATA. The TDREPORT's MAC cannot be checked off the platform, and its hashes are checked by
 * {@link TdReport#parse}.
 */
final class TdQuoteBinding {
    private TdQuoteBinding() {
    }

    static TdxQuote check(AzureHclReport hcl, byte[] tdQuote) throws MalformedEvidenceException, VerificationFailedException {
        TdxQuote quote = TdxQuote.parse(tdQuote);
        TdReport report;
        try {
            report = TdReport.parse(hcl.hardwareReport());
        } catch (MalformedEvidenceException e) {
            // The HCL structure was fine; a TDREPORT whose hashes disagree was altered after the TDX module made it.
            throw new VerificationFailedException(Reason.BINDING, "the TDREPORT in the HCL report is inconsistent: "
                    + e.getMessage());
        }
        TdReportBody body = quote.body();
        List<String> differ = new ArrayList<>();
        compare(differ, "REPORTDATA", report.reportData(), body.reportData());
        compare(differ, "MRTD", report.mrTd(), body.mrTd());
        for (int i = 0; i < 4; i++) {
            compare(differ, "RTMR" + i, report.rtmr(i), body.rtmr(i));
        }
        if (report.tdAttributes().value() != body.tdAttributes().value()) {
            differ.add("TDATTRIBUTES");
        }
        if (report.xfam().value() != body.xfam().value()) {
            differ.add("XFAM");
        }
        if (!differ.isEmpty()) {
            throw new VerificationFailedException(Reason.BINDING, "the TD quote is not of the TDREPORT in the HCL "
                    + "report: " + String.join(", ", differ) + " differ");
        }
        return quote;
    }

    private static void compare(List<String> differ, String name, byte[] a, byte[] b) {
        if (!MessageDigest.isEqual(a, b)) {
            differ.add(name);
        }
    }
}
