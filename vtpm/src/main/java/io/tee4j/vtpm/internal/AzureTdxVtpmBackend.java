package io.tee4j.vtpm.internal;

import io.tee4j.core.TeeType;
import io.tee4j.snp.abi.AzureHclReport;

/** {@code --tee azure-tdx-vtpm}: Azure TDX confidential VMs (see {@link AzureVtpmBackend}). */
public final class AzureTdxVtpmBackend extends AzureVtpmBackend {
    /** For {@link java.util.ServiceLoader}. */
    public AzureTdxVtpmBackend() {
        super(AzureHclReport.Type.TDX);
    }

    @Override
    public TeeType type() {
        return TeeType.AZURE_TDX_VTPM;
    }
}
