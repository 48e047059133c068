#include <stdio.h>
#include <stddef.h>
#include "nvml_structs.h"
int main(void) {
    printf("REPORT_STRUCT_SIZE=%zu\n", sizeof(nvmlConfComputeGpuAttestationReport_t));
    printf("REPORT_SIZE_FIELD=%zu\n", offsetof(nvmlConfComputeGpuAttestationReport_t, attestationReportSize));
    printf("REPORT_NONCE_OFFSET=%zu\n", offsetof(nvmlConfComputeGpuAttestationReport_t, nonce));
    printf("REPORT_OFFSET=%zu\n", offsetof(nvmlConfComputeGpuAttestationReport_t, attestationReport));
    printf("CEC_REPORT_OFFSET=%zu\n", offsetof(nvmlConfComputeGpuAttestationReport_t, cecAttestationReport));
    printf("CERT_STRUCT_SIZE=%zu\n", sizeof(nvmlConfComputeGpuCertificate_t));
    printf("CHAIN_SIZE_FIELD=%zu\n", offsetof(nvmlConfComputeGpuCertificate_t, attestationCertChainSize));
    printf("ATTESTATION_CHAIN_OFFSET=%zu\n", offsetof(nvmlConfComputeGpuCertificate_t, attestationCertChain));
    printf("STATE_STRUCT_SIZE=%zu\n", sizeof(nvmlConfComputeSystemState_t));
    printf("SETTINGS_STRUCT_SIZE=%zu\n", sizeof(nvmlSystemConfComputeSettings_v1_t));
    printf("SETTINGS_MULTI_GPU=%zu\n", offsetof(nvmlSystemConfComputeSettings_v1_t, multiGpuMode));
    return 0;
}
