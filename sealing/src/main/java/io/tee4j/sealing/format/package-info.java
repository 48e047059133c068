/**
 * Not API: the sealed-data byte layout of FORMAT.md ({@code Header}, {@code BindingBits},
 * {@code SealedDataFormatException}), public only so that the sealing module's packages can share
 * it; another module may not use it (the build's boundary test refuses that). Applications read a
 * header through the sealing package's {@code SealedDataInfo}. Nothing here decrypts or
 * authenticates: a header is trusted only after the AES-GCM tag over it has been checked.
 */
package io.tee4j.sealing.format;
