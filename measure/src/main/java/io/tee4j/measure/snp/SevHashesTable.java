package io.tee4j.measure.snp;

import io.tee4j.measure.internal.Digests;
import io.tee4j.measure.internal.Le;
import io.tee4j.measure.ovmf.Guid;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Objects;

/**
 * The SEV hashes table QEMU writes into the guest for {@code -kernel/-initrd/-append} with
 * {@code kernel-hashes=on}, so that OVMF can check what it boots (and the launch digest covers it).
 *
 * <p>Layout: header GUID {@code 9438d606-4f22-4cc9-b479-a793d411fd21}, u16 length 168, then three
 * entries {GUID, u16 length 50, SHA-256} for the command line, the initrd and the kernel, in that
 * order; zero-padded to 176 bytes. The command-line hash covers its UTF-8 bytes plus one NUL (a
 * lone NUL when there is none); a missing initrd hashes as empty input; the kernel hash covers the
 * kernel file as given. QEMU's own trimming or rewriting of the command line is not modelled.
 *
 * @since 0.1
 */
public final class SevHashesTable {
    static final Guid HEADER = Guid.parse("9438d606-4f22-4cc9-b479-a793d411fd21");
    static final Guid CMDLINE = Guid.parse("97d02dd8-bd20-4c94-aa78-e7714d36ab2a");
    static final Guid INITRD = Guid.parse("44baf731-3a2f-4bd7-9af1-41e29169781d");
    static final Guid KERNEL = Guid.parse("4de79437-abd2-427f-b835-d5b172d2045b");
    /** Bytes of the table without padding. */
    public static final int TABLE_BYTES = 16 + 2 + 3 * 50;
    /** Bytes of the table padded to a 16-byte multiple, as QEMU writes it. */
    public static final int PADDED_BYTES = (TABLE_BYTES + 15) & ~15;

    private final byte[] cmdlineHash;
    private final byte[] initrdHash;
    private final byte[] kernelHash;

    private SevHashesTable(byte[] cmdlineHash, byte[] initrdHash, byte[] kernelHash) {
        this.cmdlineHash = cmdlineHash;
        this.initrdHash = initrdHash;
        this.kernelHash = kernelHash;
    }

    /** The table for these SHA-256 digests. */
    public static SevHashesTable ofDigests(byte[] kernelSha256, byte[] initrdSha256, byte[] cmdlineSha256) {
        return new SevHashesTable(check(cmdlineSha256), check(initrdSha256), check(kernelSha256));
    }

    /** The table for a kernel, an optional initrd and an optional command line, all in memory. */
    public static SevHashesTable of(byte[] kernel, byte[] initrd, String cmdline) {
        Objects.requireNonNull(kernel, "kernel");
        return new SevHashesTable(cmdlineDigest(cmdline), Digests.sha256(initrd == null ? new byte[0] : initrd),
                Digests.sha256(kernel));
    }

    /** The table for kernel and initrd files (streamed, never held in memory) and a command line. */
    public static SevHashesTable ofFiles(Path kernel, Path initrd, String cmdline) throws IOException {
        Objects.requireNonNull(kernel, "kernel");
        return new SevHashesTable(cmdlineDigest(cmdline), initrd == null ? Digests.sha256(new byte[0])
                : sha256(initrd), sha256(kernel));
    }

    /** SHA-256 of the command line's UTF-8 bytes and one NUL. */
    public static byte[] cmdlineDigest(String cmdline) {
        byte[] text = cmdline == null ? new byte[0] : cmdline.getBytes(StandardCharsets.UTF_8);
        byte[] withNul = java.util.Arrays.copyOf(text, text.length + 1);
        return Digests.sha256(withNul);
    }

    static byte[] sha256(Path file) throws IOException {
        MessageDigest md = Digests.sha256();
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0; ) {
                md.update(buf, 0, n);
            }
        }
        return md.digest();
    }

    private static byte[] check(byte[] sha256) {
        if (Objects.requireNonNull(sha256, "digest").length != 32) {
            throw new IllegalArgumentException("a SHA-256 digest is 32 bytes, not " + sha256.length);
        }
        return sha256.clone();
    }

    /** The 176-byte padded table. */
    public byte[] padded() {
        byte[] t = new byte[PADDED_BYTES];
        System.arraycopy(HEADER.stored(), 0, t, 0, 16);
        Le.putU16(t, 16, TABLE_BYTES);
        entry(t, 18, CMDLINE, cmdlineHash);
        entry(t, 18 + 50, INITRD, initrdHash);
        entry(t, 18 + 100, KERNEL, kernelHash);
        return t;
    }

    /** A 4 KiB page holding the padded table at {@code offsetInPage}, zero elsewhere. */
    public byte[] page(int offsetInPage) {
        if (offsetInPage < 0 || offsetInPage > LaunchDigest.PAGE - PADDED_BYTES) {
            throw new IllegalArgumentException("the hashes table does not fit its page at offset " + offsetInPage);
        }
        byte[] page = new byte[LaunchDigest.PAGE];
        System.arraycopy(padded(), 0, page, offsetInPage, PADDED_BYTES);
        return page;
    }

    private static void entry(byte[] t, int at, Guid guid, byte[] hash) {
        System.arraycopy(guid.stored(), 0, t, at, 16);
        Le.putU16(t, at + 16, 50);
        System.arraycopy(hash, 0, t, at + 18, 32);
    }

    public byte[] kernelSha256() {
        return kernelHash.clone();
    }

    public byte[] initrdSha256() {
        return initrdHash.clone();
    }

    public byte[] cmdlineSha256() {
        return cmdlineHash.clone();
    }
}
