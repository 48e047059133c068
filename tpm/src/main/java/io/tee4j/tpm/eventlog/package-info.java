/**
 * The TCG PC Client crypto-agile event log: {@link io.tee4j.tpm.eventlog.EventLog} (bounded
 * parser of the Spec ID event and TCG_PCR_EVENT2 records, every digest bank),
 * {@link io.tee4j.tpm.eventlog.EventLogReplay} (replay to PCR values),
 * {@link io.tee4j.tpm.eventlog.ReplayComparison} (per PCR: replayed equals quoted) and
 * {@link io.tee4j.tpm.eventlog.BootEvents} (the typed facts users reason about). A log is
 * unauthenticated until its replay matches a verified quote.
 */
package io.tee4j.tpm.eventlog;
