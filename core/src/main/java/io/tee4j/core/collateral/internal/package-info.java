/** Implementation details of {@code io.tee4j.core.collateral}; not API, may change at any time. */
package io.tee4j.core.collateral.internal;
