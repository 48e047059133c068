/*
 * A fake /dev/sev-guest driver for tee4j's SnpAttester tests, written for tee4j. It is compiled
 * with gcc against the kernel's own <linux/sev-guest.h> and loaded through JNA in place of libc
 * (exports PREFIX##open/ioctl/close with libc's signatures), so every struct offset and size
 * tee4j marshals is checked against the kernel's uapi: a wrong layout makes a request fail or a
 * key differ.
 *
 * Fixture files next to the opened path P:
 *   P.report  the signed 1184-byte report to answer with; the request's user_data and vmpl must
 *             equal the report's REPORT_DATA and VMPL (else firmware INVALID_PARAM, as a real
 *             firmware would answer a different request with a different report)
 *   P.certs   the certificate table an extended report returns (optional)
 * Paths containing "busy" answer the first two requests with VMM error BUSY (EIO); "fwerr" with
 * firmware INVALID_PARAM (EIO); "garbage" with EINVAL and garbage in exitinfo2; "missing" fail to
 * open with ENOENT.
 *
 * Derived keys: byte i of the 32-byte key is the i-th byte of
 *   le32(root_key_select) le64(guest_field_select) le32(vmpl) le32(guest_svn) le64(tcb_version)
 *   le32(msg_version ^ low 32 bits of the launch mitigation vector (message version 2 only))
 * read through the kernel's struct fields, XOR 0xA5.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <linux/ioctl.h>
#include <linux/sev-guest.h>

#ifndef PREFIX
#define PREFIX
#endif
#define CAT(a, b) a##b
#define XCAT(a, b) CAT(a, b)
#define NAME(x) XCAT(PREFIX, x)
#define FAKE_FD 5151
#define FW_INVALID_PARAM 0x16
#define PAGE 4096

_Static_assert(sizeof(struct snp_guest_request_ioctl) == 32, "ioctl arg size");
_Static_assert(sizeof(struct snp_report_req) == 96, "report req size");
_Static_assert(sizeof(struct snp_derived_key_req) == 32, "derived key req size");

static char dev_path[4000];
static int busy_left;
static unsigned char certs_buf[1 << 20];

int NAME(open)(const char *path, int flags, ...) {
    (void)flags;
    if (strstr(path, "missing")) { errno = ENOENT; return -1; }
    strncpy(dev_path, path, sizeof dev_path - 1);
    busy_left = strstr(path, "busy") ? 2 : 0;
    return FAKE_FD;
}

int NAME(close)(int fd) {
    if (fd != FAKE_FD) { errno = EBADF; return -1; }
    return 0;
}

static long read_fixture(const char *suffix, unsigned char *buf, size_t max) {
    char p[4100];
    snprintf(p, sizeof p, "%s%s", dev_path, suffix);
    FILE *f = fopen(p, "rb");
    if (!f) return -1;
    size_t n = fread(buf, 1, max, f);
    fclose(f);
    return (long)n;
}

static int fw_fail(struct snp_guest_request_ioctl *arg) {
    arg->fw_error = FW_INVALID_PARAM;
    errno = EIO;
    return -1;
}

static int answer_report(struct snp_guest_request_ioctl *arg, struct snp_report_req *r) {
    for (size_t i = 0; i < sizeof r->rsvd; i++) if (r->rsvd[i]) return fw_fail(arg);
    if (r->vmpl > 3) return fw_fail(arg);
    unsigned char report[1184];
    if (read_fixture(".report", report, sizeof report) != 1184) { errno = ENODEV; return -1; }
    uint32_t vmpl;
    memcpy(&vmpl, report + 0x30, 4);
    if (memcmp(report + 0x50, r->user_data, 64) != 0 || vmpl != r->vmpl) return fw_fail(arg);
    struct snp_report_resp *resp = (struct snp_report_resp *)(uintptr_t)arg->resp_data;
    memset(resp->data, 0, sizeof resp->data);
    uint32_t size = 1184;
    memcpy(resp->data + 4, &size, 4);
    memcpy(resp->data + 0x20, report, 1184);
    errno = 0; /* a failed fopen of an optional fixture must not look like a failed ioctl */
    return 0;
}

int NAME(ioctl)(int fd, unsigned long request, ...) {
    va_list ap;
    va_start(ap, request);
    struct snp_guest_request_ioctl *arg = va_arg(ap, struct snp_guest_request_ioctl *);
    va_end(ap);
    if (fd != FAKE_FD) { errno = EBADF; return -1; }
    if (request != SNP_GET_REPORT && request != SNP_GET_DERIVED_KEY && request != SNP_GET_EXT_REPORT) {
        errno = ENOTTY;
        return -1;
    }
    if (!arg->msg_version || !arg->req_data || !arg->resp_data) { errno = EINVAL; return -1; }
    arg->exitinfo2 = 0;
    if (busy_left > 0) {
        busy_left--;
        arg->vmm_error = SNP_GUEST_VMM_ERR_BUSY;
        errno = EIO;
        return -1;
    }
    if (strstr(dev_path, "fwerr")) return fw_fail(arg);
    if (strstr(dev_path, "garbage")) { arg->exitinfo2 = 0xdeadbeefcafe; errno = EINVAL; return -1; }
    if (request == SNP_GET_REPORT) {
        return answer_report(arg, (struct snp_report_req *)(uintptr_t)arg->req_data);
    }
    if (request == SNP_GET_EXT_REPORT) {
        struct snp_ext_report_req *e = (struct snp_ext_report_req *)(uintptr_t)arg->req_data;
        long len = read_fixture(".certs", certs_buf, sizeof certs_buf);
        uint32_t needed = len <= 0 ? 0 : (uint32_t)((len + PAGE - 1) / PAGE * PAGE);
        if (e->certs_len < needed || (e->certs_len && !e->certs_address)) {
            e->certs_len = needed;
            arg->vmm_error = SNP_GUEST_VMM_ERR_INVALID_LEN;
            errno = EIO;
            return -1;
        }
        int rc = answer_report(arg, &e->data);
        if (rc == 0 && needed) {
            unsigned char *dst = (unsigned char *)(uintptr_t)e->certs_address;
            memset(dst, 0, e->certs_len);
            memcpy(dst, certs_buf, (size_t)len);
        }
        if (rc == 0) errno = 0;
        return rc;
    }
    struct snp_derived_key_req *k = (struct snp_derived_key_req *)(uintptr_t)arg->req_data;
    uint64_t allowed = arg->msg_version >= 2 ? 0x7f : 0x3f;
    if (k->rsvd || k->root_key_select > 1 || k->vmpl > 3 || (k->guest_field_select & ~allowed)) return fw_fail(arg);
    uint32_t mit_low = 0;
    if (arg->msg_version >= 2) {
        uint64_t mit;
        memcpy(&mit, (unsigned char *)k + sizeof *k, 8);
        mit_low = (uint32_t)mit;
    }
    unsigned char m[32];
    uint32_t tail = (uint32_t)arg->msg_version ^ mit_low;
    memcpy(m, &k->root_key_select, 4);
    memcpy(m + 4, &k->guest_field_select, 8);
    memcpy(m + 12, &k->vmpl, 4);
    memcpy(m + 16, &k->guest_svn, 4);
    memcpy(m + 20, &k->tcb_version, 8);
    memcpy(m + 28, &tail, 4);
    struct snp_derived_key_resp *resp = (struct snp_derived_key_resp *)(uintptr_t)arg->resp_data;
    memset(resp->data, 0, sizeof resp->data);
    for (int i = 0; i < 32; i++) resp->data[0x20 + i] = m[i] ^ 0xA5;
    errno = 0;
    return 0;
}
