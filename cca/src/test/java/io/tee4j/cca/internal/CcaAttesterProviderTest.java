package io.tee4j.cca.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tee4j.core.TeeType;
import io.tee4j.core.linux.Backoff;
import io.tee4j.core.linux.TsmRequest;
import io.tee4j.core.AttesterProvider;
import io.tee4j.core.testing.FakeTsmTree;
import org.junit.jupiter.api.Test;

class CcaAttesterProviderTest {

    private static AttesterProvider.Probe probe(FakeTsmTree tree) {
        return new CcaAttesterProvider(tree.client(Backoff.none())).probe();
    }

    @Test
    void availableOnlyWithTheArmCcaGuestProvider() {
        FakeTsmTree.Generator none = in -> FakeTsmTree.Blobs.of(new byte[1]);
        AttesterProvider.Probe ok = probe(FakeTsmTree.builder(TsmRequest.PROVIDER_ARM_CCA_GUEST, none).build());
        assertTrue(ok.available(), ok.findings().toString());
        AttesterProvider.Probe tdx = probe(FakeTsmTree.builder(TsmRequest.PROVIDER_TDX_GUEST, none).build());
        assertFalse(tdx.available());
        assertTrue(tdx.findings().get(0).contains("tdx_guest"), tdx.findings().toString());
        AttesterProvider.Probe absent = probe(FakeTsmTree.builder(TsmRequest.PROVIDER_ARM_CCA_GUEST, none)
                .present(false).build());
        assertFalse(absent.available());
        assertFalse(absent.hint().isEmpty());
        assertEquals(TeeType.CCA, new CcaAttesterProvider().type());
    }
}
