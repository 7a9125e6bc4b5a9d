package io.bulkhead.api;

import io.bulkhead.webhooks.CreatedWebhook;
import io.bulkhead.webhooks.PortalEventType;
import io.bulkhead.webhooks.WebhookDelivery;
import io.bulkhead.webhooks.WebhookEndpoint;
import io.bulkhead.webhooks.WebhookForm;
import io.bulkhead.webhooks.WebhookFormat;
import io.bulkhead.webhooks.Webhooks;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Outgoing webhooks through {@link Webhooks}, the UI's facade: the caller's teams' endpoints (admins: also the
 * platform's), their delivery logs, a test event, secret rotation. Another team's endpoint is 404. The signing
 * secret is in the answer to create and rotate only. Writes need the {@code webhooks} scope.
 */
@RestController
@RequestMapping(path = "/api/v1/webhooks", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Webhooks")
class WebhooksApi {
    private final Webhooks webhooks;

    WebhooksApi(Webhooks webhooks) {
        this.webhooks = webhooks;
    }

    /**
     * An endpoint: {@code team} (omit for a platform endpoint, admins only; fixed once created), name, https URL,
     * format (BULKHEAD or SLACK), the event types (wire names such as {@code approval.needed}), the score threshold
     * for {@code score.dropped} (default 80), enabled (default true).
     */
    public record WebhookBody(
            @Nullable String team,
            @Nullable String name,
            @Nullable String url,
            @Nullable WebhookFormat format,
            @Nullable List<String> events,
            @Nullable Integer scoreThreshold,
            @Nullable Boolean enabled) {}

    /** An endpoint with its signing secret: shown in this answer only. */
    public record WebhookWithSecret(WebhookEndpoint endpoint, String secret) {
        static WebhookWithSecret of(CreatedWebhook c) {
            return new WebhookWithSecret(c.endpoint(), c.secret());
        }
    }

    /** The delivery queued by "send test event". */
    public record TestDelivery(UUID deliveryId) {}

    @GetMapping
    @Operation(summary = "Webhooks the caller manages: their teams' (admins: all), by team then name")
    Page<WebhookEndpoint> list(
            @RequestParam(required = false) @Nullable Integer limit,
            @RequestParam(required = false) @Nullable String cursor) {
        return Cursors.page(cursor, limit, "wh", webhooks::list, x -> webhooks.count());
    }

    @GetMapping("/event-types")
    @Operation(summary = "The event types an endpoint can subscribe to, by wire name")
    List<String> eventTypes() {
        return Webhooks.subscribable().stream().map(PortalEventType::wireName).toList();
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(
            summary = "Create a webhook for one of your teams (or a platform webhook, admins); returns its secret once")
    ResponseEntity<WebhookWithSecret> create(@RequestBody WebhookBody body) {
        CreatedWebhook c = webhooks.create(blankToNull(body.team()), form(body));
        return ResponseEntity.created(
                        URI.create("/api/v1/webhooks/" + c.endpoint().id()))
                .body(WebhookWithSecret.of(c));
    }

    @GetMapping("/{id}")
    @Operation(summary = "One webhook (never its secret)")
    WebhookEndpoint get(@PathVariable UUID id) {
        return webhooks.find(id).orElseThrow(WebhooksApi::notFound);
    }

    @PutMapping(path = "/{id}", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Change a webhook's name, URL, format, events, threshold or enabled (the team stays)")
    WebhookEndpoint update(@PathVariable UUID id, @RequestBody WebhookBody body) {
        WebhookEndpoint current = webhooks.find(id).orElseThrow(WebhooksApi::notFound);
        String team = blankToNull(body.team());
        if (team != null && !team.equals(current.team())) {
            throw ApiProblems.invalid("team", "A webhook's team cannot change; create a new one.");
        }
        return webhooks.update(id, form(body)).orElseThrow(WebhooksApi::notFound);
    }

    @DeleteMapping("/{id}")
    @Operation(summary = "Delete a webhook and its delivery log")
    ResponseEntity<Void> delete(@PathVariable UUID id) {
        if (!webhooks.delete(id)) {
            throw notFound();
        }
        return ResponseEntity.noContent().build();
    }

    @PostMapping("/{id}/test")
    @Operation(summary = "Send a test event to the webhook now")
    ResponseEntity<TestDelivery> test(@PathVariable UUID id) {
        UUID delivery = webhooks.sendTest(id).orElseThrow(WebhooksApi::notFound);
        return ResponseEntity.accepted().body(new TestDelivery(delivery));
    }

    @PostMapping("/{id}/rotate-secret")
    @Operation(summary = "Replace the signing secret (the old one stops at once); returns the new one once")
    WebhookWithSecret rotate(@PathVariable UUID id) {
        return WebhookWithSecret.of(webhooks.rotateSecret(id).orElseThrow(WebhooksApi::notFound));
    }

    @GetMapping("/{id}/deliveries")
    @Operation(summary = "The webhook's delivery log, newest first, with every try's HTTP status")
    Page<WebhookDelivery> deliveries(
            @PathVariable UUID id,
            @RequestParam(required = false) @Nullable Integer limit,
            @RequestParam(required = false) @Nullable String cursor) {
        webhooks.find(id).orElseThrow(WebhooksApi::notFound);
        return Cursors.page(
                cursor, limit, "whd|" + id, (o, l) -> webhooks.deliveries(id, o, l), x -> webhooks.countDeliveries(id));
    }

    private static WebhookForm form(WebhookBody b) {
        Set<PortalEventType> events = EnumSet.noneOf(PortalEventType.class);
        if (b.events() != null) {
            for (String e : b.events()) {
                events.add(PortalEventType.parse(e == null ? "" : e)
                        .orElseThrow(() -> ApiProblems.invalid("events", "Unknown event type: " + e + ".")));
            }
        }
        return new WebhookForm(
                b.name(),
                b.url(),
                b.format(),
                b.events() == null ? null : events,
                b.scoreThreshold(),
                b.enabled() == null || b.enabled());
    }

    private static @Nullable String blankToNull(@Nullable String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    private static ApiProblems.NotFound notFound() {
        return new ApiProblems.NotFound("No such webhook.");
    }
}
