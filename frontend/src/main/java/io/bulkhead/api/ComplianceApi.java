package io.bulkhead.api;

import io.bulkhead.compliance.Compliance;
import io.bulkhead.compliance.NamespaceScore;
import io.bulkhead.compliance.ScoreFilter;
import io.bulkhead.compliance.ScoreSummary;
import io.bulkhead.compliance.TrendPoint;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Compliance scores per namespace, team, cluster and tier, and their trend, through {@link Compliance}. */
@RestController
@RequestMapping(path = "/api/v1/scores", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Compliance")
class ComplianceApi {
    private final Compliance compliance;

    ComplianceApi(Compliance compliance) {
        this.compliance = compliance;
    }

    @GetMapping("/namespaces")
    @Operation(summary = "The latest score of every namespace the caller may see, filtered")
    List<NamespaceScore> namespaces(
            @RequestParam(required = false) @Nullable String team,
            @RequestParam(required = false) @Nullable String cluster,
            @RequestParam(required = false) @Nullable String tier) {
        return compliance.namespaceScores(new ScoreFilter(team, cluster, tier));
    }

    @GetMapping
    @Operation(summary = "Latest scores aggregated by team, cluster or tier")
    List<ScoreSummary> summary(
            @RequestParam(defaultValue = "TEAM") ScoreFilter.GroupBy groupBy,
            @RequestParam(required = false) @Nullable String team,
            @RequestParam(required = false) @Nullable String cluster,
            @RequestParam(required = false) @Nullable String tier) {
        return compliance.scores(new ScoreFilter(team, cluster, tier), groupBy);
    }

    @GetMapping("/trend")
    @Operation(summary = "The daily mean score over 'days' days; with groupBy, one series per team, cluster or tier")
    Map<String, List<TrendPoint>> trend(
            @RequestParam(defaultValue = "30") int days,
            @RequestParam(required = false) ScoreFilter.@Nullable GroupBy groupBy,
            @RequestParam(required = false) @Nullable String team,
            @RequestParam(required = false) @Nullable String cluster,
            @RequestParam(required = false) @Nullable String tier) {
        var f = new ScoreFilter(team, cluster, tier);
        return groupBy == null ? Map.of("all", compliance.trend(f, days)) : compliance.trendBy(f, groupBy, days);
    }
}
