/**
 * CCA token byte layouts: the strict CBOR reader, COSE_Sign1 envelopes, the token decoder and the typed
 * platform and realm claims it produces. Decoding authenticates nothing; {@code io.tee4j.cca.verify} does.
 */
package io.tee4j.cca.abi;
