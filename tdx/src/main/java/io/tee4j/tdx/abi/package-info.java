/**
 * Intel TDX byte layouts and value types: quotes v4/v5 ({@link io.tee4j.tdx.abi.TdxQuote}), the QE
 * report, TDREPORT and its body, TD attributes and XFAM, the CC event log with RTMR replay, the PCK
 * certificate's SGX extensions, and the TCB status values. Parsing only: nothing here checks a
 * signature or a certificate (see {@code io.tee4j.tdx.verify}).
 */
package io.tee4j.tdx.abi;
