package io.bulkhead.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class AuditFilterTest {

    private static final Instant T = Instant.parse("2026-11-23T10:00:00Z");

    @Test
    void rejectsOverLongTextWithAMessageNamingTheField() {
        String tooLong = "x".repeat(AuditFilter.MAX_TEXT + 1);

        assertThatThrownBy(() -> new AuditFilter(null, null, tooLong, null, null, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Actor filter is too long: at most 200 characters.");
        assertThatThrownBy(() -> new AuditFilter(null, null, null, tooLong, null, null))
                .hasMessage("Action filter is too long: at most 200 characters.");
        assertThatThrownBy(() -> new AuditFilter(null, null, null, null, tooLong, null))
                .hasMessage("Team filter is too long: at most 200 characters.");
        assertThatThrownBy(() -> new AuditFilter(null, null, null, null, null, tooLong))
                .hasMessage("Target filter is too long: at most 200 characters.");
    }

    @Test
    void acceptsTextOfExactlyTheLimitAndMeasuresItWithoutSurroundingSpaces() {
        String limit = "x".repeat(AuditFilter.MAX_TEXT);

        assertThat(new AuditFilter(null, null, limit, null, null, null).actor()).isEqualTo(limit);
        assertThat(new AuditFilter(null, null, "  " + limit + "  ", null, null, null).actor())
                .isEqualTo(limit);
    }

    @Test
    void rejectsAStartAfterTheEnd() {
        assertThatThrownBy(() -> new AuditFilter(T.plusSeconds(1), T, null, null, null, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("The start of the time range must be before its end.");
    }

    @Test
    void acceptsAnInstantRangeAndOpenEnds() {
        assertThat(new AuditFilter(T, T, null, null, null, null).from()).isEqualTo(T);
        assertThat(new AuditFilter(T, null, null, null, null, null).to()).isNull();
        assertThat(new AuditFilter(null, T, null, null, null, null).from()).isNull();
    }

    @Test
    void blankTextMeansAnyAndTextIsStripped() {
        AuditFilter f = new AuditFilter(null, null, "  ", " team.created ", "", "\t");

        assertThat(f.actor()).isNull();
        assertThat(f.action()).isEqualTo("team.created");
        assertThat(f.team()).isNull();
        assertThat(f.target()).isNull();
        assertThat(f).isEqualTo(new AuditFilter(null, null, null, "team.created", null, null));
    }
}
