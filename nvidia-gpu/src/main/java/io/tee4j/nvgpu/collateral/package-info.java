/** Clients of NVIDIA's collateral services: the RIM service (ids, answer parsing) and the OCSP responder. Addresses come only from configuration, never from certificates or evidence. */
package io.tee4j.nvgpu.collateral;
