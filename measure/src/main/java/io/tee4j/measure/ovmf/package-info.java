/**
 * The OVMF footer GUID table: the list of {GUID, data} entries that edk2 places just below the
 * reset vector at the end of an OVMF or TDVF image, and through which both the AMD SEV metadata
 * and the Intel TDX metadata are found.
 */
package io.tee4j.measure.ovmf;
