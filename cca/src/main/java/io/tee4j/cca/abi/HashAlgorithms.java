package io.tee4j.cca.abi;

import java.util.Optional;

/**
 * The hash-algorithm names a CCA token may carry (platform claim 2402, realm claims 44236 and
 * 44240, software-component key 6): {@code "sha-256"} and {@code "sha-512"}, the IANA textual
 * names of the two algorithms the RMM specification defines for realms and the only ones
 * veraison/rust-ccatoken's {@code is_valid_hash} admits (TF-RMM emits no other). Any other string
 * — empty, unknown, or a real but unsupported algorithm such as {@code "sha-384"} or
 * {@code "md5"} — is malformed evidence, not a failed check. Not API.
 */
public final class HashAlgorithms {
    static final String SHA_256 = "sha-256";
    static final String SHA_512 = "sha-512";

    private HashAlgorithms() {
    }

    /** Whether the token may name this algorithm. */
    public static boolean isAllowed(String name) {
        return SHA_256.equals(name) || SHA_512.equals(name);
    }

    /** The JCA digest name of an allowed algorithm; empty for any other string. */
    public static Optional<String> jcaName(String name) {
        if (SHA_256.equals(name)) {
            return Optional.of("SHA-256");
        }
        if (SHA_512.equals(name)) {
            return Optional.of("SHA-512");
        }
        return Optional.empty();
    }

    /** One line naming the allowed algorithms, for error messages. */
    public static String allowed() {
        return "\"" + SHA_256 + "\" or \"" + SHA_512 + "\"";
    }
}
