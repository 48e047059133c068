package io.tee4j.cli;

import io.tee4j.coco.kbs.EvidenceJson;
import io.tee4j.coco.kbs.InitData;
import io.tee4j.coco.kbs.KbsClient;
import io.tee4j.core.AttestationException;
import io.tee4j.core.Attester;
import io.tee4j.core.SecretAccess;
import io.tee4j.core.SecretBytes;
import io.tee4j.core.Tee;
import io.tee4j.core.TeeType;
import io.tee4j.core.keys.SealingKeySource;
import io.tee4j.sealing.ReleasedKeySource;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;

/**
 * The {@code kbs} key source: the sealing key is a resource released by a trustee KBS after RCAR
 * attestation ({@link KbsClient}). It seals as a released key named {@code kbs:REPO/TYPE/TAG}, so
 * the header (key source {@code released/kbs:REPO/TYPE/TAG}) records which resource to ask for on
 * unseal, but not where: the KBS URL always comes from the command line ({@code --kbs-url}), since a
 * URL read from a file anyone can edit would let that file send the workload's evidence, and take
 * whatever key, from a server of the editor's choosing.
 */
final class KbsKeySource {
    /** Prefix of the key-source ids of KBS-released keys. */
    static final String ID_PREFIX = ReleasedKeySource.ID + "/kbs:";

    private KbsKeySource() {
    }

    static boolean isKbs(String id) {
        return id.startsWith(ID_PREFIX);
    }

    /** Refuses kbs options with another key source. */
    static void refuseUnlessKbs(String id, KbsOptions k) throws UsageException {
        if (!isKbs(id) && k.anyGiven()) {
            throw new UsageException("--kbs-url, --kbs-resource, --tee, --simulate and --init-data apply to the kbs key "
                    + "source only");
        }
    }

    static SealingKeySource open(String id, KbsOptions k, KeySources.Options o, PrintStream err)
            throws UsageException, AttestationException {
        if (o.keyFile() != null || o.keyEnv() != null || o.keyFormat() != null || o.simDir() != null) {
            throw new UsageException("--key-file, --key-env, --key-format and --sim-dir do not apply to the kbs key source");
        }
        if (k.url == null) {
            throw new UsageException("the kbs key source needs --kbs-url URL (a sealed file never supplies it)");
        }
        String recorded = id.substring(ID_PREFIX.length());
        String resource = recorded.isEmpty() ? k.resource : recorded;
        if (resource == null) {
            throw new UsageException("the kbs key source needs --kbs-resource REPO/TYPE/TAG");
        }
        if (!recorded.isEmpty() && k.resource != null && !k.resource.equals(recorded)) {
            throw new UsageException("--kbs-resource " + k.resource + " is not the resource the file was sealed with ("
                    + recorded + ")");
        }
        String[] path = resource.split("/", -1);
        if (path.length != 3 || !ReleasedKeySource.isValidName("kbs:" + resource)) {
            throw new UsageException("--kbs-resource must be REPO/TYPE/TAG (at most 51 characters of [A-Za-z0-9._:-])");
        }
        KbsClient client;
        try {
            Attester attester = attester(k, err);
            if (!EvidenceJson.supports(attester.type())) {
                throw new UsageException("--tee " + attester.type().id() + ": a KBS takes SEV-SNP, TDX, CCA or Azure "
                        + "SNP/TDX vTPM evidence (trustee's shapes) from this client");
            }
            KbsClient.Builder b = KbsClient.builder(k.url, attester);
            if (k.initData != null) {
                b.initData(initData(k.initData));
            }
            client = b.build();
        } catch (IllegalArgumentException e) {
            throw new UsageException("--kbs-url: " + e.getMessage(), e);
        }
        if (k.url.getScheme().equals("http") && k.simulate == null) {
            err.println("tee4j: WARNING: --kbs-url is plain http: the KBS is not authenticated.");
        }
        try (SecretBytes released = client.getResource(path[0], path[1], path[2])) {
            try (SecretBytes key = key(released)) {
                return ReleasedKeySource.of("kbs:" + resource, key);
            }
        }
    }

    private static Attester attester(KbsOptions k, PrintStream err) throws UsageException, AttestationException {
        if (k.simulate != null) {
            TeeType tee = k.tee == null ? TeeType.SEV_SNP : Backends.parseType(k.tee);
            err.println("tee4j: WARNING: SIMULATED " + tee.id() + " evidence from " + k.simulate
                    + ": a KBS that trusts it releases keys to anyone. Tests and demos only.");
            return Simulators.load(k.simulate, Clock.systemUTC()).attester(tee);
        }
        return k.tee == null ? Tee.detect() : Tee.attester(Backends.parseType(k.tee));
    }

    /** The init-data document: UTF-8 TOML, sent exactly as the file holds it (its digest is over these bytes). */
    private static InitData initData(Path file) throws UsageException {
        byte[] raw = InputFiles.read(file, "init-data", InitData.MAX_BODY_CHARS);
        try {
            String text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(raw)).toString();
            return InitData.toml(text);
        } catch (CharacterCodingException e) {
            throw new UsageException("--init-data: " + file + " is not UTF-8 text", e);
        }
    }

    /** The 32-byte key in a resource: raw, 64 hex digits or base64 (surrounding whitespace ignored). */
    static SecretBytes key(SecretBytes resource) throws UsageException {
        byte[] b = resource.toByteArray(SecretAccess.INSECURE);
        byte[] k = null;
        try {
            if (b.length == 32) {
                k = b.clone();
            } else {
                String s = new String(b, StandardCharsets.US_ASCII).strip();
                try {
                    k = s.length() == 64 ? HexFormat.of().parseHex(s) : Base64.getDecoder().decode(s);
                } catch (IllegalArgumentException e) {
                    k = null;
                }
            }
            if (k == null || k.length != 32) {
                throw new UsageException("the KBS resource is not a 32-byte key (raw, 64 hex digits or base64)");
            }
            return SecretBytes.copyOf(k, SecretAccess.INSECURE);
        } finally {
            Arrays.fill(b, (byte) 0);
            if (k != null) {
                Arrays.fill(k, (byte) 0);
            }
        }
    }
}
