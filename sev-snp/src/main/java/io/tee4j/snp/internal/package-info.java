/** Implementation details of the SEV-SNP backend; not API, may change without notice. */
package io.tee4j.snp.internal;
