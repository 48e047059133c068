package io.tee4j.tdx.collateral;

import io.tee4j.core.CollateralUnavailableException;
import io.tee4j.json.Json;
import io.tee4j.json.Json.JsonException;
import java.time.Instant;
import java.util.Map;

/**
 * What Intel's two signed TCB documents, {@link TcbInfo} and {@link QeIdentity}, have in common:
 * the exact bytes of the signed object and its raw r||s signature, the id and version (checked
 * against the one kind each class accepts), and the issue date and next update. Parsed here, not
 * verified: {@code TdxVerifier} checks the signature by the Intel TCB Signing chain and the
 * validity window.
 *
 * @since 0.2
 */
public abstract class SignedTcbDocument {
    /** Largest signed TCB document accepted (also {@link TcbInfo#MAX_BYTES}). */
    static final int MAX_BYTES = 1 << 20;

    private final byte[] signedBytes;
    private final byte[] signature;
    private final String id;
    private final int version;
    private final Instant issueDate;
    private final Instant nextUpdate;

    /**
     * Reads {@code id}, {@code version} (refusing any but {@code expectedId}/{@code expectedVersion};
     * {@code kind} and {@code expected} word the refusal), {@code issueDate} and {@code nextUpdate}
     * of the object {@code m} at {@code path}.
     */
    SignedTcbDocument(byte[] signedBytes, byte[] signature, Map<String, Object> m, String path, String kind,
            String expectedId, int expectedVersion, String expected) throws JsonException {
        this.signedBytes = signedBytes;
        this.signature = signature;
        id = Json.string(m, "id", path);
        version = (int) Json.integer(m, "version", path, 1000);
        if (!expectedId.equals(id) || version != expectedVersion) {
            throw new JsonException(kind + " " + id + " version " + version + " is not " + expected);
        }
        issueDate = TcbInfoFields.instant(m, "issueDate", path);
        nextUpdate = TcbInfoFields.instant(m, "nextUpdate", path);
    }

    /** Refuses a document larger than the cap before it is parsed. */
    static void checkSize(String what, int length) throws CollateralUnavailableException {
        if (length > MAX_BYTES) {
            throw new CollateralUnavailableException(what + " of " + length + " bytes exceeds " + MAX_BYTES, null,
                    false);
        }
    }

    /** Refuses a signature that is not a raw 64-byte r||s pair. */
    static void checkSignature(String what, byte[] signature) throws CollateralUnavailableException {
        if (signature.length != 64) {
            throw new CollateralUnavailableException(what + " signature must be 64 bytes, got " + signature.length,
                    null, false);
        }
    }

    static CollateralUnavailableException malformed(String what, JsonException e) {
        return new CollateralUnavailableException(what + " is malformed: " + e.getMessage(), null, false);
    }

    /** The exact bytes the signature covers. */
    public byte[] signedBytes() {
        return signedBytes.clone();
    }

    /** The signed bytes without a copy: for the module's own signature check, never to be modified. */
    public byte[] signedBytesRef() {
        return signedBytes;
    }

    /** The raw r||s signature (64 bytes). */
    public byte[] signature() {
        return signature.clone();
    }

    public String id() {
        return id;
    }

    public int version() {
        return version;
    }

    public Instant issueDate() {
        return issueDate;
    }

    public Instant nextUpdate() {
        return nextUpdate;
    }
}
