/**
 * Evidence envelopes as deployments ship them, unwrapped into the raw evidence and side material a
 * backend verifies ({@link io.tee4j.envelope.Envelope}), with what each envelope binds
 * ({@link io.tee4j.envelope.EnvelopeBinding}): Confidential Containers (trustee) per-TEE evidence
 * JSON, Veraison tsm-report JSON and CBOR, and the ratsd CMW token. {@link io.tee4j.envelope.EvidenceSniffer}
 * names the format of any evidence file the project accepts.
 *
 * <p>Nothing here verifies a signature: unwrapping only checks structure. Verify
 * {@link io.tee4j.envelope.Envelope#evidence()} with the backend of {@link io.tee4j.envelope.Envelope#tee()},
 * then call {@link io.tee4j.envelope.Envelope#checkBindings} with the result.
 */
package io.tee4j.envelope;
