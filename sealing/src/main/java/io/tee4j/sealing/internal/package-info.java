/**
 * Not API: the sealed-data format, HKDF, and the AES-GCM wrapper. May change in any release.
 */
package io.tee4j.sealing.internal;
