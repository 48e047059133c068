/**
 * Google Compute Engine vTPM attestations: {@link io.tee4j.vtpm.gcp.GceAttestation} (go-tpm-tools'
 * protobuf, decoded by hand and bounded), {@link io.tee4j.vtpm.gcp.GoogleAkAnchors} (Google's
 * EK/AK CAs) and {@link io.tee4j.vtpm.gcp.GcpVtpmVerifier} (AK certificate, every quote, event-log
 * replay, policy).
 */
package io.tee4j.vtpm.gcp;
