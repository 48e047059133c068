package io.tee4j.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tee4j.measure.MeasurementInputException;
import io.tee4j.measure.snp.IdBlock;
import io.tee4j.measure.snp.IdKey;
import io.tee4j.measure.snp.SignedIdBlock;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code tee4j measure sev-snp id-block}: builds and signs an SNP ID block for a launch digest and
 * writes the launch parameters (id-block, id-auth) into a directory; prints them with the key
 * digests a verifier pins. Signatures are deterministic (RFC 6979).
 */
@Command(name = "id-block", description = "Build and sign an SNP ID block and ID_AUTH_INFO for a launch digest.",
        footer = {"", "Examples:",
                "  tee4j measure sev-snp id-block --measurement $(tee4j measure sev-snp --ovmf OVMF.fd --vcpu-type"
                        + " EPYC-v4) --id-key id.pem --author-key author.pem --out launch/",
                "  tee4j measure sev-snp id-block --measurement HEX --id-key id.pem --policy 0x30000 --out launch/ --json",
                "", "Writes id-block.bin, id-auth.bin and their .b64 forms (QEMU: -object sev-snp-guest,id-block=...,"
                        + "id-auth=...,author-key-enabled=on|off)."})
final class MeasureIdBlockCommand implements Callable<Integer> {
    @Option(names = "--measurement", required = true, paramLabel = "HEX", description = "The launch digest (48 bytes).")
    String measurement;

    @Option(names = "--id-key", required = true, paramLabel = "FILE", description = "ECDSA P-384 ID key (PEM or DER).")
    Path idKey;

    @Option(names = "--author-key", paramLabel = "FILE", description = "ECDSA P-384 author key that signs the ID key.")
    Path authorKey;

    @Option(names = "--policy", paramLabel = "HEX", defaultValue = "0x30000", description = "Guest policy (default 0x30000).")
    String policy;

    @Option(names = "--family-id", paramLabel = "HEX", description = "FAMILY_ID, 16 bytes (default zero).")
    String familyId;

    @Option(names = "--image-id", paramLabel = "HEX", description = "IMAGE_ID, 16 bytes (default zero).")
    String imageId;

    @Option(names = "--guest-svn", paramLabel = "N", defaultValue = "0", description = "GUEST_SVN (default 0).")
    String guestSvn;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Directory for the launch parameters.")
    Path out;

    @Option(names = "--json", description = "Print an SNP policy fragment pinning the digest and the key digests.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        IdBlock block = block();
        SignedIdBlock signed;
        try {
            IdKey id = IdKey.read(MeasureInputs.read(idKey, "--id-key"));
            IdKey author = authorKey == null ? null : IdKey.read(MeasureInputs.read(authorKey, "--author-key"));
            signed = SignedIdBlock.sign(block, id, author);
        } catch (MeasurementInputException e) {
            throw MeasureInputs.usage(e);
        }
        write(signed);
        if (json) {
            MeasureOutput.print(policyFragment(signed));
        } else {
            System.out.println("id-block " + signed.idBlockBase64());
            System.out.println("id-auth " + signed.idAuthBase64());
            System.out.println("author-key-enabled " + (signed.authorKeyEnabled() ? "on" : "off"));
            System.out.println("id-key-digest " + MeasureOutput.hex(signed.idKeyDigest()));
            signed.authorKeyDigest().ifPresent(d -> System.out.println("author-key-digest " + MeasureOutput.hex(d)));
        }
        return ExitCodes.OK;
    }

    private IdBlock block() throws UsageException {
        long svn = MeasureInputs.number(guestSvn, "--guest-svn");
        if (svn > 0xFFFFFFFFL) {
            throw new UsageException("--guest-svn: not a 32-bit value");
        }
        return new IdBlock(MeasureInputs.digest48(measurement, "--measurement"),
                familyId == null ? new byte[16] : MeasureInputs.hex(familyId, 16, "--family-id"),
                imageId == null ? new byte[16] : MeasureInputs.hex(imageId, 16, "--image-id"), svn,
                MeasureInputs.hexNumber(policy, "--policy"));
    }

    private void write(SignedIdBlock s) throws UsageException {
        try {
            Files.createDirectories(out);
            Files.write(out.resolve("id-block.bin"), s.idBlock().encode());
            Files.write(out.resolve("id-auth.bin"), s.idAuth().encode());
            Files.write(out.resolve("id-block.b64"), (s.idBlockBase64() + "\n").getBytes(StandardCharsets.US_ASCII));
            Files.write(out.resolve("id-auth.b64"), (s.idAuthBase64() + "\n").getBytes(StandardCharsets.US_ASCII));
        } catch (IOException e) {
            throw new UsageException("--out: cannot write into " + out + ": " + e.getMessage(), e);
        }
    }

    /** measurements, requireIdBlock, the key digests, and the IDs when set: keys SnpPolicy reads. */
    private ObjectNode policyFragment(SignedIdBlock s) {
        ObjectNode p = MeasureOutput.object();
        MeasureOutput.putList(p, "measurements", s.idBlock().launchDigest());
        p.put("requireIdBlock", true);
        MeasureOutput.putList(p, "trustedIdKeyHashes", s.idKeyDigest());
        if (s.authorKeyDigest().isPresent()) {
            p.put("requireAuthorKey", true);
            MeasureOutput.putList(p, "trustedAuthorKeyHashes", s.authorKeyDigest().get());
        }
        if (familyId != null) {
            p.put("familyId", MeasureOutput.hex(s.idBlock().familyId()));
        }
        if (imageId != null) {
            p.put("imageId", MeasureOutput.hex(s.idBlock().imageId()));
        }
        return p;
    }
}
