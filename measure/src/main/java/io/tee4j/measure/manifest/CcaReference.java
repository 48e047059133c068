package io.tee4j.measure.manifest;

import io.tee4j.core.CollateralUnavailableException;
import io.tee4j.measure.MeasurementInputException;
import io.tee4j.measure.cca.RealmInitialMeasurement;
import io.tee4j.measure.cca.RealmParams;
import io.tee4j.measure.cca.RimHashAlgorithm;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;

/** An entry's CCA realm initial measurement, as {@code tee4j measure cca} computes it from the same inputs. */
final class CcaReference {
    private CcaReference() {
    }

    static byte[] rim(ManifestEntry e, ManifestArtifacts files)
            throws CollateralUnavailableException, MeasurementInputException {
        if (e.cca.isEmpty()) {
            throw new MeasurementInputException("a CCA RIM needs the entry's cca object");
        }
        CcaInputs c = e.cca.get();
        RimHashAlgorithm alg = c.hash.equals("sha512") ? RimHashAlgorithm.SHA512 : RimHashAlgorithm.SHA256;
        RealmInitialMeasurement m = RealmInitialMeasurement.create(RealmParams.of(c.ipaBits, c.breakpoints,
                c.watchpoints, c.sveVectorBits, c.pmuCounters, c.lpa2, alg));
        for (long[] r : c.ram) {
            m.initRipas(r[0] & ~0xFFFL, (r[0] + r[1] + 0xFFF) & ~0xFFFL);
        }
        // Blobs are measured in ascending address order, as the VMM populates the realm.
        List<CcaInputs.Blob> blobs = c.data.stream().sorted(Comparator.comparingLong(CcaInputs.Blob::address))
                .collect(Collectors.toList());
        for (int i = 0; i < blobs.size(); i++) {
            if (i > 0 && blobs.get(i).address() == blobs.get(i - 1).address()) {
                throw new MeasurementInputException("two data blobs at 0x" + Long.toHexString(blobs.get(i).address()));
            }
            m.addData(blobs.get(i).address(), files.read(blobs.get(i).file(), ManifestArtifacts.MAX_BOOT_FILE_BYTES,
                    e.name));
        }
        if (c.recPc.isPresent()) {
            m.addRec(c.recPc.get(), c.recGprs.stream().mapToLong(Long::longValue).toArray());
        }
        for (long[] r : c.unmeasured) {
            m.addUnmeasuredData(r[0], r[1]);
        }
        return m.rim();
    }
}
