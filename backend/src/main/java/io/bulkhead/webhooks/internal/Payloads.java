package io.bulkhead.webhooks.internal;

import io.bulkhead.webhooks.PortalEvent;
import io.bulkhead.webhooks.WebhookFormat;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/** The request bodies: Bulkhead's JSON, or a Slack-compatible message. Pure functions, fixed key order. */
public final class Payloads {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private Payloads() {}

    public static String render(PortalEvent e, WebhookFormat format) {
        Map<String, Object> body = new LinkedHashMap<>();
        if (format == WebhookFormat.SLACK) {
            body.put("text", "*[Bulkhead] " + e.type().label() + "*: " + e.summary());
            return JSON.writeValueAsString(body);
        }
        body.put("id", e.id().toString());
        body.put("type", e.type().wireName());
        body.put("occurredAt", DateTimeFormatter.ISO_INSTANT.format(e.occurredAt()));
        body.put("team", e.team());
        body.put("cluster", e.cluster());
        body.put("namespace", e.namespace());
        if (e.targetType() != null) {
            Map<String, Object> target = new LinkedHashMap<>();
            target.put("type", e.targetType());
            target.put("id", e.targetId());
            body.put("target", target);
        }
        body.put("actor", e.actor());
        body.put("summary", e.summary());
        body.put("data", new java.util.TreeMap<>(e.data()));
        return JSON.writeValueAsString(body);
    }
}
