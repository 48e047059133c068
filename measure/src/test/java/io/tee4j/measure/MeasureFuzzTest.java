package io.tee4j.measure;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.tee4j.core.CollateralUnavailableException;
import io.tee4j.core.MalformedEvidenceException;
import io.tee4j.core.PolicyFormatException;
import io.tee4j.core.TeeType;
import io.tee4j.measure.manifest.ReferenceManifest;
import io.tee4j.measure.snp.IdAuthInfo;
import io.tee4j.measure.snp.IdBlock;
import io.tee4j.measure.snp.OvmfImage;
import io.tee4j.measure.snp.SevHashesTable;
import io.tee4j.measure.snp.SnpLaunch;
import io.tee4j.measure.snp.SnpLaunchDigest;
import io.tee4j.measure.snp.VmmType;
import io.tee4j.measure.tdx.CcEventLog;
import io.tee4j.measure.tdx.DirectBoot;
import io.tee4j.measure.tdx.EventLogReplay;
import io.tee4j.measure.tdx.Mrtd;
import io.tee4j.measure.tdx.PageAddOrder;
import io.tee4j.measure.tdx.TdHob;
import io.tee4j.measure.tdx.TdvfMetadata;
import java.util.List;

/**
 * Jazzer harnesses for every parser of firmware, kernels and logs in this module. In the normal test
 * run they replay their seed corpora (MeasureFuzzTestInputs/README.md); with JAZZER_FUZZ=1 they fuzz.
 * A harness fails on anything but the documented checked exceptions: malformed input is a
 * MalformedEvidenceException, inputs that do not fit a MeasurementInputException.
 */
class MeasureFuzzTest {
    private static final SevHashesTable HASHES = SevHashesTable.of(new byte[0], null, "console=hvc0");

    @FuzzTest(maxDuration = "30s")
    void ovmfMetadata(byte[] data) {
        try {
            OvmfImage fw = OvmfImage.parse(data);
            fw.footerTable().entries();
            for (VmmType vmm : new VmmType[] {VmmType.QEMU, VmmType.EC2, VmmType.GCE}) {
                measure(SnpLaunch.builder(fw).vcpus(3).vmm(vmm).build());
                measure(SnpLaunch.builder(fw).hashes(HASHES).build());
            }
        } catch (MalformedEvidenceException | MeasurementInputException expected) {
            // typed errors only
        }
    }

    private static void measure(SnpLaunch launch) throws MalformedEvidenceException {
        try {
            SnpLaunchDigest.compute(launch);
        } catch (MeasurementInputException expected) {
            // e.g. no AP reset address or no kernel-hashes section
        }
    }

    @FuzzTest(maxDuration = "30s")
    void tdvfMetadata(byte[] data) {
        try {
            TdvfMetadata tdvf = TdvfMetadata.parse(data);
            Mrtd.compute(tdvf, PageAddOrder.SINGLE_PASS);
            Mrtd.compute(tdvf, PageAddOrder.TWO_PASS);
            TdHob.digest(tdvf, 0xC0000000L);
        } catch (MalformedEvidenceException | MeasurementInputException expected) {
            // typed errors only
        }
    }

    @FuzzTest(maxDuration = "30s")
    void ccEventLog(byte[] data) {
        try {
            EventLogReplay.replay(CcEventLog.parse(data), List.of()).events().forEach(Object::toString);
        } catch (MalformedEvidenceException expected) {
            // typed errors only
        }
    }

    @FuzzTest(maxDuration = "30s")
    void peKernel(byte[] data) {
        try {
            DirectBoot.rtmr1(data, 0x100000, 0x80000000L);
        } catch (MalformedEvidenceException | MeasurementInputException expected) {
            // typed errors only
        }
    }

    @FuzzTest(maxDuration = "30s")
    void idAuthInfo(byte[] data) {
        try {
            IdAuthInfo auth = IdAuthInfo.parse(data);
            auth.idKeyDigest();
            auth.verify(IdBlock.of(new byte[48]));
        } catch (MalformedEvidenceException expected) {
            // typed errors only
        }
    }

    /** An empty folder: a fuzzed manifest's file names resolve inside it and find nothing. */
    private static final java.nio.file.Path EMPTY = emptyFolder();

    private static java.nio.file.Path emptyFolder() {
        try {
            java.nio.file.Path d = java.nio.file.Files.createTempDirectory("tee4j-manifest-fuzz");
            d.toFile().deleteOnExit();
            return d;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @FuzzTest(maxDuration = "30s")
    void referenceManifest(byte[] data) {
        try {
            ReferenceManifest m = ReferenceManifest.parse(data, EMPTY);
            for (TeeType t : new TeeType[] {TeeType.SEV_SNP, TeeType.TDX, TeeType.CCA}) {
                try {
                    m.derive(t).forEach(Object::toString);
                } catch (MeasurementInputException | MalformedEvidenceException | CollateralUnavailableException e) {
                    // typed errors only
                }
            }
        } catch (PolicyFormatException expected) {
            // typed errors only
        }
    }
}
