/**
 * Getting CCA tokens on a realm: the configfs-tsm attester.
 */
package io.tee4j.cca.client;
