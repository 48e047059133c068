/** Not API: the TDX {@code TeeBackend} (found through the service loader). May change without notice. */
package io.tee4j.tdx.internal;
