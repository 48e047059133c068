package io.tee4j.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tee4j.core.AttesterProvider;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link Tee#detect(Iterable)}: what it probes, what it picks, and what it says when nothing is there. */
class TeeDetectTest {

    /** A provider whose probe outcome is fixed; records whether it was probed and created. */
    private static final class FakeProvider implements AttesterProvider {
        final TeeType type;
        final Probe probe;
        final Attester attester;
        int probes;
        int creates;

        FakeProvider(TeeType type, boolean available, List<String> findings, String hint) {
            this.type = type;
            this.probe = new Probe(available, findings, hint);
            this.attester = new Attester() {
                @Override
                public TeeType type() {
                    return type;
                }

                @Override
                public Evidence attest(byte[] reportData) {
                    throw new UnsupportedOperationException("not used by these tests");
                }
            };
        }

        @Override
        public TeeType type() {
            return type;
        }

        @Override
        public Probe probe() {
            probes++;
            return probe;
        }

        @Override
        public Attester create() {
            creates++;
            return attester;
        }
    }

    private static FakeProvider absent(TeeType type, String finding, String hint) {
        return new FakeProvider(type, false, List.of(finding), hint);
    }

    @Test
    void noProvidersNamesTheMissingArtifacts() {
        TeeUnavailableException e = assertThrows(TeeUnavailableException.class, () -> Tee.detect(List.of()));
        assertTrue(e.getMessage().contains("no TEE backend on the class path"), e.getMessage());
        assertTrue(e.getMessage().contains("tee4j-sev-snp"), e.getMessage());
        assertEquals(List.of(), e.probes());
        assertEquals(FailureClass.TEE_UNAVAILABLE, e.failureClass());
    }

    @Test
    void serviceLoaderFindsNoBackendInCoreAlone() {
        // core's own test class path registers no AttesterProvider; simulators never stand in.
        TeeUnavailableException e = assertThrows(TeeUnavailableException.class, Tee::detect);
        assertTrue(e.getMessage().contains("no TEE backend"), e.getMessage());
    }

    @Test
    void unavailableProviderWithoutFindingsIsStillNamed() {
        FakeProvider silent = new FakeProvider(TeeType.CCA, false, List.of(), "");
        TeeUnavailableException e = assertThrows(TeeUnavailableException.class, () -> Tee.detect(List.of(silent)));
        assertEquals(List.of("cca: unavailable"), e.probes());
        assertTrue(!e.getMessage().contains("no TEE backend on the class path"), e.getMessage());
    }

    @Test
    void throwingProbeIsRecordedAndTheOthersAreStillProbed() throws Exception {
        AttesterProvider broken = new AttesterProvider() {
            @Override
            public TeeType type() {
                return TeeType.SEV_SNP;
            }

            @Override
            public Probe probe() {
                throw new IllegalStateException("driver went away");
            }

            @Override
            public Attester create() {
                throw new AssertionError("never created");
            }
        };
        FakeProvider tdx = new FakeProvider(TeeType.TDX, true, List.of("/dev/tdx_guest: present"), "");
        assertSame(tdx.attester, Tee.detect(List.of(broken, tdx)));
        TeeUnavailableException e = assertThrows(TeeUnavailableException.class, () -> Tee.detect(List.of(broken)));
        assertTrue(e.probes().get(0).contains("probe failed"), e.probes().toString());
    }

    @Test
    void allUnavailableListsEveryProbeAndHint() {
        FakeProvider snp = new FakeProvider(TeeType.SEV_SNP, false,
                List.of("/dev/sev-guest: missing", "/sys/kernel/config/tsm/report: missing"), "load the sev-guest module");
        FakeProvider tdx = absent(TeeType.TDX, "/dev/tdx_guest: missing", "");
        FakeProvider gpu = absent(TeeType.NVIDIA_GPU, "libnvidia-ml.so: not found", "install the NVIDIA driver");
        TeeUnavailableException e = assertThrows(TeeUnavailableException.class, () -> Tee.detect(List.of(snp, tdx, gpu)));
        assertEquals(List.of("sev-snp: /dev/sev-guest: missing", "sev-snp: /sys/kernel/config/tsm/report: missing",
                "tdx: /dev/tdx_guest: missing", "nvidia-gpu: libnvidia-ml.so: not found"), e.probes());
        String m = e.getMessage();
        for (String probe : e.probes()) {
            assertTrue(m.contains(probe), m);
        }
        assertTrue(m.contains("sev-snp: load the sev-guest module"), m);
        assertTrue(m.contains("nvidia-gpu: install the NVIDIA driver"), m);
        assertTrue(m.contains("Simulators are never used"), m);
        // An empty hint adds no line.
        assertTrue(!m.contains("tdx: \n"), m);
        assertEquals(0, snp.creates + tdx.creates + gpu.creates);
        assertEquals(1, snp.probes);
        assertEquals(1, gpu.probes);
    }

    @Test
    void firstAvailableProviderIsChosenAndLaterOnesNotProbed() throws Exception {
        FakeProvider snp = absent(TeeType.SEV_SNP, "/dev/sev-guest: missing", "");
        FakeProvider tdx = new FakeProvider(TeeType.TDX, true, List.of("/dev/tdx_guest: present"), "");
        FakeProvider cca = new FakeProvider(TeeType.CCA, true, List.of("tsm provider arm-cca: present"), "");
        Attester chosen = Tee.detect(List.of(snp, tdx, cca));
        assertSame(tdx.attester, chosen);
        assertEquals(TeeType.TDX, chosen.type());
        assertEquals(1, tdx.creates);
        assertEquals(0, cca.probes);
        assertEquals(0, cca.creates);
        assertEquals(0, snp.creates);
    }

    @Test
    void orderOfProvidersDecides() throws Exception {
        FakeProvider cca = new FakeProvider(TeeType.CCA, true, List.of(), "");
        FakeProvider tdx = new FakeProvider(TeeType.TDX, true, List.of(), "");
        List<AttesterProvider> order = new ArrayList<>(List.of(cca, tdx));
        assertSame(cca.attester, Tee.detect(order));
    }

    @Test
    void attesterForAbsentBackendNamesTheArtifact() {
        TeeUnavailableException e = assertThrows(TeeUnavailableException.class, () -> Tee.attester(TeeType.CCA));
        assertTrue(e.getMessage().contains("tee4j-cca"), e.getMessage());
    }
}
