package io.bulkhead.api;

import io.bulkhead.exceptions.ExceptionDecision;
import io.bulkhead.exceptions.ExceptionRequest;
import io.bulkhead.exceptions.ExceptionScope;
import io.bulkhead.exceptions.ExceptionState;
import io.bulkhead.exceptions.PolicyException;
import io.bulkhead.exceptions.PolicyExceptions;
import io.bulkhead.provisioning.ManagedNamespace;
import io.bulkhead.provisioning.Namespaces;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Policy exceptions: request, list, read with decisions, approve/reject, withdraw, revoke, renew — through
 * {@link PolicyExceptions}, the UI's facade. Another team's exception is 404.
 */
@RestController
@RequestMapping(path = "/api/v1/exceptions", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Exceptions")
class ExceptionsApi {
    private final PolicyExceptions exceptions;
    private final Namespaces namespaces;

    ExceptionsApi(PolicyExceptions exceptions, Namespaces namespaces) {
        this.exceptions = exceptions;
        this.namespaces = namespaces;
    }

    /**
     * An exception request: the namespace by cluster and name, the control and its parameter, the scope, why, and
     * for how long (see the request form).
     */
    public record ExceptionBody(
            @Nullable String cluster,
            @Nullable String namespace,
            @Nullable String control,
            @Nullable String value,
            @Nullable ExceptionScope scope,
            @Nullable List<String> workloads,
            @Nullable String justification,
            @Nullable String ticketUrl,
            @Nullable Integer durationDays) {}

    /** A renewal: the same control, value and scope as the exception renewed; a new justification and duration. */
    public record RenewalBody(
            @Nullable String justification,
            @Nullable String ticketUrl,
            @Nullable Integer durationDays) {}

    /** An exception with the reviewers' decisions, oldest first. */
    public record ExceptionDetail(PolicyException exception, List<ExceptionDecision> decisions) {}

    @GetMapping
    @Operation(summary = "Exceptions the caller may see, oldest request first; filter by namespace, state, mine")
    Page<PolicyException> list(
            @RequestParam(required = false) @Nullable String cluster,
            @RequestParam(required = false) @Nullable String namespace,
            @RequestParam(required = false) @Nullable Set<ExceptionState> state,
            @RequestParam(required = false, defaultValue = "false") boolean mine,
            @RequestParam(required = false) @Nullable Integer limit,
            @RequestParam(required = false) @Nullable String cursor) {
        UUID nsId = null;
        if (cluster != null || namespace != null) {
            if (cluster == null || namespace == null) {
                throw ApiProblems.invalid("namespace", "Give both cluster and namespace, or neither.");
            }
            nsId = NamespacesApi.visible(() -> namespaces.findByName(cluster, namespace))
                    .map(ManagedNamespace::id)
                    .orElseThrow(() -> new ApiProblems.NotFound("No such namespace."));
        }
        var f = new PolicyExceptions.Filter(nsId, NamespacesApi.states(state), mine);
        return Cursors.page(cursor, limit, "ex|" + f, (o, l) -> exceptions.list(f, o, l), x -> exceptions.count(f));
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Request an exception for one of your team's namespaces")
    ResponseEntity<PolicyException> request(@RequestBody ExceptionBody body) {
        UUID nsId = namespaceId(body.cluster(), body.namespace());
        PolicyException e = exceptions.request(new ExceptionRequest(
                nsId,
                body.control(),
                body.value(),
                body.scope(),
                body.workloads(),
                body.justification(),
                body.ticketUrl(),
                body.durationDays()));
        return created(e);
    }

    @GetMapping("/{id}")
    @Operation(summary = "One exception with its decisions")
    ResponseEntity<ExceptionDetail> get(@PathVariable UUID id) {
        PolicyException e = find(id);
        return ResponseEntity.ok().eTag(ETags.of(e.version())).body(new ExceptionDetail(e, exceptions.decisions(id)));
    }

    @PostMapping("/{id}/approve")
    @Operation(summary = "Approve (reviewers; never their own; sensitive tiers need two). Honours If-Match")
    ResponseEntity<PolicyException> approve(
            @PathVariable UUID id,
            @RequestBody(required = false) @Nullable DecisionBody body,
            @RequestHeader(name = "If-Match", required = false) @Nullable String ifMatch) {
        ETags.check(ifMatch, find(id).version());
        return ok(exceptions.approve(id, body == null ? null : body.comment()));
    }

    @PostMapping("/{id}/reject")
    @Operation(summary = "Reject with a comment (reviewers). Honours If-Match")
    ResponseEntity<PolicyException> reject(
            @PathVariable UUID id,
            @RequestBody(required = false) @Nullable DecisionBody body,
            @RequestHeader(name = "If-Match", required = false) @Nullable String ifMatch) {
        ETags.check(ifMatch, find(id).version());
        return ok(exceptions.reject(id, body == null ? null : body.comment()));
    }

    @PostMapping("/{id}/withdraw")
    @Operation(summary = "Withdraw your own pending request. Honours If-Match")
    ResponseEntity<PolicyException> withdraw(
            @PathVariable UUID id, @RequestHeader(name = "If-Match", required = false) @Nullable String ifMatch) {
        ETags.check(ifMatch, find(id).version());
        return ok(exceptions.withdraw(id));
    }

    @PostMapping("/{id}/revoke")
    @Operation(summary = "Revoke an approved or active exception with a reason (reviewers, admins). Honours If-Match")
    ResponseEntity<PolicyException> revoke(
            @PathVariable UUID id,
            @RequestBody(required = false) @Nullable DecisionBody body,
            @RequestHeader(name = "If-Match", required = false) @Nullable String ifMatch) {
        ETags.check(ifMatch, find(id).version());
        return ok(exceptions.revoke(id, body == null ? null : body.comment()));
    }

    @PostMapping(path = "/{id}/renew", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Request the renewal of an active or expired exception (same control, value and scope)")
    ResponseEntity<PolicyException> renew(@PathVariable UUID id, @RequestBody RenewalBody body) {
        PolicyException e = find(id);
        PolicyException renewal = exceptions.request(new ExceptionRequest(
                        e.namespaceId(),
                        e.control(),
                        e.value(),
                        e.scope(),
                        e.workloads(),
                        body.justification(),
                        body.ticketUrl(),
                        body.durationDays())
                .renewing(e.id()));
        return created(renewal);
    }

    private PolicyException find(UUID id) {
        return NamespacesApi.visible(() -> exceptions.find(id))
                .orElseThrow(() -> new ApiProblems.NotFound("No such exception."));
    }

    private @Nullable UUID namespaceId(@Nullable String cluster, @Nullable String namespace) {
        if (cluster == null || namespace == null) {
            return null; // the facade says "choose a namespace"
        }
        return NamespacesApi.visible(() -> namespaces.findByName(cluster, namespace))
                .map(ManagedNamespace::id)
                .orElseThrow(() -> ApiProblems.invalid("namespace", "No such namespace."));
    }

    private static ResponseEntity<PolicyException> ok(PolicyException e) {
        return ResponseEntity.ok().eTag(ETags.of(e.version())).body(e);
    }

    private static ResponseEntity<PolicyException> created(PolicyException e) {
        return ResponseEntity.created(URI.create("/api/v1/exceptions/" + e.id()))
                .eTag(ETags.of(e.version()))
                .body(e);
    }
}
