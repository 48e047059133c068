/** Implementation details of the NVIDIA GPU backend (the SPI implementations); not API. Nothing in this module imports from here. */
package io.tee4j.nvgpu.internal;
