package io.bulkhead.ui.components;

import static org.assertj.core.api.Assertions.assertThat;

import io.bulkhead.compliance.CatalogChange;
import io.bulkhead.compliance.TrendPoint;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class ChartsTest {
    private static final LocalDate D1 = LocalDate.parse("2026-11-28");

    private static TrendPoint point(int plusDays, String score) {
        return new TrendPoint(D1.plusDays(plusDays), new BigDecimal(score), 3);
    }

    private static final Map<String, List<TrendPoint>> TRENDS =
            Map.of("payments", List.of(point(0, "91.0"), point(1, "90.5"), point(3, "72.0")));

    @Test
    void aCatalogChangeIsMarkedOnTheFirstDayOfTheAxisFromIt() {
        Chart chart = new Chart("c");
        // the change happened on a day without a point: the mark goes to the next day on the axis
        Charts.drawTrend(chart, TRENDS, "team", 30, List.of(new CatalogChange(D1.plusDays(2), 2)));

        JsonNode option = JsonMapper.builder().build().readTree(chart.option());
        JsonNode mark = option.get("series").get(0).get("markLine");
        assertThat(mark).isNotNull();
        assertThat(mark.get("data")).hasSize(1);
        assertThat(mark.get("data").get(0).get("xAxis").asString()).isEqualTo("2026-12-01");
        assertThat(mark.get("data").get(0).get("label").get("formatter").asString())
                .isEqualTo("catalog v2");
        assertThat(chart.getElement().getAttribute("aria-label"))
                .contains("the rules changed: catalog version 2 from 2026-11-30");
    }

    @Test
    void noChangeNoMark() {
        Chart chart = new Chart("c");
        Charts.drawTrend(chart, TRENDS, "team", 30);
        JsonNode option = JsonMapper.builder().build().readTree(chart.option());
        assertThat(option.get("series").get(0).has("markLine")).isFalse();
        // a change after the last day on the axis is not drawn
        Charts.drawTrend(chart, TRENDS, "team", 30, List.of(new CatalogChange(D1.plusDays(9), 3)));
        assertThat(JsonMapper.builder()
                        .build()
                        .readTree(chart.option())
                        .get("series")
                        .get(0)
                        .has("markLine"))
                .isFalse();
    }
}
