package io.tee4j.core.linux;

/**
 * Linux ioctl request numbers, computed exactly as the kernel's {@code _IOC}, {@code _IO},
 * {@code _IOR}, {@code _IOW} and {@code _IOWR} macros do in {@code include/uapi/asm-generic/ioctl.h}.
 *
 * <p>Layout of a request number (32 bits): bits 0–7 the command number {@code nr}, bits 8–15
 * the type (a character such as {@code 'S'}), bits 16–29 the argument size (14 bits), bits
 * 30–31 the direction ({@link #NONE}, {@link #WRITE}, {@link #READ}, or both). As in the kernel,
 * "write" means user space writes to the kernel, "read" means user space reads from it.
 *
 * <p>This is the generic layout used by x86-64 and arm64, the platforms tee4j supports. Alpha,
 * MIPS, PowerPC and SPARC use a different layout and are <b>not</b> handled.
 *
 * <p>Example: {@code iowr('S', 0, 32)} is {@code SNP_GET_REPORT} = {@code 0xC0205300}.
 *
 * <p>Stateless and thread-safe. Arguments out of range of their bit fields are rejected with
 * {@link IllegalArgumentException} (the kernel macros would silently corrupt the number).
 *
 * @since 0.1
 */
public final class IoctlNumbers {

    /** Direction: no data transfer ({@code _IOC_NONE}). */
    public static final int NONE = 0;
    /** Direction: user space writes the argument ({@code _IOC_WRITE}). */
    public static final int WRITE = 1;
    /** Direction: user space reads the argument ({@code _IOC_READ}). */
    public static final int READ = 2;

    /** Bits of the command number field. */
    public static final int NR_BITS = 8;
    /** Bits of the type field. */
    public static final int TYPE_BITS = 8;
    /** Bits of the size field; the largest encodable argument is {@code (1 << 14) - 1} bytes. */
    public static final int SIZE_BITS = 14;
    /** Bits of the direction field. */
    public static final int DIR_BITS = 2;

    private static final int NR_SHIFT = 0;
    private static final int TYPE_SHIFT = NR_SHIFT + NR_BITS;
    private static final int SIZE_SHIFT = TYPE_SHIFT + TYPE_BITS;
    private static final int DIR_SHIFT = SIZE_SHIFT + SIZE_BITS;

    private IoctlNumbers() {
    }

    /**
     * {@code _IOC(dir, type, nr, size)}.
     *
     * @return the request number as a non-negative {@code long} (an unsigned 32-bit value), ready
     *     to pass as the C {@code unsigned long} request argument
     * @throws IllegalArgumentException when a field does not fit its bits
     */
    public static long ioc(int dir, int type, int nr, int size) {
        check("dir", dir, DIR_BITS);
        check("type", type, TYPE_BITS);
        check("nr", nr, NR_BITS);
        check("size", size, SIZE_BITS);
        return ((long) dir << DIR_SHIFT) | ((long) size << SIZE_SHIFT) | ((long) type << TYPE_SHIFT)
                | ((long) nr << NR_SHIFT);
    }

    /** {@code _IO(type, nr)}: no argument. */
    public static long io(char type, int nr) {
        return ioc(NONE, type, nr, 0);
    }

    /** {@code _IOR(type, nr, size)}: the kernel writes an argument of {@code size} bytes. */
    public static long ior(char type, int nr, int size) {
        return ioc(READ, type, nr, size);
    }

    /** {@code _IOW(type, nr, size)}: the kernel reads an argument of {@code size} bytes. */
    public static long iow(char type, int nr, int size) {
        return ioc(WRITE, type, nr, size);
    }

    /** {@code _IOWR(type, nr, size)}: the argument of {@code size} bytes goes both ways. */
    public static long iowr(char type, int nr, int size) {
        return ioc(READ | WRITE, type, nr, size);
    }

    /** {@code _IOC_DIR(request)}. */
    public static int dir(long request) {
        return (int) ((request >>> DIR_SHIFT) & ((1 << DIR_BITS) - 1));
    }

    /** {@code _IOC_TYPE(request)}. */
    public static int type(long request) {
        return (int) ((request >>> TYPE_SHIFT) & ((1 << TYPE_BITS) - 1));
    }

    /** {@code _IOC_NR(request)}. */
    public static int nr(long request) {
        return (int) ((request >>> NR_SHIFT) & ((1 << NR_BITS) - 1));
    }

    /** {@code _IOC_SIZE(request)}. */
    public static int size(long request) {
        return (int) ((request >>> SIZE_SHIFT) & ((1 << SIZE_BITS) - 1));
    }

    /** The request as the kernel headers print it, e.g. {@code 0xC0205300}. */
    public static String toHex(long request) {
        return String.format("0x%08X", request & 0xFFFF_FFFFL);
    }

    private static void check(String field, int value, int bits) {
        if (value < 0 || value >= (1 << bits)) {
            throw new IllegalArgumentException("ioctl " + field + " " + value + " does not fit in " + bits + " bits");
        }
    }
}
