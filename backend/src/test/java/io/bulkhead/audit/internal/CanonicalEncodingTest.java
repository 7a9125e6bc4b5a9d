package io.bulkhead.audit.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class CanonicalEncodingTest {

    @Test
    void keyOrderDoesNotMatter() {
        Map<String, Object> ab = new LinkedHashMap<>();
        ab.put("a", 1);
        ab.put("b", Map.of("y", 2, "x", 1));
        Map<String, Object> ba = new LinkedHashMap<>();
        ba.put("b", new TreeMap<>(Map.of("x", 1, "y", 2)).descendingMap());
        ba.put("a", 1);

        assertThat(CanonicalEncoding.json(ab))
                .isEqualTo(CanonicalEncoding.json(ba))
                .isEqualTo("{\"a\":1,\"b\":{\"x\":1,\"y\":2}}");
    }

    @Test
    void keysAreSortedByCodeUnitNotByLength() {
        // jsonb sorts shorter keys first; the canonical form must not depend on that
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("bb", 1);
        m.put("a", 2);
        m.put("B", 3);

        assertThat(CanonicalEncoding.json(m)).isEqualTo("{\"B\":3,\"a\":2,\"bb\":1}");
        assertThat(CanonicalEncoding.canonicalJson("{\"a\": 2, \"B\": 3, \"bb\": 1}"))
                .isEqualTo(CanonicalEncoding.json(m));
    }

    @Test
    void numbersAreNormalised() {
        assertThat(CanonicalEncoding.json(Map.of("n", 1.0))).isEqualTo(CanonicalEncoding.json(Map.of("n", 1)));
        assertThat(CanonicalEncoding.json(Map.of("n", 1L))).isEqualTo("{\"n\":1}");
        assertThat(CanonicalEncoding.json(Map.of("n", new BigDecimal("1.500")))).isEqualTo("{\"n\":1.5}");
        assertThat(CanonicalEncoding.json(Map.of("n", new BigDecimal("1E+3")))).isEqualTo("{\"n\":1000}");
        assertThat(CanonicalEncoding.json(Map.of("n", 0.1f))).isEqualTo("{\"n\":0.1}");
        assertThat(CanonicalEncoding.json(Map.of("n", 1e-7))).isEqualTo("{\"n\":0.0000001}");
        assertThat(CanonicalEncoding.json(Map.of("n", -0.0))).isEqualTo("{\"n\":0}");
        assertThat(CanonicalEncoding.json(Map.of("n", new BigInteger("123456789012345678901234567890"))))
                .isEqualTo("{\"n\":123456789012345678901234567890}");
        assertThat(CanonicalEncoding.canonicalJson("{\"n\": 1.0}")).isEqualTo("{\"n\":1}");
        assertThat(CanonicalEncoding.canonicalJson("{\"n\": 1e2}")).isEqualTo("{\"n\":100}");
        assertThat(CanonicalEncoding.canonicalJson("{\"n\": 2.50}")).isEqualTo("{\"n\":2.5}");
    }

    @Test
    void textThatAJsonbRoundTripReturnsEncodesAsWritten() {
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("text", "quote \" backslash \\ newline \n tab \t bell \u0007 € \uD83D\uDE00");
        value.put("list", Arrays.asList(1, 2.0, null, true, "x"));
        value.put("nested", Map.of("z", Map.of(), "a", List.of()));
        value.put("big", 12345678901234567890.0);
        String written = CanonicalEncoding.json(value);

        // what PostgreSQL hands back for that jsonb: keys by length, spaces, its own escapes, numbers as stored
        String fromJsonb = "{\"big\": 12345678901234567000, \"list\": [1, 2, null, true, \"x\"], \"text\": "
                + "\"quote \\\" backslash \\\\ newline \\n tab \\t bell \\u0007 € \uD83D\uDE00\", "
                + "\"nested\": {\"a\": [], \"z\": {}}}";

        assertThat(CanonicalEncoding.canonicalJson(fromJsonb)).isEqualTo(written);
        assertThat(CanonicalEncoding.canonicalJson(written)).isEqualTo(written);
    }

    @Test
    void nullStaysNull() {
        assertThat(CanonicalEncoding.json(null)).isNull();
        assertThat(CanonicalEncoding.canonicalJson(null)).isNull();
    }

    @Test
    void hashIsLengthPrefixedSoValuesCannotShiftIntoTheirNeighbours() {
        assertThat(CanonicalEncoding.hash(List.of("ab", "c"))).isNotEqualTo(CanonicalEncoding.hash(List.of("a", "bc")));
        assertThat(CanonicalEncoding.hash(Arrays.asList("x", null)))
                .isNotEqualTo(CanonicalEncoding.hash(List.of("x", "")));
        assertThat(CanonicalEncoding.hash(Arrays.asList(null, "-;")))
                .isNotEqualTo(CanonicalEncoding.hash(Arrays.asList("-;", null)));
        assertThat(CanonicalEncoding.hash(List.of("a"))).hasSize(64).matches("[0-9a-f]{64}");
    }

    @Test
    void hashUsesTimeTruncatedToMicroseconds() {
        Instant nanos = Instant.parse("2026-11-23T10:15:30.123456789Z");
        Instant micros = Instant.parse("2026-11-23T10:15:30.123456Z");

        assertThat(CanonicalEncoding.hash(List.of(nanos))).isEqualTo(CanonicalEncoding.hash(List.of(micros)));
        assertThat(CanonicalEncoding.truncate(nanos)).isEqualTo(micros);
    }

    @Test
    void genesisIsSixtyFourZeros() {
        assertThat(CanonicalEncoding.GENESIS).hasSize(64).containsOnlyDigits().doesNotContain("1");
    }
}
