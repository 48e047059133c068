/**
 * A simulated TDX platform and Intel services for tests and demos: {@link
 * io.tee4j.tdx.simulator.TdxSimulator} (fake roots, PCK chain, Quoting Enclave, signed collateral,
 * CRLs) and {@link io.tee4j.tdx.simulator.FakePcs} (its collateral over loopback HTTP). Simulated
 * roots are trusted only when passed explicitly; nothing here is used as a fallback for hardware.
 */
package io.tee4j.tdx.simulator;
