/**
 * The sealed-data format (FORMAT.md): {@link io.tee4j.sealing.SealedDataInfo}, what a
 * sealed blob's or stream's authenticated header says (API), and the byte layout behind it,
 * {@code Header}, {@code BindingBits} and {@code SealedDataFormatException}, which are not API
 * (public so the sealing module's packages can share them; another module may not use them). Nothing
 * here decrypts or authenticates: a header is trusted only after the AES-GCM tag over it has been
 * checked by the sealing module.
 */
package io.tee4j.sealing.format;
