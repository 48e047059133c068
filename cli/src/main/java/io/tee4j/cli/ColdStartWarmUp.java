package io.tee4j.cli;

import io.tee4j.core.crypto.Certificates;
import io.tee4j.core.crypto.EcCurve;
import io.tee4j.core.crypto.EcdsaVerifier;
import io.tee4j.core.crypto.InvalidKeyException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Readies, on a second thread, what a one-shot {@code verify} is about to use for the first time
 * in this JVM: the ECDSA curve and signature classes of Bouncy Castle (with its registrar's static
 * set-up), the JDK's X.509 parser, and the first runs of the field arithmetic, so the client
 * compiler starts on them sooner. In a fresh JVM the command thread otherwise does all of this
 * itself, cold (issue 23 section 2: 20-30 ms of its CPU time on an SEV-SNP report or a TDX
 * quote); on a second core it overlaps with the command reading its files and parsing the evidence.
 *
 * <p>It verifies nothing on anyone's behalf: one fixed signature of its own (a key made for this
 * purpose, over a fixed message) and the parse of a bundled sample certificate, results
 * discarded. It shares no state with the command's verification: the command's keys, collateral
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

    /** Whether a warm-up's own signature verified (for tests: the warm-up ran the real path). */
    static volatile boolean verified;

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
            boolean p256 = curve == EcCurve.P256;
            HexFormat hex = HexFormat.of();
            EcdsaVerifier verifier = EcdsaVerifier.fromUncompressedPoint(curve, hex.parseHex(p256 ? P256_KEY : P384_KEY));
            verified = verifier.verifyDer(MESSAGE, hex.parseHex(p256 ? P256_SIGNATURE : P384_SIGNATURE));
            try (InputStream in = ColdStartWarmUp.class.getResourceAsStream("samples/snp/milan-vcek.der")) {
                if (in != null) {
                    Certificates.parseOne(in.readAllBytes());
                }
            }
        } catch (IOException | InvalidKeyException | GeneralSecurityException | RuntimeException | Error e) {
            // A warm-up only: nothing it meets may change the command's output or exit code.
        }
    }
}
