package io.tee4j.envelope;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.tee4j.core.MalformedEvidenceException;
import java.util.HexFormat;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The legacy text AA event log replays as trustee's verifier replayed it (its own test values). */
class AaEventLogTest {

    @ParameterizedTest
    @CsvSource({
        "trustee-AAEL_data_1, 71563a23b430b8637970b866169052815ef9434056516dc9f78c1b3bfb745cee18a2ca92aa53c8122be5cbe59a100764",
        "trustee-AAEL_data_2, 31fa17881137923029b1da5b368e92d8b22b14bbb4deaa360da61fce7aa530bd2f4c59ac7bd27021ef64104ff4dd04f9",
        "trustee-AAEL_data_3, 0de62b45b29775495d278c85ad63ff45e59406e509506b26c545a5419316e1c4bd2b00a4e803051fa98b550767e13f06"})
    void replaysToTrusteesValues(String file, String expected) throws Exception {
        AaEventLog log = AaEventLog.parse(Resources.text("coco/" + file));
        assertEquals("sha384", log.algorithm());
        assertEquals(expected, HexFormat.of().formatHex(log.replay()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "INIT\n", "INIT sha384\n", "INIT md5/00\n", "INIT sha384/0g\n", "START sha384/00\n",
        "INIT sha384/00\na b\n", "INIT sha384/00\na b c d\n", "INIT sha384/00\na  b c\n", "INIT sha384/00\n\na b c\n"})
    void malformedLogsAreRefusedByName(String text) {
        assertThrows(MalformedEvidenceException.class, () -> AaEventLog.parse(text));
    }
}
