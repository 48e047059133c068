package io.tee4j.tpm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tee4j.core.MalformedEvidenceException;
import io.tee4j.tpm.abi.TpmHash;
import io.tee4j.tpm.eventlog.BootEvents;
import io.tee4j.tpm.eventlog.EventLog;
import io.tee4j.tpm.eventlog.EventLogReplay;
import io.tee4j.tpm.eventlog.ReplayComparison;
import io.tee4j.tpm.eventlog.ReplayedPcrs;
import io.tee4j.tpm.eventlog.TcgEvent;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The TCG event log parser and replay on go-tpm-tools' Ubuntu 24.04 SEV-SNP log and trustee's CCEL. */
class EventLogTest {
    private static final HexFormat HEX = HexFormat.of();
    private static final String UBUNTU = "go-tpm-tools-eventlog-ubuntu-2404-amd-sevsnp.bin";

    @Test
    void ubuntuLogParsesWithEveryBankAndEventCount() throws Exception {
        Map<String, Object> exp = Vectors.expected("gcp-expected.json", UBUNTU);
        EventLog log = EventLog.parse(Vectors.read(UBUNTU));
        assertEquals(List.of(TpmHash.SHA1, TpmHash.SHA256, TpmHash.SHA384), log.banks());
        assertEquals(2, log.spec().versionMajor());
        assertEquals(2, log.spec().uintnSize());
        // expected.json counts the records after the Spec ID event.
        assertEquals(((Number) exp.get("events")).intValue(), log.events().size() - 1);
        Map<String, Integer> counts = new HashMap<>();
        for (TcgEvent e : log.events().subList(1, log.events().size())) {
            counts.merge(e.pcr() + " " + e.typeName(), 1, Integer::sum);
        }
        Map<String, Integer> expectedCounts = new HashMap<>();
        @SuppressWarnings("unchecked")
        Map<String, Object> ec = (Map<String, Object>) exp.get("event_counts");
        ec.forEach((k, v) -> expectedCounts.put(k, ((Number) v).intValue()));
        assertEquals(expectedCounts, counts);
    }

    @Test
    void ubuntuLogReplaysToGoTpmToolsValuesInSha1AndSha256() throws Exception {
        Map<String, Object> exp = Vectors.expected("gcp-expected.json", UBUNTU);
        ReplayedPcrs replayed = EventLogReplay.replay(EventLog.parse(Vectors.read(UBUNTU)));
        for (TpmHash bank : new TpmHash[] {TpmHash.SHA1, TpmHash.SHA256}) {
            @SuppressWarnings("unchecked")
            Map<String, Object> values = (Map<String, Object>) exp.get("replayed_" + bank.label());
            Map<Integer, byte[]> quoted = new TreeMap<>();
            values.forEach((k, v) -> quoted.put(Integer.parseInt(k), HEX.parseHex((String) v)));
            for (Map.Entry<Integer, byte[]> e : quoted.entrySet()) {
                assertEquals(HEX.formatHex(e.getValue()), HEX.formatHex(replayed.value(bank, e.getKey()).orElseThrow()),
                        bank.label() + " PCR " + e.getKey());
            }
            ReplayComparison c = ReplayComparison.compare(replayed, Map.of(bank, quoted));
            assertTrue(c.consistent());
            assertEquals(quoted.size(), c.pcrs(bank, ReplayComparison.Status.MATCH).size());
        }
    }

    @Test
    void aChangedQuotedPcrIsAMismatchAndAnUnloggedOneIsNotInLog() throws Exception {
        ReplayedPcrs replayed = EventLogReplay.replay(EventLog.parse(Vectors.read(UBUNTU)));
        Map<Integer, byte[]> quoted = new TreeMap<>();
        quoted.put(4, new byte[32]);
        quoted.put(10, HEX.parseHex("11".repeat(32)));
        quoted.put(17, HEX.parseHex("ff".repeat(32)));
        ReplayComparison c = ReplayComparison.compare(replayed, Map.of(TpmHash.SHA256, quoted));
        assertFalse(c.consistent());
        assertEquals(List.of(4), c.pcrs(TpmHash.SHA256, ReplayComparison.Status.MISMATCH));
        assertEquals(List.of(10), c.pcrs(TpmHash.SHA256, ReplayComparison.Status.NOT_IN_LOG));
        assertEquals(List.of(17), c.pcrs(TpmHash.SHA256, ReplayComparison.Status.MATCH));
    }

    @Test
    void bootEventsGiveTheKernelCommandLineAndGrubCommands() throws Exception {
        Map<String, Object> exp = Vectors.expected("gcp-expected.json", UBUNTU);
        BootEvents b = BootEvents.of(EventLog.parse(Vectors.read(UBUNTU)), TpmHash.SHA256);
        String cmdline = (String) exp.get("kernel_cmdline");
        assertEquals(cmdline.substring(0, cmdline.indexOf(" (PCR8")), b.kernelCommandLine().orElseThrow());
        assertFalse(b.grubCommands().isEmpty());
        assertEquals(2, b.efiApplications().size());
        assertEquals(false, b.secureBoot().orElseThrow());
    }

    @Test
    void ccelWithAaelReplaysIntoItsMeasurementRegisters() throws Exception {
        Map<String, Object> exp = Vectors.expected("coco-expected.json", "trustee-CCEL_AAEL_alibabacloud.bin");
        EventLog log = EventLog.parse(Vectors.read("trustee-CCEL_AAEL_alibabacloud.bin"));
        assertEquals(List.of(TpmHash.SHA384), log.banks());
        assertEquals(((Number) exp.get("events")).intValue(), log.events().size() - 1);
        ReplayedPcrs replayed = EventLogReplay.replay(log);
        @SuppressWarnings("unchecked")
        Map<String, Object> mrs = (Map<String, Object>) exp.get("replayed_sha384_by_ccmr_index");
        for (Map.Entry<String, Object> e : mrs.entrySet()) {
            assertEquals(e.getValue(), HEX.formatHex(replayed.value(TpmHash.SHA384, Integer.parseInt(e.getKey()))
                    .orElseThrow()), "CC MR " + e.getKey());
        }
    }

    @Test
    void truncatedOrForeignLogsAreMalformed() {
        byte[] log = Vectors.read(UBUNTU);
        assertThrows(MalformedEvidenceException.class, () -> EventLog.parse(java.util.Arrays.copyOf(log, 100)));
        assertThrows(MalformedEvidenceException.class, () -> EventLog.parse(java.util.Arrays.copyOf(log, log.length - 7)));
        assertThrows(MalformedEvidenceException.class, () -> EventLog.parse(new byte[40]));
        byte[] notSpec = log.clone();
        notSpec[32] = 'X';
        assertThrows(MalformedEvidenceException.class, () -> EventLog.parse(notSpec));
    }
}
