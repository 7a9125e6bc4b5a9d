package io.bulkhead.webhooks;

/** The body an endpoint receives. */
public enum WebhookFormat {
    /** Bulkhead's own JSON: {@code {id, type, occurredAt, team, cluster, namespace, target, actor, summary, data}}. */
    BULKHEAD,
    /** A Slack incoming-webhook message: {@code {"text": ...}} (also understood by Mattermost and Rocket.Chat). */
    SLACK
}
