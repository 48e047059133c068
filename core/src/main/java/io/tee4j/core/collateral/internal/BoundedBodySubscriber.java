package io.tee4j.core.collateral.internal;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Collects a response body into a byte array, never holding more than {@code maxBytes}: data is
 * requested one item at a time, and the subscription is cancelled (which closes the connection)
 * the moment the body would pass the cap. {@link #abort} cancels it from another thread (an
 * overall timeout).
 */
public final class BoundedBodySubscriber implements HttpResponse.BodySubscriber<byte[]> {
    private static final int INITIAL_CAPACITY = 8192;

    private final int maxBytes;
    private final CompletableFuture<byte[]> result = new CompletableFuture<>();
    private final AtomicReference<Flow.Subscription> subscription = new AtomicReference<>();
    private volatile boolean aborted;
    private byte[] buffer;
    private int length;

    /**
     * @param maxBytes the largest body accepted
     * @param declaredLength the declared {@code Content-Length}, or -1; only used to size the first
     *     buffer when it is within the cap
     */
    public BoundedBodySubscriber(int maxBytes, long declaredLength) {
        if (maxBytes < 0) {
            throw new IllegalArgumentException("maxBytes must not be negative");
        }
        this.maxBytes = maxBytes;
        int initial = declaredLength >= 0 && declaredLength <= maxBytes
                ? (int) declaredLength
                : Math.min(maxBytes, INITIAL_CAPACITY);
        this.buffer = new byte[initial];
    }

    /** A subscriber that takes no body at all and completes at once with an empty array. */
    public static BoundedBodySubscriber discarding() {
        BoundedBodySubscriber s = new BoundedBodySubscriber(0, 0);
        s.aborted = true;
        s.result.complete(new byte[0]);
        return s;
    }

    /** A subscriber that fails at once with {@link BodyTooLargeException}. */
    public static BoundedBodySubscriber rejecting(long declaredLength, int maxBytes) {
        BoundedBodySubscriber s = new BoundedBodySubscriber(0, 0);
        s.abort(new BodyTooLargeException("response declares " + declaredLength
                + " bytes, more than the cap of " + maxBytes));
        return s;
    }

    @Override
    public CompletionStage<byte[]> getBody() {
        return result;
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
        if (!subscription.compareAndSet(null, s) || aborted) {
            s.cancel();
            return;
        }
        s.request(1);
    }

    @Override
    public void onNext(List<ByteBuffer> items) {
        Flow.Subscription s = subscription.get();
        if (result.isDone()) {
            s.cancel();
            return;
        }
        long incoming = 0;
        for (ByteBuffer b : items) {
            incoming += b.remaining();
        }
        if (length + incoming > maxBytes) {
            result.completeExceptionally(new BodyTooLargeException(
                    "response body larger than the cap of " + maxBytes + " bytes"));
            s.cancel();
            return;
        }
        int needed = (int) (length + incoming);
        if (needed > buffer.length) {
            int grown = (int) Math.min(maxBytes, Math.max((long) needed, 2L * buffer.length));
            buffer = Arrays.copyOf(buffer, grown);
        }
        for (ByteBuffer b : items) {
            int n = b.remaining();
            b.get(buffer, length, n);
            length += n;
        }
        s.request(1);
    }

    @Override
    public void onError(Throwable throwable) {
        result.completeExceptionally(throwable);
    }

    @Override
    public void onComplete() {
        result.complete(length == buffer.length ? buffer : Arrays.copyOf(buffer, length));
    }

    /** Stops reading: the body completes exceptionally with {@code reason} and the connection is cancelled. */
    public void abort(Throwable reason) {
        aborted = true;
        result.completeExceptionally(reason);
        Flow.Subscription s = subscription.get();
        if (s != null) {
            s.cancel();
        }
    }

    /** The body passed the size cap. */
    public static final class BodyTooLargeException extends IOException {
        private static final long serialVersionUID = 1L;

        public BodyTooLargeException(String message) {
            super(message);
        }
    }
}
