package io.tee4j.core;

/**
 * The token that must be passed to read or wrap a secret. Holding it is a statement in code that
 * the caller handles secret key material on purpose; grep for {@code SecretAccess.INSECURE} to find
 * every such place.
 *
 * @since 0.1
 */
public final class SecretAccess {
    /** The one token. Named so that its uses stand out in review. */
    public static final SecretAccess INSECURE = new SecretAccess();

    private SecretAccess() {
    }
}
