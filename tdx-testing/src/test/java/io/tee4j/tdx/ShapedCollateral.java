package io.tee4j.tdx;

import io.tee4j.tdx.collateral.TdxCollateral;
import io.tee4j.tdx.simulator.TdxSimulator;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * TCB info and QE identity JSON in unusual shapes, for a {@link TdxSimulator} with its default
 * platform (FMSPC 00906ED50000, PCESVN 13, CPUSVN 05 05 02 02 03 01 00 03, QE ISVSVN 4), signed by
 * that simulator's TCB Signing key: authentic collateral that Intel could issue, in the shapes
 * where a literal reading of the format and Intel's QVL disagree.
 */
final class ShapedCollateral {
    static final int[] CPU = {5, 5, 2, 2, 3, 1, 0, 3, 0, 0, 0, 0, 0, 0, 0, 0};
    static final int[] CPU_OLD = {4, 4, 1, 1, 2, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0};
    static final String ZERO_SIGNER = "00".repeat(48);
    static final String QE_MRSIGNER = "DC9E2A7C6F948F17474E34A7FC43ED030F7C1563F1BABDDF6340C82E0E54A8C5";

    private final Instant issue;
    private final List<String> levels = new ArrayList<>();
    private final List<String> identities = new ArrayList<>();
    private boolean identitiesKey;
    private String tdxModule = module(ZERO_SIGNER, "0000000000000000", "FFFFFFFFFFFFFFFF");
    private long evaluationNumber = 17;
    private Instant nextUpdate;

    private ShapedCollateral(Instant issue) {
        this.issue = issue;
        this.nextUpdate = issue.plus(Duration.ofDays(30));
    }

    /** No levels yet; call {@link #level} and {@link #identity}. */
    static ShapedCollateral tcbInfo(Instant issue) {
        return new ShapedCollateral(issue);
    }

    /** The simulator's default shape: EXACT UpToDate, LOW OutOfDate; TDX_01 [3 UpToDate, 1 OutOfDate]. */
    static ShapedCollateral standard(Instant issue) {
        return tcbInfo(issue).level(CPU, 13, tdx(3, 0, 2), "UpToDate").level(CPU_OLD, 11, tdx(1, 0, 1), "OutOfDate")
                .identity("TDX_01", ZERO_SIGNER, "0000000000000000", "FFFFFFFFFFFFFFFF",
                        moduleLevel(3, "UpToDate"), moduleLevel(1, "OutOfDate"));
    }

    static int[] tdx(int... first) {
        int[] t = new int[16];
        System.arraycopy(first, 0, t, 0, first.length);
        return t;
    }

    ShapedCollateral level(int[] sgx, int pce, int[] tdx, String status) {
        levels.add("{\"tcb\":{\"sgxtcbcomponents\":[" + comps(sgx) + "],\"pcesvn\":" + pce + ",\"tdxtcbcomponents\":["
                + comps(tdx) + "]},\"tcbDate\":\"2024-03-13T00:00:00Z\",\"tcbStatus\":\"" + status + "\"}");
        return this;
    }

    static String moduleLevel(int isvsvn, String status) {
        return "{\"tcb\":{\"isvsvn\":" + isvsvn + "},\"tcbDate\":\"2024-03-13T00:00:00Z\",\"tcbStatus\":\"" + status
                + "\"}";
    }

    ShapedCollateral identity(String id, String mrsigner, String attributes, String mask, String... moduleLevels) {
        identitiesKey = true;
        identities.add("{\"id\":\"" + id + "\"," + module(mrsigner, attributes, mask) + ",\"tcbLevels\":["
                + String.join(",", moduleLevels) + "]}");
        return this;
    }

    /** Writes {@code "tdxModuleIdentities":[]}. */
    ShapedCollateral emptyIdentities() {
        identitiesKey = true;
        identities.clear();
        return this;
    }

    ShapedCollateral tdxModule(String mrsigner, String attributes, String mask) {
        tdxModule = module(mrsigner, attributes, mask);
        return this;
    }

    ShapedCollateral evaluationNumber(long n) {
        evaluationNumber = n;
        return this;
    }

    ShapedCollateral nextUpdate(Instant next) {
        nextUpdate = next;
        return this;
    }

    String json() {
        return "{\"id\":\"TDX\",\"version\":3,\"issueDate\":\"" + issue + "\",\"nextUpdate\":\"" + nextUpdate
                + "\",\"fmspc\":\"00906ED50000\",\"pceId\":\"0000\",\"tcbType\":0,\"tcbEvaluationDataNumber\":"
                + evaluationNumber + ",\"tdxModule\":{" + tdxModule + "}"
                + (identitiesKey ? ",\"tdxModuleIdentities\":[" + String.join(",", identities) + "]" : "")
                + ",\"tcbLevels\":[" + String.join(",", levels) + "]}";
    }

    /** A TD QE identity with the given MISCSELECT, evaluation number, next update and levels. */
    static String qeIdentity(Instant issue, Instant next, String miscselect, String mask, long evaluationNumber,
            String... levels) {
        return "{\"id\":\"TD_QE\",\"version\":2,\"issueDate\":\"" + issue + "\",\"nextUpdate\":\"" + next
                + "\",\"tcbEvaluationDataNumber\":" + evaluationNumber + ",\"miscselect\":\"" + miscselect
                + "\",\"miscselectMask\":\"" + mask + "\",\"attributes\":\"11000000000000000000000000000000\","
                + "\"attributesMask\":\"FBFFFFFFFFFFFFFF0000000000000000\",\"mrsigner\":\"" + QE_MRSIGNER
                + "\",\"isvprodid\":2,\"tcbLevels\":[" + String.join(",", levels) + "]}";
    }

    /** The simulator's QE identity shape with other levels. */
    static String qeIdentity(Instant issue, String... levels) {
        return qeIdentity(issue, issue.plus(Duration.ofDays(30)), "00000000", "FFFFFFFF", 17, levels);
    }

    /** The simulator's QE identity shape: ISVSVN 4 UpToDate, 1 OutOfDate. */
    static String qeIdentity(Instant issue) {
        return qeIdentity(issue, moduleLevel(4, "UpToDate"), moduleLevel(1, "OutOfDate"));
    }

    /** A bundle of this TCB info and {@code qeJson}, signed by {@code sim}, with current empty CRLs. */
    static TdxCollateral bundle(TdxSimulator sim, String tcbJson, String qeJson) throws Exception {
        return TdxCollateral.fromBundle(sim.collateralBundle(tcbJson, qeJson, sim.pckCrl(), sim.rootCaCrl()));
    }

    private static String module(String mrsigner, String attributes, String mask) {
        return "\"mrsigner\":\"" + mrsigner + "\",\"attributes\":\"" + attributes + "\",\"attributesMask\":\"" + mask
                + "\"";
    }

    private static String comps(int[] svns) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < 16; i++) {
            b.append(i == 0 ? "" : ",").append("{\"svn\":").append(svns[i]).append('}');
        }
        return b.toString();
    }

    static String hex(byte[] b) {
        return HexFormat.of().withUpperCase().formatHex(b);
    }
}
