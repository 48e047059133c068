package io.tee4j.nvgpu;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tee4j.core.Claims;
import io.tee4j.nvgpu.abi.OpaqueData;
import io.tee4j.nvgpu.abi.SpdmMeasurementReport;
import io.tee4j.nvgpu.verify.NvGpuClaims;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Cross-checks our parse of the real report with the claims Trustee's NVIDIA verifier expects for it. */
class TrusteeClaimsTest {
    private static final String JSON = new String(Vectors.bytes("trustee-hopperAttestationReport-claims.json"),
            StandardCharsets.UTF_8);

    private static String object(String name) {
        int start = JSON.indexOf("\"" + name + "\":{");
        return JSON.substring(start, JSON.indexOf('}', start));
    }

    private static String field(String obj, String name) {
        Matcher m = Pattern.compile("\"" + name + "\":\"([^\"]*)\"").matcher(obj);
        return m.find() ? m.group(1) : null;
    }

    @Test
    void measurementsEqualTrustees() throws Exception {
        Map<Integer, String> expected = new TreeMap<>();
        Matcher m = Pattern.compile("\"(\\d+)\":\"([0-9a-f]+)\"").matcher(object("measurements"));
        while (m.find()) {
            expected.put(Integer.parseInt(m.group(1)), m.group(2));
        }
        assertEquals(64, expected.size());
        SpdmMeasurementReport r = SpdmMeasurementReport.parse(Vectors.report());
        Map<Integer, String> ours = new TreeMap<>();
        r.blocks().forEach(b -> ours.put(b.index(), HexFormat.of().formatHex(b.value())));
        assertEquals(expected, ours);
    }

    @Test
    void configFieldsEqualTrustees() throws Exception {
        // "config" holds the nested measurement_count object, so take everything up to "measurements".
        String config = JSON.substring(JSON.indexOf("\"config\":{"), JSON.indexOf("\"measurements\":{"));
        Claims opaque = NvGpuClaims.opaque(SpdmMeasurementReport.parse(Vectors.report()).opaqueData()).build();
        assertEquals(field(config, "driver_version"), opaque.get("driver_version"));
        assertEquals(field(config, "vbios_version"), ((String) opaque.get("vbios_version")).toLowerCase());
        assertEquals(field(config, "project"), opaque.get("project"));
        assertEquals(field(config, "project_sku"), opaque.get("project_sku"));
        assertEquals(field(config, "chip_sku"), opaque.get("chip_sku"));
        assertEquals(field(config, "chip_sku_mod"), opaque.get("chip_sku_mod"));
        assertEquals(field(config, "fwid"), HexFormat.of().formatHex((byte[]) opaque.get("fwid")));
        assertEquals(field(config, "board_id"), HexFormat.of().formatHex((byte[]) opaque.get("board_id")));
        assertEquals(field(config, "gpu_info"), HexFormat.of().formatHex((byte[]) opaque.get("gpu_info")));
        assertEquals(field(config, "cpr_info"), HexFormat.of().formatHex((byte[]) opaque.get("cprinfo")));
        assertEquals(field(config, "project_sku_mod"), HexFormat.of().formatHex((byte[]) opaque.get("project_sku_mod")));
    }

    @Test
    void measurementCountsEqualTrustees() throws Exception {
        byte[] msrscnt = SpdmMeasurementReport.parse(Vectors.report()).opaqueData().bytes(OpaqueData.MSRSCNT)
                .orElseThrow();
        Matcher m = Pattern.compile("\"(\\d+)\":(\\d+)").matcher(object("measurement_count"));
        int n = 0;
        while (m.find()) {
            int index = Integer.parseInt(m.group(1));
            int off = (index - 1) * 4;
            long ours = (msrscnt[off] & 0xffL) | (msrscnt[off + 1] & 0xffL) << 8 | (msrscnt[off + 2] & 0xffL) << 16
                    | (msrscnt[off + 3] & 0xffL) << 24;
            assertEquals(Long.parseLong(m.group(2)), ours, "count " + index);
            n++;
        }
        assertEquals(64, n);
    }
}
