package io.tee4j.tdx.simulator;

import static io.tee4j.tdx.simulator.SimulatedIntelPki.signRaw;
import static io.tee4j.tdx.simulator.SimulatedIntelPki.str;

import io.tee4j.core.crypto.Certificates;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

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

    /**
     * A collateral bundle around the given TCB info and QE identity text, signed with
     * {@code tcbKey}; {@code certs} are the TCB Signing certificate, the PCK CA and the root.
     */
    static byte[] bundle(String tcbInfoJson, String qeIdentityJson, byte[] pckCrl, byte[] rootCaCrl, KeyPair tcbKey,
            List<X509Certificate> certs) {
        Objects.requireNonNull(tcbInfoJson, "tcbInfoJson");
        Objects.requireNonNull(qeIdentityJson, "qeIdentityJson");
        Objects.requireNonNull(pckCrl, "pckCrl");
        Objects.requireNonNull(rootCaCrl, "rootCaCrl");
        X509Certificate tcbSigner = certs.get(0);
        X509Certificate ca = certs.get(1);
        X509Certificate root = certs.get(2);
        String chain = Certificates.toPem(tcbSigner) + Certificates.toPem(root);
        HexFormat h = HexFormat.of();
        String json = "{\"pck_crl_issuer_chain\":" + str(Certificates.toPem(ca) + Certificates.toPem(root))
                + ",\"root_ca_crl\":\"" + h.formatHex(rootCaCrl) + "\""
                + ",\"pck_crl\":\"" + h.formatHex(pckCrl) + "\""
                + ",\"tcb_info_issuer_chain\":" + str(chain)
                + ",\"tcb_info\":" + str(tcbInfoJson)
                + ",\"tcb_info_signature\":\""
                + h.formatHex(signRaw(tcbKey, tcbInfoJson.getBytes(StandardCharsets.UTF_8)))
                + "\",\"qe_identity_issuer_chain\":" + str(chain)
                + ",\"qe_identity\":" + str(qeIdentityJson)
                + ",\"qe_identity_signature\":\""
                + h.formatHex(signRaw(tcbKey, qeIdentityJson.getBytes(StandardCharsets.UTF_8)))
                + "\"}";
        return json.getBytes(StandardCharsets.UTF_8);
    }

    /** A PCS v4 response body, {@code {"<key>":<json>,"signature":"<hex>"}}. */
    static byte[] signedResponse(String key, String json, KeyPair tcbKey) {
        return ("{\"" + key + "\":" + json + ",\"signature\":\""
                + HexFormat.of().formatHex(signRaw(tcbKey, json.getBytes(StandardCharsets.UTF_8))) + "\"}")
                .getBytes(StandardCharsets.UTF_8);
    }
}
