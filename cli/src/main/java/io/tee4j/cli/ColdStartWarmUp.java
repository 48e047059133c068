package io.tee4j.cli;

import io.tee4j.core.crypto.Certificates;
import io.tee4j.core.crypto.EcCurve;
import io.tee4j.core.crypto.EcdsaVerifier;
import io.tee4j.core.crypto.InvalidKeyException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Readies, on a second thread, what a one-shot {@code verify} is about to use for the first time
 * in this JVM: the ECDSA curve and signature classes of Bouncy Castle (with its registrar's static
 * set-up), the JDK's X.509 certificate and (TDX) CRL parsers, for SEV-SNP the JDK's RSASSA-PSS (AMD's certificate chain: three
 * RSA-4096 verifications, the first of them about 8 ms of a cold command thread), and the first
 * runs of the field arithmetic, so the client
 * compiler starts on them sooner. In a fresh JVM the command thread otherwise does all of this
 * itself, cold (issue 23 section 2: 20-30 ms of its CPU time on an SEV-SNP report or a TDX
 * quote); on a second core it overlaps with the command reading its files and parsing the evidence.
 *
 * <p>It verifies nothing on anyone's behalf: one fixed signature of its own (a key made for this
 * purpose, over a fixed message), the parse of a bundled sample certificate, for SEV-SNP the
 * self-signature of the bundled Milan ARK through {@link X509Certificate#verify} (not through any
 * of tee4j's signature caches) and, for TDX, the parse of Intel's root CA CRL from the bundled
 * sample collateral; results discarded. It shares no state with the command's verification: the command's keys, collateral
 * and verdicts are its own, and the command never waits for this thread (a daemon; the JVM exits
 * without it). Whatever it meets (an exception, an error) stays here: a warm-up never reaches the
 * command's output or exit code. Started at most once per JVM, and only for the plain one-shot
 * {@code verify} forms ({@link VerifyFastPath}) of the TEEs whose first use it covers.
 */
final class ColdStartWarmUp implements Runnable {
    private static final AtomicBoolean STARTED = new AtomicBoolean();
    private static final byte[] MESSAGE = "tee4j cold-start warm-up".getBytes(StandardCharsets.US_ASCII);

    /** A P-256 key (uncompressed point) of this warm-up's own, and its ECDSA-SHA256 signature (DER) of MESSAGE. */
    private static final String P256_KEY = "047967195ebf895517b52d26d4c171ef5dc28748b551c890753fb66792d09b3437691a808a4ce9a"
            + "14ef666c0a800bf79163cac5bfa5ec0d0d3528f3ac5be5d7fc3";
    private static final String P256_SIGNATURE = "3045022100d0ca014e1fe79a7a75c17976a622abed0fdadec13565ad546ba69cb2"
            + "6c6f476402202c47d7fc9a540b638305d200e175babb2fcb6519c951b1b53980cbf4d5e90a97";
    /** The same for P-384 (ECDSA-SHA384). */
    private static final String P384_KEY = "0459178dc41509ea5e62fe607020a6627b77400bd0706c61910a411b7cad07267ec3d78f83f4d"
            + "a21f48ee9c1d6c156cdc5b1bdb8e18d9f2cc36511cd16c09fec7f430079adbe33f42d2d631abec12b86c58967046ed5b9ceb02ca6"
            + "45630661bc25";
    private static final String P384_SIGNATURE = "30640230128730dbd582aea51b8c6fbc92304135b65bedcff48e827c70c8e4ed20"
            + "37afd5f25e51a95b1d30357f0bc3b5772c045302305f003720547be0106f021724eb4f8c866d1b01ff6a2598660ab66f4cd2c917ead"
            + "f652748eac7f8c2830bc17da4224dba";

    /** The bundled AMD root whose RSASSA-PSS self-signature the SEV-SNP warm-up checks (sev-snp's resource). */
    private static final String RSA_PSS_SAMPLE = "/io/tee4j/snp/verify/roots/milan_ark.pem";

    /**
     * Intel SGX Root CA's CRL from the bundled TDX sample collateral (DER, hex), parsed by the TDX warm-up:
     * the JDK's CRL parser is cold in a fresh JVM and a TDX verification parses two CRLs.
     */
    private static final String ROOT_CA_CRL = "308201203081c8020101300a06082a8648ce3d0403023068311a301806035504030c11496e74656c2053475820526f6f7420"
            + "4341311a3018060355040a0c11496e74656c20436f72706f726174696f6e3114301206035504070c0b53616e746120436c61"
            + "7261310b300906035504080c024341310b3009060355040613025553170d3235303332303131323135375a170d3236303430"
            + "333131323135375aa02f302d300a0603551d140403020101301f0603551d2304183016801422650cd65a9d3489f383b49552"
            + "bf501b392706ac300a06082a8648ce3d0403020347003044022030c9fce1438da0a94e4fffdd46c9650e393be6e5a7862d4e"
            + "4e73527932d04af302206539efe3f734c3d7df20d9dfc4630e1c7ff0439a0f8ece101f15b5eaff9b4f33";
    /** What one warm-up did: tests check it ran the real paths (a hex typo would make a step a no-op). */
    record Outcome(boolean signatureVerified, boolean rsaPssVerified, boolean crlParsed) {
    }

    private final EcCurve curve;

    ColdStartWarmUp(EcCurve curve) {
        this.curve = curve;
    }

    /**
     * Starts the warm-up for a {@code --tee} value, once per JVM; does nothing for a TEE it does
     * not cover or with {@code -Dtee4j.warmUp=false}.
     */
    static void start(String tee) {
        EcCurve curve = curveOf(tee);
        if (curve == null || !Boolean.parseBoolean(System.getProperty("tee4j.warmUp", "true"))
                || !STARTED.compareAndSet(false, true)) {
            return;
        }
        Thread thread = new Thread(new ColdStartWarmUp(curve), "tee4j-warm-up");
        thread.setDaemon(true);
        thread.start();
    }

    /** The curve whose ECDSA a TEE's evidence is verified with first, or null where no warm-up is known to help. */
    static EcCurve curveOf(String tee) {
        switch (tee) {
            case "tdx":
                return EcCurve.P256;
            case "sev-snp":
                return EcCurve.P384;
            default:
                return null;
        }
    }

    @Override
    public void run() {
        try {
            warmUp();
        } catch (IOException | InvalidKeyException | GeneralSecurityException | RuntimeException | Error e) {
            // A warm-up only: nothing it meets may change the command's output or exit code.
        }
    }

    /** The warm-up's work, in the order the command meets it; what it did. */
    Outcome warmUp() throws IOException, InvalidKeyException, GeneralSecurityException {
        boolean p256 = curve == EcCurve.P256;
        // SEV-SNP validates the VCEK's RSA-PSS chain before the report's ECDSA signature.
        boolean rsaPss = !p256 && verifyRsaPssSample();
        HexFormat hex = HexFormat.of();
        EcdsaVerifier verifier = EcdsaVerifier.fromUncompressedPoint(curve, hex.parseHex(p256 ? P256_KEY : P384_KEY));
        boolean signature = verifier.verifyDer(MESSAGE, hex.parseHex(p256 ? P256_SIGNATURE : P384_SIGNATURE));
        try (InputStream in = ColdStartWarmUp.class.getResourceAsStream("samples/snp/milan-vcek.der")) {
            if (in != null) {
                Certificates.parseOne(in.readAllBytes());
            }
        }
        boolean crl = p256 && Certificates.parseCrl(hex.parseHex(ROOT_CA_CRL)) != null;
        return new Outcome(signature, rsaPss, crl);
    }

    /** The bundled ARK's self-signature (RSASSA-PSS, SHA-384, RSA-4096), checked by the JDK as the chain check does. */
    private static boolean verifyRsaPssSample() throws IOException, GeneralSecurityException {
        try (InputStream in = ColdStartWarmUp.class.getResourceAsStream(RSA_PSS_SAMPLE)) {
            if (in == null) {
                return false;
            }
            X509Certificate ark = Certificates.parseOne(in.readAllBytes());
            ark.verify(ark.getPublicKey());
            return true;
        }
    }
}
