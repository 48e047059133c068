/* A fake libnvidia-ml for tests: the confidential-computing calls with the real struct layouts.
 * The test sets the report, the PEM chain and the CC state through fake_set_*; the report call
 * refuses a nonce that differs from the report's request nonce (bytes 4..35), which proves the
 * nonce travelled at the right offset. */
#include <string.h>
#include <stdint.h>
#include "nvml_structs.h"

static unsigned char g_report[NVML_CC_GPU_ATTESTATION_REPORT_SIZE];
static unsigned int g_report_len;
static char g_chain[NVML_GPU_ATTESTATION_CERT_CHAIN_SIZE];
static unsigned int g_chain_len;
static unsigned int g_cc = 1;
static unsigned int g_ready;
static int g_init_rc;
static int g_inited;

void fake_set_report(const unsigned char *r, unsigned int n) { memcpy(g_report, r, n); g_report_len = n; }
void fake_set_chain(const char *c, unsigned int n) { memcpy(g_chain, c, n); g_chain_len = n; }
void fake_set_cc(unsigned int on) { g_cc = on; }
void fake_set_init_rc(int rc) { g_init_rc = rc; }

int nvmlInit_v2(void) { if (g_init_rc) return g_init_rc; g_inited = 1; return 0; }
int nvmlShutdown(void) { g_inited = 0; return 0; }
const char *nvmlErrorString(int rc) { return rc == 9 ? "Driver Not Loaded" : rc == 2 ? "Invalid Argument" : "Unknown Error"; }
int nvmlSystemGetDriverVersion(char *v, unsigned int n) { strncpy(v, "550.90.07", n); return 0; }
int nvmlDeviceGetCount_v2(unsigned int *c) { if (!g_inited) return 1; *c = 1; return 0; }
int nvmlDeviceGetHandleByIndex_v2(unsigned int i, void **d) { if (i != 0) return 2; *d = (void *)(uintptr_t)0x1000; return 0; }
int nvmlSystemGetConfComputeState(nvmlConfComputeSystemState_t *s) { s->environment = 2; s->ccFeature = g_cc; s->devToolsMode = 0; return 0; }
int nvmlSystemGetConfComputeSettings(nvmlSystemConfComputeSettings_v1_t *s) {
    if (s->version != (sizeof(*s) | (1u << 24))) return 25;
    s->environment = 2; s->ccFeature = g_cc; s->devToolsMode = 0; s->multiGpuMode = 0; return 0;
}
int nvmlDeviceGetConfComputeGpuAttestationReport(void *d, nvmlConfComputeGpuAttestationReport_t *r) {
    if ((uintptr_t)d != 0x1000) return 2;
    if (g_report_len < 36 || memcmp(r->nonce, g_report + 4, 32) != 0) return 2;
    r->isCecAttestationReportPresent = 0;
    r->attestationReportSize = g_report_len;
    r->cecAttestationReportSize = 0;
    memcpy(r->attestationReport, g_report, g_report_len);
    return 0;
}
int nvmlDeviceGetConfComputeGpuCertificate(void *d, nvmlConfComputeGpuCertificate_t *c) {
    if ((uintptr_t)d != 0x1000) return 2;
    c->certChainSize = 0;
    c->attestationCertChainSize = g_chain_len;
    memcpy(c->attestationCertChain, g_chain, g_chain_len);
    return 0;
}
int nvmlSystemSetConfComputeGpusReadyState(unsigned int s) { g_ready = s; return 0; }
int nvmlSystemGetConfComputeGpusReadyState(unsigned int *s) { *s = g_ready; return 0; }
