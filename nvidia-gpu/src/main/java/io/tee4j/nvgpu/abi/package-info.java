/** Byte layouts and value types of NVIDIA GPU evidence: the SPDM 1.1 measurement report, its opaque data and measurement blocks, the DICE FWID extension, and the RIM (SWID) document model. Parsing only; nothing here verifies a signature or a chain. */
package io.tee4j.nvgpu.abi;
