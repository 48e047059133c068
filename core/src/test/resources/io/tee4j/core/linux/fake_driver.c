/*
 * A fake device driver for NativeDevicesTest: exports open/ioctl/close (optionally with a symbol
 * prefix, -DPREFIX=tee4j_fake_) with libc's variadic signatures, so tee4j's JNA binding calls it
 * exactly as it calls libc. Written for tee4j; answers by byte layout.
 *
 * Requests (type 'F'):
 *   _IOWR('F', 1, 16)  arg = { u64 data_ptr; u32 len; u32 sum_out }: reverses the len bytes at
 *                      data_ptr in place and stores their byte sum in sum_out.
 *   _IOW('F', 2, 4)    arg = { u32 errno_value }: sets errno to it and returns -1.
 *   _IO('F', 3)        returns the flags the device was opened with.
 *   _IO('F', 4)        counts itself in flight for ~200 us; records any overlap with another call.
 *   _IO('F', 5)        returns 1 if an overlap was ever seen, else 0.
 * Other requests fail with ENOTTY; an fd other than the one handed out fails with EBADF.
 * Paths: "/fake/missing" -> ENOENT, "/fake/denied" -> EACCES, "/fake/busy" -> EBUSY, others open.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <string.h>
#include <time.h>

#ifndef PREFIX
#define PREFIX
#endif
#define CAT(a, b) a##b
#define XCAT(a, b) CAT(a, b)
#define NAME(x) XCAT(PREFIX, x)

#define FAKE_FD 4242
#define IOC(dir, type, nr, size) (((unsigned long)(dir) << 30) | ((unsigned long)(size) << 16) | ((type) << 8) | (nr))

static int open_flags;
static int in_flight;
static int overlap;

int NAME(open)(const char *path, int flags, ...) {
    if (strcmp(path, "/fake/missing") == 0) { errno = ENOENT; return -1; }
    if (strcmp(path, "/fake/denied") == 0) { errno = EACCES; return -1; }
    if (strcmp(path, "/fake/busy") == 0) { errno = EBUSY; return -1; }
    open_flags = flags;
    return FAKE_FD;
}

int NAME(ioctl)(int fd, unsigned long request, ...) {
    va_list ap;
    va_start(ap, request);
    unsigned char *arg = va_arg(ap, unsigned char *);
    va_end(ap);
    if (fd != FAKE_FD) { errno = EBADF; return -1; }
    if (request == IOC(3, 'F', 1, 16)) {
        uint64_t ptr; uint32_t len;
        memcpy(&ptr, arg, 8);
        memcpy(&len, arg + 8, 4);
        unsigned char *data = (unsigned char *)(uintptr_t)ptr;
        uint32_t sum = 0;
        for (uint32_t i = 0; i < len; i++) sum += data[i];
        for (uint32_t i = 0; i < len / 2; i++) {
            unsigned char t = data[i]; data[i] = data[len - 1 - i]; data[len - 1 - i] = t;
        }
        memcpy(arg + 12, &sum, 4);
        return 0;
    }
    if (request == IOC(1, 'F', 2, 4)) {
        uint32_t e;
        memcpy(&e, arg, 4);
        errno = (int)e;
        return -1;
    }
    if (request == IOC(0, 'F', 3, 0)) return open_flags;
    if (request == IOC(0, 'F', 4, 0)) {
        if (__atomic_add_fetch(&in_flight, 1, __ATOMIC_SEQ_CST) > 1) __atomic_store_n(&overlap, 1, __ATOMIC_SEQ_CST);
        struct timespec ts = {0, 200000};
        nanosleep(&ts, 0);
        __atomic_sub_fetch(&in_flight, 1, __ATOMIC_SEQ_CST);
        return 0;
    }
    if (request == IOC(0, 'F', 5, 0)) return __atomic_load_n(&overlap, __ATOMIC_SEQ_CST);
    errno = ENOTTY;
    return -1;
}

int NAME(close)(int fd) {
    if (fd != FAKE_FD) { errno = EBADF; return -1; }
    return 0;
}
