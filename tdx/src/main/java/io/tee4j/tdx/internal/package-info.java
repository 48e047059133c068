/** Not API: byte, JSON and cache helpers of the TDX backend. May change without notice. */
package io.tee4j.tdx.internal;
