package io.tee4j.tdx.simulator;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;

/** The TCB info and QE identity JSON texts the simulator signs. */
final class SimulatedCollateralJson {
    private SimulatedCollateralJson() {
    }

    /**
     * The TCB info JSON this simulator signs ({@code tcbInfo} object text): issued at the clock's
     * instant for 30 days; levels, module identities and signer as described at {@link #collateral()}.
     */
    static String tcbInfo(Instant at, byte[] fmspc, int pceSvn, int[] cpuSvn) {
        Instant now = at.truncatedTo(ChronoUnit.SECONDS);
        StringBuilder sgx = new StringBuilder();
        StringBuilder sgxOld = new StringBuilder();
        for (int i = 0; i < 16; i++) {
            sgx.append(i == 0 ? "" : ",").append("{\"svn\":").append(cpuSvn[i]).append('}');
            sgxOld.append(i == 0 ? "" : ",").append("{\"svn\":").append(Math.max(0, cpuSvn[i] - 1)).append('}');
        }
        String tdx = "{\"svn\":3},{\"svn\":0},{\"svn\":2}" + ",{\"svn\":0}".repeat(13);
        String tdxOld = "{\"svn\":1},{\"svn\":0},{\"svn\":1}" + ",{\"svn\":0}".repeat(13);
        String zero48 = "00".repeat(48);
        String module = "\"mrsigner\":\"" + zero48 + "\",\"attributes\":\"0000000000000000\",\"attributesMask\":\"FFFFFFFFFFFFFFFF\"";
        return "{\"id\":\"TDX\",\"version\":3,\"issueDate\":\"" + now + "\",\"nextUpdate\":\""
                + now.plus(Duration.ofDays(30)) + "\",\"fmspc\":\"" + HexFormat.of().formatHex(fmspc).toUpperCase()
                + "\",\"pceId\":\"0000\",\"tcbType\":0,\"tcbEvaluationDataNumber\":17,\"tdxModule\":{" + module
                + "},\"tdxModuleIdentities\":[{\"id\":\"TDX_03\"," + module
                + ",\"tcbLevels\":[{\"tcb\":{\"isvsvn\":3},\"tcbDate\":\"2024-03-13T00:00:00Z\",\"tcbStatus\":\"UpToDate\"}]},"
                + "{\"id\":\"TDX_01\"," + module + ",\"tcbLevels\":[{\"tcb\":{\"isvsvn\":3},\"tcbDate\":"
                + "\"2024-03-13T00:00:00Z\",\"tcbStatus\":\"UpToDate\"},{\"tcb\":{\"isvsvn\":1},\"tcbDate\":"
                + "\"2023-08-09T00:00:00Z\",\"tcbStatus\":\"OutOfDate\",\"advisoryIDs\":[\"INTEL-SA-00960\"]}]}],"
                + "\"tcbLevels\":[{\"tcb\":{\"sgxtcbcomponents\":[" + sgx + "],\"pcesvn\":" + pceSvn
                + ",\"tdxtcbcomponents\":[" + tdx + "]},\"tcbDate\":\"2024-03-13T00:00:00Z\",\"tcbStatus\":\"UpToDate\"},"
                + "{\"tcb\":{\"sgxtcbcomponents\":[" + sgxOld + "],\"pcesvn\":" + Math.max(0, pceSvn - 2)
                + ",\"tdxtcbcomponents\":[" + tdxOld + "]},\"tcbDate\":\"2018-01-04T00:00:00Z\",\"tcbStatus\":"
                + "\"OutOfDate\",\"advisoryIDs\":[\"INTEL-SA-00837\"]}]}";
    }

    /**
     * The TD QE identity JSON this simulator signs ({@code enclaveIdentity} object text): MISCSELECT
     * 00000000 under mask FFFFFFFF, levels ISVSVN 4 UpToDate and 1 OutOfDate, evaluation number 17.
     */
    static String qeIdentity(Instant at, byte[] qeMrSigner) {
        Instant now = at.truncatedTo(ChronoUnit.SECONDS);
        return "{\"id\":\"TD_QE\",\"version\":2,\"issueDate\":\"" + now + "\",\"nextUpdate\":\""
                + now.plus(Duration.ofDays(30)) + "\",\"tcbEvaluationDataNumber\":17,\"miscselect\":\"00000000\","
                + "\"miscselectMask\":\"FFFFFFFF\",\"attributes\":\"11000000000000000000000000000000\","
                + "\"attributesMask\":\"FBFFFFFFFFFFFFFF0000000000000000\",\"mrsigner\":\""
                + HexFormat.of().formatHex(qeMrSigner).toUpperCase() + "\",\"isvprodid\":2,\"tcbLevels\":["
                + "{\"tcb\":{\"isvsvn\":4},\"tcbDate\":\"2024-03-13T00:00:00Z\",\"tcbStatus\":\"UpToDate\"},"
                + "{\"tcb\":{\"isvsvn\":1},\"tcbDate\":\"2021-11-10T00:00:00Z\",\"tcbStatus\":\"OutOfDate\"}]}";
    }
}
