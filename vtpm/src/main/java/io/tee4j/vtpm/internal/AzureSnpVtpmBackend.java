package io.tee4j.vtpm.internal;

import io.tee4j.core.TeeType;
import io.tee4j.snp.abi.AzureHclReport;

/** {@code --tee azure-snp-vtpm}: Azure SEV-SNP confidential VMs (see {@link AzureVtpmBackend}). */
public final class AzureSnpVtpmBackend extends AzureVtpmBackend {
    /** For {@link java.util.ServiceLoader}. */
    public AzureSnpVtpmBackend() {
        super(AzureHclReport.Type.SNP);
    }

    @Override
    public TeeType type() {
        return TeeType.AZURE_SNP_VTPM;
    }
}
