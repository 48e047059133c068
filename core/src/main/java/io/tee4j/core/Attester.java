package io.tee4j.core;

/**
 * Produces attestation evidence on the current platform, binding caller data into it.
 *
 * <p>Implementations talk to real hardware (device files, configfs-tsm, vendor libraries) or,
 * where their class name says so, to a simulator. {@link Tee#detect()} never returns a simulator.
 * Implementations are thread-safe; access to a device is serialised internally.
 *
 * @since 0.1
 */
public interface Attester {

    /** The TEE this attester produces evidence for. */
    TeeType type();

    /**
     * Produces evidence with {@code reportData} bound into it: the report data of an SNP report
     * or a TDX quote, the challenge of a CCA token, the nonce of a GPU report.
     *
     * @param reportData caller data; its allowed length is the TEE's (64 bytes for SNP, TDX and
     *     CCA; 32 for NVIDIA GPUs); shorter input is zero-padded where the backend documents it
     * @throws TeeUnavailableException when the TEE is missing or refuses the request
     * @throws AttestationException for other failures, typed by class
     */
    Evidence attest(byte[] reportData) throws AttestationException;
}
