/**
 * The bounded JSON reader the trust-anchor and reference-value files use. Not API.
 */
package io.tee4j.cca.internal.json;
