package io.tee4j.core.collateral.internal;

import java.util.Map;

/**
 * What the HTTP layer needs of a collateral request: the body to POST (null for a GET), its
 * content type, the request's own headers, and the body-size cap of the answer.
 */
public final class RequestSpec {
    private final byte[] postBody;
    private final String contentType;
    private final Map<String, String> headers;
    private final int maxBytes;

    public RequestSpec(byte[] postBody, String contentType, Map<String, String> headers, int maxBytes) {
        this.postBody = postBody;
        this.contentType = contentType == null ? "application/octet-stream" : contentType;
        this.headers = Map.copyOf(headers);
        this.maxBytes = maxBytes;
    }

    /** Whether the request has a body to POST. */
    public boolean isPost() {
        return postBody != null;
    }

    byte[] postBody() {
        return postBody;
    }

    String contentType() {
        return contentType;
    }

    Map<String, String> headers() {
        return headers;
    }

    int maxBytes() {
        return maxBytes;
    }
}
