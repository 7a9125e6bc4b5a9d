package io.bulkhead.webhooks;

/**
 * An endpoint just created (or whose secret was just rotated): the only time the signing secret is readable. Show
 * it once; it is stored encrypted and never shown again.
 */
public record CreatedWebhook(WebhookEndpoint endpoint, String secret) {
    @Override
    public String toString() {
        return "CreatedWebhook[" + endpoint.id() + "]";
    }
}
