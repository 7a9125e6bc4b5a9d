package io.bulkhead.inventory;

import org.jspecify.annotations.Nullable;

/**
 * A container image reference split into its parts, as Docker/containerd resolve it: the registry defaults to
 * {@code docker.io}, a one-segment Docker Hub repository gets {@code library/}, and an image with neither tag nor
 * digest means tag {@code latest}.
 *
 * @param reference the reference as written in the pod spec
 * @param tag null when the image is pinned by digest only
 * @param digest e.g. {@code sha256:abc…}; null when not pinned
 */
public record ImageRef(
        String reference,
        String registry,
        String repository,
        @Nullable String tag,
        @Nullable String digest) {

    public static ImageRef parse(String reference) {
        String rest = reference.strip();
        String digest = null;
        int at = rest.indexOf('@');
        if (at >= 0) {
            digest = rest.substring(at + 1);
            rest = rest.substring(0, at);
        }
        String tag = null;
        int colon = rest.lastIndexOf(':');
        if (colon > rest.lastIndexOf('/')) {
            tag = rest.substring(colon + 1);
            rest = rest.substring(0, colon);
        }
        String registry = "docker.io";
        String repository = rest;
        int slash = rest.indexOf('/');
        if (slash > 0) {
            String first = rest.substring(0, slash);
            if (first.contains(".") || first.contains(":") || first.equals("localhost")) {
                registry = first;
                repository = rest.substring(slash + 1);
            }
        }
        if (registry.equals("docker.io") && !repository.contains("/")) {
            repository = "library/" + repository;
        }
        if (tag == null && digest == null) {
            tag = "latest";
        }
        return new ImageRef(reference, registry, repository, tag, digest);
    }

    /** {@code registry/repository}, e.g. {@code ghcr.io/bulkhead-io/app}. */
    public String name() {
        return registry + "/" + repository;
    }

    public boolean pinnedByDigest() {
        return digest != null && digest.matches("sha256:[0-9a-f]{64}");
    }
}
