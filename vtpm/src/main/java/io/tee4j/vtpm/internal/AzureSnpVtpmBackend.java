package io.tee4j.vtpm.internal;

import io.tee4j.core.TeeType;
import io.tee4j.vtpm.azure.HclReport;

/** {@code --tee azure-snp-vtpm}: Azure SEV-SNP confidential VMs (see {@link AzureVtpmBackend}). */
public final class AzureSnpVtpmBackend extends AzureVtpmBackend {
    /** For {@link java.util.ServiceLoader}. */
    public AzureSnpVtpmBackend() {
        super(HclReport.Type.SNP);
    }

    @Override
    public TeeType type() {
        return TeeType.AZURE_SNP_VTPM;
    }
}
