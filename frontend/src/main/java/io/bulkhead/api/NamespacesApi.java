package io.bulkhead.api;

import io.bulkhead.compliance.Compliance;
import io.bulkhead.compliance.Finding;
import io.bulkhead.compliance.NamespaceScore;
import io.bulkhead.compliance.TrendPoint;
import io.bulkhead.identity.AccessDeniedException;
import io.bulkhead.provisioning.EgressRule;
import io.bulkhead.provisioning.ManagedNamespace;
import io.bulkhead.provisioning.NamespaceRequest;
import io.bulkhead.provisioning.NamespaceState;
import io.bulkhead.provisioning.Namespaces;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Namespaces: request (POST, or declaratively and idempotently with PUT), list, read with objects and status,
 * decide, decommission, desired YAML, findings, score and trend. Everything goes through {@link Namespaces} and
 * {@link Compliance}, as the UI does. Another team's namespace is 404, never 403.
 */
@RestController
@RequestMapping(path = "/api/v1/namespaces", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Namespaces")
class NamespacesApi {
    private final Namespaces namespaces;
    private final Compliance compliance;

    NamespacesApi(Namespaces namespaces, Compliance compliance) {
        this.namespaces = namespaces;
        this.compliance = compliance;
    }

    @GetMapping
    @Operation(summary = "Namespaces the caller may see, newest request first (developers: their teams)")
    Page<ManagedNamespace> list(
            @RequestParam(required = false) @Nullable String team,
            @RequestParam(required = false) @Nullable String cluster,
            @RequestParam(required = false) @Nullable String tier,
            @RequestParam(required = false) @Nullable Set<NamespaceState> state,
            @RequestParam(required = false) @Nullable String q,
            @RequestParam(required = false) @Nullable Integer limit,
            @RequestParam(required = false) @Nullable String cursor) {
        var f = new Namespaces.Filter(team, cluster, tier, states(state), q);
        String key = "ns|" + f;
        return Cursors.page(cursor, limit, key, (o, l) -> namespaces.list(f, o, l), x -> namespaces.count(f));
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Request a namespace (approved at once inside the tier's defaults, else reviewed)")
    ResponseEntity<ManagedNamespace> request(@RequestBody NamespaceBody body) {
        ManagedNamespace ns = namespaces.request(body.toRequest());
        return created(ns);
    }

    @PutMapping(
            path = "/{cluster}/{name}",
            consumes = {MediaType.APPLICATION_JSON_VALUE, "application/yaml", "application/x-yaml", "text/yaml"})
    @Operation(
            summary = "Declare a namespace (GitOps): the same body again is a no-op (200); a different one is 409",
            requestBody =
                    @io.swagger.v3.oas.annotations.parameters.RequestBody(
                            description =
                                    "The request's fields, or a kubectl-style object (apiVersion bulkhead.io/v1, kind"
                                            + " NamespaceRequest, metadata.name, spec), as JSON or YAML",
                            content = {
                                @Content(
                                        mediaType = "application/json",
                                        schema = @Schema(implementation = NamespaceBody.class)),
                                @Content(mediaType = "application/yaml", schema = @Schema(type = "string"))
                            }))
    ResponseEntity<ManagedNamespace> declare(
            @PathVariable String cluster, @PathVariable String name, @RequestBody String body) {
        NamespaceRequest wanted = DeclarativeBodies.read(body, cluster, name).toRequest();
        var existing = visible(() -> namespaces.findByName(cluster, name))
                .filter(ns -> ns.state() != NamespaceState.REJECTED && ns.state() != NamespaceState.DELETED);
        if (existing.isEmpty()) {
            return created(namespaces.request(wanted));
        }
        ManagedNamespace ns = existing.get();
        Map<String, String> changed = differences(ns, wanted);
        if (!changed.isEmpty()) {
            throw new ApiProblems.Conflict(
                    "The namespace exists with other values; changing a namespace through the API is not supported yet"
                            + " (decommission it and request it again, or put back the values it has).",
                    changed);
        }
        return ResponseEntity.ok().eTag(ETags.of(ns.version())).body(ns);
    }

    @GetMapping("/{cluster}/{name}")
    @Operation(summary = "A namespace with its objects, their status and its latest score")
    ResponseEntity<NamespaceDetail> get(@PathVariable String cluster, @PathVariable String name) {
        ManagedNamespace ns = find(cluster, name);
        NamespaceScore score = compliance.latest(ns.id()).orElse(null);
        return ResponseEntity.ok()
                .eTag(ETags.of(ns.version()))
                .body(new NamespaceDetail(ns, namespaces.objects(ns.id()), score));
    }

    @GetMapping(path = "/{cluster}/{name}/desired", produces = "application/yaml")
    @Operation(summary = "YAML of every object Bulkhead keeps in the namespace")
    ResponseEntity<String> desired(@PathVariable String cluster, @PathVariable String name) {
        ManagedNamespace ns = find(cluster, name);
        return ResponseEntity.ok()
                .contentType(MediaType.parseMediaType("application/yaml"))
                .body(namespaces.desiredYaml(ns.id()));
    }

    @PostMapping(path = "/{cluster}/{name}/approve")
    @Operation(summary = "Approve a waiting request (reviewers; never their own). Honours If-Match")
    ResponseEntity<ManagedNamespace> approve(
            @PathVariable String cluster,
            @PathVariable String name,
            @RequestBody(required = false) @Nullable DecisionBody body,
            @RequestHeader(name = "If-Match", required = false) @Nullable String ifMatch) {
        return decide(cluster, name, body, ifMatch, namespaces::approve);
    }

    @PostMapping(path = "/{cluster}/{name}/reject")
    @Operation(summary = "Reject a waiting request with a comment (reviewers). Honours If-Match")
    ResponseEntity<ManagedNamespace> reject(
            @PathVariable String cluster,
            @PathVariable String name,
            @RequestBody(required = false) @Nullable DecisionBody body,
            @RequestHeader(name = "If-Match", required = false) @Nullable String ifMatch) {
        return decide(cluster, name, body, ifMatch, namespaces::reject);
    }

    /** A decision on the namespace, after the If-Match check: the decided namespace with its new ETag. */
    private ResponseEntity<ManagedNamespace> decide(
            String cluster,
            String name,
            @Nullable DecisionBody body,
            @Nullable String ifMatch,
            java.util.function.BiFunction<java.util.UUID, @Nullable String, ManagedNamespace> decision) {
        ManagedNamespace ns = find(cluster, name);
        ETags.check(ifMatch, ns.version());
        ManagedNamespace after = decision.apply(ns.id(), body == null ? null : body.comment());
        return ResponseEntity.ok().eTag(ETags.of(after.version())).body(after);
    }

    /** The name repeated, as on the screen's confirmation. */
    public record DecommissionBody(@Nullable String confirm) {}

    @PostMapping(path = "/{cluster}/{name}/decommission")
    @Operation(summary = "Decommission (team members and admins); 'confirm' repeats the name. Honours If-Match")
    ResponseEntity<ManagedNamespace> decommission(
            @PathVariable String cluster,
            @PathVariable String name,
            @RequestBody(required = false) @Nullable DecommissionBody body,
            @RequestHeader(name = "If-Match", required = false) @Nullable String ifMatch) {
        ManagedNamespace ns = find(cluster, name);
        ETags.check(ifMatch, ns.version());
        ManagedNamespace after = namespaces.decommission(ns.id(), body == null ? null : body.confirm());
        return ResponseEntity.ok().eTag(ETags.of(after.version())).body(after);
    }

    @GetMapping("/{cluster}/{name}/findings")
    @Operation(summary = "Compliance findings of the namespace, each with the fix")
    List<Finding> findings(@PathVariable String cluster, @PathVariable String name) {
        return compliance.findings(find(cluster, name).id());
    }

    @GetMapping("/{cluster}/{name}/trend")
    @Operation(summary = "The namespace's daily score over the last 'days' days")
    List<TrendPoint> trend(
            @PathVariable String cluster,
            @PathVariable String name,
            @RequestParam(required = false, defaultValue = "30") int days) {
        return compliance.namespaceTrend(find(cluster, name).id(), days);
    }

    private ManagedNamespace find(String cluster, String name) {
        return visible(() -> namespaces.findByName(cluster, name))
                .orElseThrow(() -> new ApiProblems.NotFound("No such namespace."));
    }

    /** The states asked for (a blank value is none), or null for any. */
    static <E extends Enum<E>> @Nullable Set<E> states(@Nullable Set<E> asked) {
        if (asked == null) {
            return null;
        }
        Set<E> out = new java.util.HashSet<>(asked);
        out.remove(null);
        return out.isEmpty() ? null : EnumSet.copyOf(out); // ordered, so the cursor fingerprint is stable
    }

    /** A lookup whose refusal (another team's object) is "not found", never "forbidden". */
    static <T> java.util.Optional<T> visible(java.util.function.Supplier<java.util.Optional<T>> lookup) {
        try {
            return lookup.get();
        } catch (AccessDeniedException e) {
            return java.util.Optional.empty();
        }
    }

    private static ResponseEntity<ManagedNamespace> created(ManagedNamespace ns) {
        return ResponseEntity.created(URI.create("/api/v1/namespaces/" + ns.cluster() + "/" + ns.name()))
                .eTag(ETags.of(ns.version()))
                .body(ns);
    }

    /** Field → what differs between the namespace as it is and as declared (empty when they are the same). */
    static Map<String, String> differences(ManagedNamespace ns, NamespaceRequest wanted) {
        Map<String, String> d = new LinkedHashMap<>();
        diff(d, "team", ns.team(), wanted.team());
        diff(d, "tier", ns.tier(), wanted.tier());
        diff(d, "quotaPreset", ns.quotaPreset(), wanted.quotaPreset());
        diff(
                d,
                "purpose",
                ns.purpose(),
                wanted.purpose() == null ? null : wanted.purpose().strip());
        Set<EgressRule> had = Set.copyOf(ns.egress());
        Set<EgressRule> want = wanted.egress() == null ? Set.of() : Set.copyOf(wanted.egress());
        if (!had.equals(want)) {
            d.put("egress", "Is " + ns.egress().size() + " entries; the body declares others.");
        }
        return d;
    }

    private static void diff(Map<String, String> d, String field, @Nullable String is, @Nullable String wanted) {
        if (!Objects.equals(is, wanted)) {
            d.put(field, "Is '" + is + "'; the body declares '" + wanted + "'.");
        }
    }
}
