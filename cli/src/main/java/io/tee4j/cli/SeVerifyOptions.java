package io.tee4j.cli;

import io.tee4j.core.Evidence;
import io.tee4j.core.SecretAccess;
import io.tee4j.core.SecretBytes;
import io.tee4j.core.TeeType;
import io.tee4j.se.client.ArpkFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code tee4j verify --tee ibm-se}'s own inputs, handed to the backend the way it reads them: the
 * SE header and the request as collateral files, the ARPK as the evidence's aux blob.
 */
final class SeVerifyOptions {
    private SeVerifyOptions() {
    }

    /** The header and request files as collateral; usage errors for a missing ARPK or another TEE. */
    static List<Path> collateral(TeeType type, Path request, Path arpk, Path header) throws UsageException {
        if (type != TeeType.IBM_SE) {
            if (request != null || arpk != null || header != null) {
                throw new UsageException("--request, --arpk and --se-header apply to --tee ibm-se only");
            }
            return List.of();
        }
        if (arpk == null) {
            throw new UsageException("--tee ibm-se needs --arpk FILE (written by 'tee4j se request --arpk-out')");
        }
        List<Path> out = new ArrayList<>();
        if (header != null) {
            out.add(header);
        }
        if (request != null) {
            out.add(request);
        }
        return out;
    }

    /** The evidence with the ARPK attached, for ibm-se; unchanged otherwise. */
    static Evidence withArpk(TeeType type, Evidence evidence, Path arpk) throws UsageException {
        if (type != TeeType.IBM_SE) {
            return evidence;
        }
        try (SecretBytes key = ArpkFiles.read(arpk)) {
            return evidence.toBuilder().auxBlob(key.toByteArray(SecretAccess.INSECURE)).build();
        } catch (IOException e) {
            throw new UsageException("--arpk " + arpk + ": " + InputFiles.problem(e), e);
        }
    }
}
