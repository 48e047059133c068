package io.tee4j.measure.snp;

/**
 * One section of OVMF's SEV metadata: a guest-physical range and its type. Both values are the
 * unsigned 32-bit numbers of the metadata, held in {@code long}s.
 *
 * @param gpa  the guest-physical address of the first byte
 * @param size the size in bytes
 * @param type what the range is and so how it is measured
 * @since 0.1
 */
public record SevMetadataSection(long gpa, long size, SevSectionType type) {
}
