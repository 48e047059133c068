/**
 * The CCA service-provider implementations (backend, attester provider). Not API.
 */
package io.tee4j.cca.internal;
