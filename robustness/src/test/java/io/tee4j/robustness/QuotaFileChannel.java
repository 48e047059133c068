package io.tee4j.robustness;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.FileSystemException;
import java.nio.file.Path;

/**
 * A default-filesystem {@link FileChannel} whose writes are charged to a {@link FullDiskFileSystem}
 * quota: a write gets as many bytes as the quota has left (a short write when it runs out, as
 * {@code write(2)} gives), then ENOSPC; {@code force} may fail with ENOSPC when the file system
 * says so. Reads, positions and locks are the wrapped channel's.
 */
final class QuotaFileChannel extends FileChannel {
    private final FullDiskFileSystem fs;
    private final Path file;
    private final FileChannel ch;

    QuotaFileChannel(FullDiskFileSystem fs, Path file, FileChannel ch) {
        this.fs = fs;
        this.file = file;
        this.ch = ch;
    }

    /** Writes at most what the quota grants of {@code src}, at {@code position} (or the channel's when negative). */
    private int charged(ByteBuffer src, long position) throws IOException {
        int granted = fs.grant(file, src.remaining());
        if (granted == 0) {
            return 0;
        }
        ByteBuffer part = src.duplicate();
        part.limit(part.position() + granted);
        int n = position < 0 ? ch.write(part) : ch.write(part, position);
        src.position(src.position() + n);
        fs.wrote(file, n, granted);
        return n;
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
        return charged(src, -1);
    }

    @Override
    public int write(ByteBuffer src, long position) throws IOException {
        if (position < 0) {
            throw new IllegalArgumentException("negative position");
        }
        return charged(src, position);
    }

    /** As {@code writev(2)}: a count once some bytes went, ENOSPC only when none could. */
    @Override
    public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
        long total = 0;
        for (int i = offset; i < offset + length; i++) {
            int want = srcs[i].remaining();
            int n;
            try {
                n = charged(srcs[i], -1);
            } catch (FileSystemException e) {
                if (total == 0) {
                    throw e;
                }
                break;
            }
            total += n;
            if (n < want) {
                break;
            }
        }
        return total;
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        return ch.read(dst);
    }

    @Override
    public long read(ByteBuffer[] dsts, int offset, int length) throws IOException {
        return ch.read(dsts, offset, length);
    }

    @Override
    public int read(ByteBuffer dst, long position) throws IOException {
        return ch.read(dst, position);
    }

    @Override
    public long position() throws IOException {
        return ch.position();
    }

    @Override
    public FileChannel position(long newPosition) throws IOException {
        ch.position(newPosition);
        return this;
    }

    @Override
    public long size() throws IOException {
        return ch.size();
    }

    @Override
    public FileChannel truncate(long size) throws IOException {
        ch.truncate(size);
        return this;
    }

    @Override
    public void force(boolean metaData) throws IOException {
        fs.beforeForce(file);
        ch.force(metaData);
    }

    @Override
    public long transferTo(long position, long count, WritableByteChannel target) throws IOException {
        return ch.transferTo(position, count, target);
    }

    /** Through {@link #write(ByteBuffer, long)}, so the quota applies. */
    @Override
    public long transferFrom(ReadableByteChannel src, long position, long count) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate((int) Math.min(count, 8192));
        long done = 0;
        while (done < count) {
            buf.clear().limit((int) Math.min(buf.capacity(), count - done));
            if (src.read(buf) <= 0) {
                break;
            }
            buf.flip();
            while (buf.hasRemaining()) {
                done += write(buf, position + done);
            }
        }
        return done;
    }

    /** Read-only mappings only: a writable mapping would write past the quota. */
    @Override
    public MappedByteBuffer map(MapMode mode, long position, long size) throws IOException {
        if (mode != MapMode.READ_ONLY) {
            throw new UnsupportedOperationException("writable mappings bypass the full-disk quota");
        }
        return ch.map(mode, position, size);
    }

    @Override
    public FileLock lock(long position, long size, boolean shared) throws IOException {
        return ch.lock(position, size, shared);
    }

    @Override
    public FileLock tryLock(long position, long size, boolean shared) throws IOException {
        return ch.tryLock(position, size, shared);
    }

    @Override
    protected void implCloseChannel() throws IOException {
        ch.close();
    }
}
