package io.bulkhead.api;

import io.bulkhead.clusters.ClusterRegistration;
import io.bulkhead.clusters.ClusterSummary;
import io.bulkhead.clusters.Clusters;
import io.bulkhead.provisioning.TierRollout;
import io.bulkhead.tiers.TierSummary;
import io.bulkhead.tiers.Tiers;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Clusters and tiers (admin changes): register, health, publish a tier version, roll forward or back. */
@RestController
@RequestMapping(produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Clusters and tiers")
class AdminApi {
    private final Clusters clusters;
    private final Tiers tiers;
    private final TierRollout rollout;

    AdminApi(Clusters clusters, Tiers tiers, TierRollout rollout) {
        this.clusters = clusters;
        this.tiers = tiers;
        this.rollout = rollout;
    }

    @GetMapping("/api/v1/clusters")
    @Operation(summary = "Registered clusters and their health (never credentials)")
    List<ClusterSummary> clusters() {
        return clusters.list();
    }

    @GetMapping("/api/v1/clusters/{name}")
    @Operation(summary = "One cluster and its health")
    ClusterSummary cluster(@PathVariable String name) {
        return clusters.find(name).orElseThrow(() -> new ApiProblems.NotFound("No cluster " + name + "."));
    }

    @PostMapping(path = "/api/v1/clusters", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(
            summary = "Register a cluster by kubeconfig or API URL, CA and token (admins); credentials are encrypted")
    ResponseEntity<ClusterSummary> register(@RequestBody ClusterRegistration body) {
        if (body.kind() == null) {
            throw ApiProblems.invalid("kind", "Kind is KUBECONFIG or TOKEN.");
        }
        ClusterSummary c = clusters.register(body);
        return ResponseEntity.created(URI.create("/api/v1/clusters/" + c.name()))
                .body(c);
    }

    @PostMapping("/api/v1/clusters/{name}/probe")
    @Operation(summary = "Probe a cluster now and return its health (admins)")
    ClusterSummary probe(@PathVariable String name) {
        if (clusters.find(name).isEmpty()) {
            throw new ApiProblems.NotFound("No cluster " + name + ".");
        }
        return clusters.probe(name);
    }

    @GetMapping("/api/v1/tiers")
    @Operation(summary = "Tiers and their latest versions")
    List<TierSummary> tiers() {
        return tiers.list();
    }

    @GetMapping(path = "/api/v1/tiers/{tier}/versions/{version}", produces = "application/yaml")
    @Operation(summary = "The bundle YAML of one tier version")
    ResponseEntity<String> bundle(@PathVariable String tier, @PathVariable int version) {
        String yaml = tiers.bundleYaml(tier, version)
                .orElseThrow(() -> new ApiProblems.NotFound("No version " + version + " of tier " + tier + "."));
        return ResponseEntity.ok()
                .contentType(MediaType.parseMediaType("application/yaml"))
                .body(yaml);
    }

    /** A version published: the tier and its new version number. */
    public record Published(String tier, int version) {}

    @PostMapping(
            path = "/api/v1/tiers/versions",
            consumes = {"application/yaml", "text/yaml", MediaType.TEXT_PLAIN_VALUE})
    @Operation(summary = "Publish a new version of a tier from bundle YAML, after a dry-run on every reachable cluster")
    ResponseEntity<Published> publish(@RequestBody @Nullable String yaml) {
        int version = rollout.publish(yaml == null ? "" : yaml);
        String tier = tiers.list().stream()
                .filter(t -> t.latestVersion() == version)
                .map(TierSummary::name)
                .filter(n ->
                        tiers.bundleYaml(n, version).map(y -> y.equals(yaml)).orElse(false))
                .findFirst()
                .orElse("");
        return ResponseEntity.status(201).body(new Published(tier, version));
    }

    /** How many live namespaces moved. */
    public record Rolled(String tier, int version, int namespaces) {}

    @PostMapping("/api/v1/tiers/{tier}/roll")
    @Operation(summary = "Move every live namespace of the tier to a published version (forward or back)")
    Rolled roll(@PathVariable String tier, @RequestParam int version) {
        return new Rolled(tier, version, rollout.rollAll(tier, version));
    }
}
