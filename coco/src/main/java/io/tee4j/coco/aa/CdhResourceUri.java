package io.tee4j.coco.aa;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A confidential data hub resource URI, {@code kbs:///<repository>/<type>/<tag>}: the resource the
 * pod's data hub fetches from the KBS it is configured with (so no host is named here; one is refused
 * rather than ignored) and serves decrypted on {@code /cdh/resource/<repository>/<type>/<tag>}. Each
 * segment is 1-128 characters of {@code [A-Za-z0-9._-]} starting with a letter or digit (so never
 * {@code .} or {@code ..}); no query, fragment, encoding or further segment.
 *
 * @param repository the repository, e.g. {@code default}
 * @param type the resource type, e.g. {@code key}
 * @param tag the tag, e.g. {@code disk}
 */
public record CdhResourceUri(String repository, String type, String tag) {
    private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
    private static final String PREFIX = "kbs:///";

    /** Checks the segments. */
    public CdhResourceUri {
        for (String s : new String[] {repository, type, tag}) {
            if (!SEGMENT.matcher(Objects.requireNonNull(s, "segment")).matches()) {
                throw new IllegalArgumentException("resource path segment '" + s + "': 1-128 letters, digits, '.', '_'"
                        + " or '-', starting with a letter or digit");
            }
        }
    }

    /**
     * Parses {@code kbs:///repository/type/tag}.
     *
     * @throws IllegalArgumentException any other form (another scheme, a host, a query, not three segments)
     */
    public static CdhResourceUri parse(String uri) {
        Objects.requireNonNull(uri, "uri");
        if (!uri.startsWith(PREFIX)) {
            throw new IllegalArgumentException("a resource URI is kbs:///REPOSITORY/TYPE/TAG (no host: the pod's data "
                    + "hub uses the KBS it was configured with), not " + uri);
        }
        String[] parts = uri.substring(PREFIX.length()).split("/", -1);
        if (parts.length != 3) {
            throw new IllegalArgumentException("a resource URI has exactly three segments: kbs:///REPOSITORY/TYPE/TAG");
        }
        return new CdhResourceUri(parts[0], parts[1], parts[2]);
    }

    /** The path under the API's {@code /cdh/resource/}. */
    public String path() {
        return repository + "/" + type + "/" + tag;
    }

    @Override
    public String toString() {
        return PREFIX + path();
    }
}
