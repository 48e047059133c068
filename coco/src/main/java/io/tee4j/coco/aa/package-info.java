/**
 * The in-pod side of Confidential Containers: {@link io.tee4j.coco.aa.AaApiClient} reads evidence,
 * tokens and resources from the attestation agent's REST API on 127.0.0.1:8006, and
 * {@link io.tee4j.coco.aa.CocoAaAttester} is the {@code coco-aa} attester found from {@code /info}.
 */
package io.tee4j.coco.aa;
