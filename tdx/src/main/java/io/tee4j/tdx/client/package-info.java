/**
 * Evidence production inside a TD: the configfs-TSM attester
 * ({@link io.tee4j.tdx.client.TdxAttester}) and its service-loader provider.
 */
package io.tee4j.tdx.client;
