/**
 * Implementation helpers of the measurement code: bounded little-endian reads that fail with a
 * typed error, little-endian structure writers, digests. Not an API.
 */
package io.tee4j.measure.internal;
