package io.bulkhead.ui.components;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ChangeDiffTest {

    @Test
    void listsOnlyChangedFieldsWithReadableLabelsBeforeAndAfter() {
        var rows = ChangeDiff.rows(
                "{\"state\":\"PENDING\",\"approvals\":0,\"control\":\"nsa-resource-limits\"}",
                "{\"state\":\"ACTIVE\",\"approvals\":\"1 of 1\",\"control\":\"nsa-resource-limits\","
                        + "\"expiresAt\":\"2026-12-16T13:05:09.123456789Z\"}");
        assertThat(rows)
                .containsExactly(
                        new ChangeDiff.Row("State", "PENDING", "ACTIVE"),
                        new ChangeDiff.Row("Approvals", "0", "1 of 1"),
                        new ChangeDiff.Row("Expires at", null, "2026-12-16T13:05:09.123456789Z"));
    }

    @Test
    void nestedFieldsByPathAndListsOfObjectsAsText() {
        var rows = ChangeDiff.rows(
                null, "{\"quota\":{\"requestsCpu\":\"2\"},\"egress\":[{\"cidr\":\"203.0.113.0/24\",\"port\":443}]}");
        assertThat(rows)
                .containsExactly(
                        new ChangeDiff.Row("Quota · requests cpu", null, "2"),
                        new ChangeDiff.Row("Egress", null, "cidr 203.0.113.0/24, port 443"));
    }

    @Test
    void aTimeIsShownRelativeWithTheExactTimeOnHoverNeverAsIso() {
        ChangeDiff d = new ChangeDiff("{}", "{\"expiresAt\":\"2026-12-16T13:05:09.123456789Z\"}");
        String html = d.getElement().getOuterHTML();
        assertThat(html).contains("title=\"2026-12-16 13:05:09 UTC\"").doesNotContain("123456789");
    }

    @Test
    void noChangeSaysSo() {
        assertThat(ChangeDiff.rows("{\"a\":1}", "{\"a\":1}")).isEmpty();
        assertThat(new ChangeDiff("{\"a\":1}", "{\"a\":1}").getElement().getOuterHTML())
                .contains("No field changed.");
    }
}
