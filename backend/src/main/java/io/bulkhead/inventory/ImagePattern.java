package io.bulkhead.inventory;

import io.bulkhead.platform.ValidationException;
import java.util.Map;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * What a user asks for when looking up where an image runs: a reference normalised as Docker/containerd do
 * (registry {@code docker.io}, {@code library/} for one-segment Docker Hub names), where a tag or digest is only
 * required when given. {@code nginx} matches every tag and digest of {@code docker.io/library/nginx};
 * {@code nginx:1.27} only that tag; {@code sha256:…} alone (or {@code @sha256:…}) matches that digest in any
 * repository.
 *
 * @param registry null for a digest-only pattern
 * @param repository null for a digest-only pattern
 * @param tag required tag, or null for any
 * @param digest required digest, or null for any
 */
public record ImagePattern(
        String input,
        @Nullable String registry,
        @Nullable String repository,
        @Nullable String tag,
        @Nullable String digest) {

    public static final int MAX_LENGTH = 512;
    private static final Pattern REFERENCE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._/:@+-]*");
    private static final Pattern DIGEST = Pattern.compile("@?([a-z0-9]+:[a-f0-9]{32,})");

    /**
     * Parses a user's image reference or repository.
     *
     * @throws ValidationException (field {@code image}) when it is blank, too long or not an image reference
     */
    public static ImagePattern parse(@Nullable String input) {
        String s = input == null ? "" : input.strip();
        if (s.isEmpty()) {
            throw invalid("Enter an image reference or repository, e.g. nginx:1.27 or ghcr.io/org/app.");
        }
        if (s.length() > MAX_LENGTH) {
            throw invalid("An image reference has at most " + MAX_LENGTH + " characters.");
        }
        var digestOnly = DIGEST.matcher(s);
        if (digestOnly.matches()) {
            return new ImagePattern(s, null, null, null, digestOnly.group(1));
        }
        if (!REFERENCE.matcher(s).matches() || s.contains("//") || s.endsWith("/") || s.endsWith(":")) {
            throw invalid("Not an image reference: use registry/repository:tag@digest (letters, digits, . _ - / : @).");
        }
        String beforeDigest = s.contains("@") ? s.substring(0, s.indexOf('@')) : s;
        if (s.indexOf('@') != s.lastIndexOf('@') || beforeDigest.isEmpty() || s.endsWith("@")) {
            throw invalid("Not an image reference: a digest follows a single @, e.g. app@sha256:….");
        }
        boolean explicitTag = beforeDigest.lastIndexOf(':') > beforeDigest.lastIndexOf('/');
        ImageRef ref = ImageRef.parse(s);
        return new ImagePattern(s, ref.registry(), ref.repository(), explicitTag ? ref.tag() : null, ref.digest());
    }

    /** Whether a parsed image of the inventory is one this pattern asks for. */
    public boolean matches(ImageRef image) {
        if (repository != null) {
            if (!image.registry().equals(registry) || !image.repository().equals(repository)) {
                return false;
            }
        }
        return (tag == null || tag.equals(image.tag())) && (digest == null || digest.equals(image.digest()));
    }

    /** {@code registry/repository}, or null for a digest-only pattern. */
    public @Nullable String name() {
        return repository == null ? null : registry + "/" + repository;
    }

    /** The normalised pattern, e.g. {@code docker.io/library/nginx:1.27} or {@code @sha256:…}. */
    public String display() {
        return (repository == null ? "" : name())
                + (tag == null ? "" : ":" + tag)
                + (digest == null ? "" : "@" + digest);
    }

    private static ValidationException invalid(String message) {
        return new ValidationException(Map.of("image", message));
    }
}
