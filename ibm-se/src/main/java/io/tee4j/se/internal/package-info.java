/**
 * Implementation of core's SPI for IBM Secure Execution ({@link io.tee4j.se.internal.SeBackend});
 * not for use outside this module.
 */
package io.tee4j.se.internal;
