package io.bulkhead.inventory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bulkhead.platform.ValidationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class ImagePatternTest {
    static final String DIGEST = "sha256:" + "0123456789abcdef".repeat(4);

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            nullValues = "-",
            value = {
                "nginx, docker.io, library/nginx, -, -",
                "nginx:1.27, docker.io, library/nginx, 1.27, -",
                "docker.io/nginx, docker.io, library/nginx, -, -",
                "docker.io/library/nginx:1.27, docker.io, library/nginx, 1.27, -",
                "bitnami/redis:7, docker.io, bitnami/redis, 7, -",
                "ghcr.io/org/app, ghcr.io, org/app, -, -",
                "localhost:5000/app, localhost:5000, app, -, -",
                "localhost:5000/app:v2, localhost:5000, app, v2, -",
                "registry.internal:8443/team/sub/app:1.0-rc.1, registry.internal:8443, team/sub/app, 1.0-rc.1, -",
                "localhost/app, localhost, app, -, -",
            })
    void parsesReferencesWithoutAssumingLatest(
            String input, String registry, String repository, String tag, String digest) {
        ImagePattern p = ImagePattern.parse(input);
        assertThat(p.registry()).isEqualTo(registry);
        assertThat(p.repository()).isEqualTo(repository);
        assertThat(p.tag()).isEqualTo(tag);
        assertThat(p.digest()).isEqualTo(digest);
    }

    @Test
    void parsesDigestsWithAndWithoutTag() {
        ImagePattern pinned = ImagePattern.parse("ghcr.io/org/app@" + DIGEST);
        assertThat(pinned.name()).isEqualTo("ghcr.io/org/app");
        assertThat(pinned.tag()).isNull();
        assertThat(pinned.digest()).isEqualTo(DIGEST);

        ImagePattern both = ImagePattern.parse("nginx:1.27@" + DIGEST);
        assertThat(both.tag()).isEqualTo("1.27");
        assertThat(both.digest()).isEqualTo(DIGEST);
        assertThat(both.display()).isEqualTo("docker.io/library/nginx:1.27@" + DIGEST);
    }

    @Test
    void aDigestAloneMatchesItInAnyRepository() {
        for (String input : new String[] {DIGEST, "@" + DIGEST}) {
            ImagePattern p = ImagePattern.parse(input);
            assertThat(p.name()).isNull();
            assertThat(p.matches(ImageRef.parse("ghcr.io/org/app@" + DIGEST))).isTrue();
            assertThat(p.matches(ImageRef.parse("nginx@" + DIGEST))).isTrue();
            assertThat(p.matches(ImageRef.parse("nginx:1.27"))).isFalse();
        }
    }

    @Test
    void matchesByNormalisedNameAndOnlyTheGivenTagOrDigest() {
        ImagePattern repo = ImagePattern.parse("nginx");
        assertThat(repo.matches(ImageRef.parse("nginx:1.27"))).isTrue();
        assertThat(repo.matches(ImageRef.parse("docker.io/library/nginx@" + DIGEST)))
                .isTrue();
        assertThat(repo.matches(ImageRef.parse("nginx"))).isTrue();
        assertThat(repo.matches(ImageRef.parse("ghcr.io/library/nginx:1.27"))).isFalse();
        assertThat(repo.matches(ImageRef.parse("nginx-unprivileged:1.27"))).isFalse();

        ImagePattern tagged = ImagePattern.parse("docker.io/library/nginx:1.27");
        assertThat(tagged.matches(ImageRef.parse("nginx:1.27"))).isTrue();
        assertThat(tagged.matches(ImageRef.parse("nginx:1.27@" + DIGEST))).isTrue();
        assertThat(tagged.matches(ImageRef.parse("nginx:1.28"))).isFalse();
        assertThat(tagged.matches(ImageRef.parse("nginx@" + DIGEST))).isFalse();

        assertThat(ImagePattern.parse("nginx:latest").matches(ImageRef.parse("nginx")))
                .as("an image without tag runs latest")
                .isTrue();
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(
            strings = {
                "   ",
                "nginx latest",
                "nginx:",
                "ghcr.io/",
                "ghcr.io//app",
                "app@",
                "@",
                "a@b@c",
                "=cmd|' /C calc'!A0",
                "-nginx",
                "nginx;drop"
            })
    void rejectsWhatIsNoImageReferenceWithAFieldMessage(String input) {
        assertThatThrownBy(() -> ImagePattern.parse(input))
                .isInstanceOfSatisfying(
                        ValidationException.class,
                        e -> assertThat(e.fieldErrors()).containsKey("image"));
    }

    @Test
    void rejectsOverlongReferences() {
        assertThatThrownBy(() -> ImagePattern.parse("a".repeat(ImagePattern.MAX_LENGTH + 1)))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("at most");
    }
}
