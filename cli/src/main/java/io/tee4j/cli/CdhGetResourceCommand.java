package io.tee4j.cli;

import io.tee4j.coco.aa.AaApiClient;
import io.tee4j.coco.aa.CdhResourceUri;
import io.tee4j.core.AttestationException;
import io.tee4j.core.SecretAccess;
import io.tee4j.core.SecretBytes;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code tee4j cdh get-resource kbs:///REPO/TYPE/TAG [--out F] [--aa-url URL]}: the secret the pod's
 * confidential data hub fetched from its KBS (after its own attestation) and decrypted, read from the
 * pod-local API ({@code GET /cdh/resource/REPO/TYPE/TAG} on {@code http://127.0.0.1:8006}, loopback
 * literals only). tee4j verifies nothing here: the data hub did the attestation and the decryption.
 * The secret goes to {@code --out} (written crash-safely; a target that is not a regular file is
 * refused before anything is fetched) or to standard output.
 *
 * <p>Exit codes: 0 written; 1 a bad URI, {@code --aa-url} or {@code --out}; 3 the API answered but the
 * data hub could not get the resource (its KBS unreachable or refusing, no such resource), or did
 * not answer in time; 7 no Confidential Containers API (not in a pod, or the resource feature off).
 */
@Command(name = "get-resource", description = "Read a secret from the pod's confidential data hub (kbs:///REPO/TYPE/TAG).",
        footer = {"", "Examples:", "  tee4j cdh get-resource kbs:///default/key/db --out db.key",
                "  tee4j cdh get-resource kbs:///default/cert/tls --aa-url http://127.0.0.1:8006"})
final class CdhGetResourceCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "kbs:///REPO/TYPE/TAG", description = "The resource.")
    String uri;

    @Option(names = "--out", paramLabel = "FILE", description = "Write the secret here (default: standard output).")
    Path out;

    @Option(names = "--aa-url", paramLabel = "URL",
            description = "The pod-local API (default http://127.0.0.1:8006; http on 127.x.x.x, [::1] or localhost only).")
    URI aaUrl;

    @Override
    public Integer call() throws UsageException, AttestationException {
        CdhResourceUri resource;
        try {
            resource = CdhResourceUri.parse(uri);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage(), e);
        }
        if (out != null) {
            OutputTargets.check(out, "--out");
        }
        AaApiClient api;
        try {
            api = AaApiClient.at(aaUrl == null ? AaApiClient.DEFAULT_BASE : aaUrl, Duration.ofSeconds(60));
        } catch (IllegalArgumentException e) {
            throw new UsageException("--aa-url: " + e.getMessage(), e);
        }
        try (SecretBytes secret = api.resource(resource, SecretAccess.INSECURE)) {
            byte[] bytes = secret.toByteArray(SecretAccess.INSECURE);
            try {
                write(bytes);
            } finally {
                Arrays.fill(bytes, (byte) 0);
            }
        }
        return ExitCodes.OK;
    }

    private void write(byte[] bytes) throws UsageException {
        if (out != null) {
            OutputTargets.write(out, "--out", bytes);
            return;
        }
        try {
            System.out.write(bytes);
        } catch (IOException e) {
            throw new UsageException("cannot write the secret to standard output: " + e.getMessage(), e);
        }
        System.out.flush();
    }
}
