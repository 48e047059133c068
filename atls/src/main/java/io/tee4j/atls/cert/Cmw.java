package io.tee4j.atls.cert;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A decoded Conceptual Message Wrapper (RFC 9999): either a single record or a flat collection of
 * labelled records with its optional {@code __cmwc_t} type. A lone record is held under the label
 * {@link #RECORD_LABEL}. Immutable; says nothing about authenticity (see {@link CmwRecord}).
 *
 * @param encoding whether the wrapper arrived as JSON or CBOR
 * @param collectionType the collection's {@code __cmwc_t}, when it is a collection that names one
 * @param records the records by label, in the order received
 */
public record Cmw(Encoding encoding, Optional<String> collectionType, Map<String, CmwRecord> records) {
    /** The label under which a wrapper that is a single record holds it. */
    public static final String RECORD_LABEL = "";
    /** The collection type tee4j writes: a CBOR collection with evidence, endorsements and freshness. */
    public static final String TEE4J_COLLECTION_TYPE = "tag:tee4j.io,2026:atls#1";

    /** How the wrapper was serialised. */
    public enum Encoding {
        JSON, CBOR
    }

    public Cmw {
        Objects.requireNonNull(encoding, "encoding");
        Objects.requireNonNull(collectionType, "collectionType");
        records = Collections.unmodifiableMap(new LinkedHashMap<>(records));
    }

    /** Whether the wrapper is a single record rather than a collection. */
    public boolean isRecord() {
        return records.size() == 1 && records.containsKey(RECORD_LABEL);
    }

    /** The record under {@code label}, if any. */
    public Optional<CmwRecord> record(String label) {
        return Optional.ofNullable(records.get(label));
    }
}
