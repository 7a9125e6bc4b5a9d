package io.bulkhead.webhooks;

import io.bulkhead.audit.AuditEntry;
import io.bulkhead.audit.AuditTrail;
import io.bulkhead.identity.AccessDeniedException;
import io.bulkhead.identity.CurrentUser;
import io.bulkhead.identity.CurrentUsers;
import io.bulkhead.identity.Role;
import io.bulkhead.platform.CredentialCipher;
import io.bulkhead.platform.ValidationException;
import io.bulkhead.webhooks.internal.UrlPolicy;
import io.bulkhead.webhooks.internal.WebhookDispatcher;
import io.bulkhead.webhooks.internal.WebhookSecrets;
import io.bulkhead.webhooks.internal.WebhookStore;
import java.time.Clock;
import java.time.Instant;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Outgoing webhook endpoints. Platform endpoints (no team) are managed by admins and receive every team's events; a
 * team's endpoints are managed by the team's members (and admins) and receive only that team's events. Anyone
 * else gets "no such webhook" (empty), never another team's endpoint. The signing secret is generated here, shown
 * once ({@link CreatedWebhook}) and stored encrypted with the credentials key. Team endpoint URLs must reach
 * public addresses only (see the URL policy); every change is audited.
 */
@Service
public class Webhooks {
    public static final int MAX_NAME = 80;
    public static final int MAX_URL = 2000;
    public static final int MAX_PER_OWNER = 20;
    public static final int MAX_PAGE = 200;
    public static final int DEFAULT_THRESHOLD = 80;

    private final WebhookStore store;
    private final UrlPolicy policy;
    private final CredentialCipher cipher;
    private final WebhookDispatcher dispatcher;
    private final CurrentUsers users;
    private final AuditTrail audit;
    private final Clock clock;

    Webhooks(
            WebhookStore store,
            UrlPolicy policy,
            CredentialCipher cipher,
            WebhookDispatcher dispatcher,
            CurrentUsers users,
            AuditTrail audit,
            Clock clock) {
        this.store = store;
        this.policy = policy;
        this.cipher = cipher;
        this.dispatcher = dispatcher;
        this.users = users;
        this.audit = audit;
        this.clock = clock;
    }

    /** The event types an endpoint can subscribe to (not the test event). */
    public static Set<PortalEventType> subscribable() {
        Set<PortalEventType> s = EnumSet.allOf(PortalEventType.class);
        s.remove(PortalEventType.TEST);
        return s;
    }

    /** Whether the signed-in user may manage platform endpoints (admins). */
    public boolean canManagePlatform() {
        return users.find().map(u -> u.has(Role.ADMIN)).orElse(false);
    }

    /** Endpoints the user manages, by team then name: admins all, others those of their teams. */
    @Transactional(readOnly = true)
    public List<WebhookEndpoint> list(int offset, int limit) {
        checkPage(offset, limit);
        CurrentUser u = users.require();
        return store.list(u.has(Role.ADMIN) ? null : u.teams(), false, offset, limit);
    }

    @Transactional(readOnly = true)
    public int count() {
        CurrentUser u = users.require();
        return store.count(u.has(Role.ADMIN) ? null : u.teams(), false);
    }

    /** One endpoint, if the user manages it. */
    @Transactional(readOnly = true)
    public Optional<WebhookEndpoint> find(UUID id) {
        CurrentUser u = users.require();
        return store.find(id).filter(e -> manages(u, e));
    }

    /**
     * Creates an endpoint for {@code team} (null: a platform endpoint, admins only). Field messages for a bad name,
     * URL (scheme, an internal address for a team endpoint), no events or a threshold outside 1–100.
     */
    @Transactional
    public CreatedWebhook create(@Nullable String team, WebhookForm form) {
        CurrentUser u = users.require();
        if (team == null) {
            u.require("create platform webhooks", Role.ADMIN);
        } else if (!u.isMemberOf(team) && !u.has(Role.ADMIN)) {
            throw new AccessDeniedException("create webhooks for team " + team, "not a member of team " + team);
        }
        Valid v = validate(team, form);
        int existing = team == null ? store.count(List.of(), true) : store.count(List.of(team), false);
        if (existing >= MAX_PER_OWNER) {
            throw new ValidationException(
                    Map.of("name", "At most " + MAX_PER_OWNER + " webhooks per owner; delete one first."));
        }
        Instant now = clock.instant();
        WebhookEndpoint e = new WebhookEndpoint(
                UUID.randomUUID(),
                team,
                v.name,
                v.url,
                v.format,
                v.events,
                v.threshold,
                form.enabled(),
                u.displayName(),
                now,
                now);
        String secret = WebhookSecrets.generate();
        store.insert(e, cipher.encrypt(WebhookSecrets.associatedData(e.id()), secret));
        audit.record(u, entry("webhook.created", e).change(null, describe(e)));
        return new CreatedWebhook(e, secret);
    }

    /** Changes an endpoint the user manages (empty when they do not: no such webhook). The secret stays. */
    @Transactional
    public Optional<WebhookEndpoint> update(UUID id, WebhookForm form) {
        CurrentUser u = users.require();
        Optional<WebhookEndpoint> found = store.find(id).filter(e -> manages(u, e));
        if (found.isEmpty()) {
            return found;
        }
        WebhookEndpoint old = found.get();
        Valid v = validate(old.team(), form);
        WebhookEndpoint e = new WebhookEndpoint(
                old.id(),
                old.team(),
                v.name,
                v.url,
                v.format,
                v.events,
                v.threshold,
                form.enabled(),
                old.createdBy(),
                old.createdAt(),
                clock.instant());
        store.update(e);
        audit.record(u, entry("webhook.changed", e).change(describe(old), describe(e)));
        return Optional.of(e);
    }

    /** A new signing secret (shown once); the old one stops working at once. */
    @Transactional
    public Optional<CreatedWebhook> rotateSecret(UUID id) {
        CurrentUser u = users.require();
        Optional<WebhookEndpoint> found = store.find(id).filter(e -> manages(u, e));
        if (found.isEmpty()) {
            return Optional.empty();
        }
        String secret = WebhookSecrets.generate();
        store.replaceSecret(id, cipher.encrypt(WebhookSecrets.associatedData(id), secret), clock.instant());
        audit.record(u, entry("webhook.secret-rotated", found.get()));
        return Optional.of(new CreatedWebhook(store.find(id).orElseThrow(), secret));
    }

    /** Deletes an endpoint and its delivery log; false when there is no such webhook for the user. */
    @Transactional
    public boolean delete(UUID id) {
        CurrentUser u = users.require();
        Optional<WebhookEndpoint> found = store.find(id).filter(e -> manages(u, e));
        if (found.isEmpty()) {
            return false;
        }
        store.delete(id);
        audit.record(u, entry("webhook.deleted", found.get()).change(describe(found.get()), null));
        return true;
    }

    /** Sends a test event to the endpoint now (also when it is disabled); returns the delivery's id. */
    @Transactional
    public Optional<UUID> sendTest(UUID id) {
        CurrentUser u = users.require();
        Optional<WebhookEndpoint> found = store.find(id).filter(e -> manages(u, e));
        if (found.isEmpty()) {
            return Optional.empty();
        }
        WebhookEndpoint e = found.get();
        PortalEvent test = new PortalEvent(
                UUID.randomUUID(),
                PortalEventType.TEST,
                clock.instant(),
                e.team(),
                null,
                null,
                "webhook",
                e.id().toString(),
                u.displayName(),
                "A test event from Bulkhead for the webhook \"" + e.name() + "\", sent by " + u.displayName() + ".",
                Map.of("webhook", e.name()));
        UUID delivery = dispatcher.deliverNow(test, e);
        audit.record(u, entry("webhook.test-sent", e).change(null, Map.of("delivery", delivery.toString())));
        return Optional.of(delivery);
    }

    /** The endpoint's delivery log, newest first (empty for no such webhook). */
    @Transactional(readOnly = true)
    public List<WebhookDelivery> deliveries(UUID id, int offset, int limit) {
        checkPage(offset, limit);
        CurrentUser u = users.require();
        if (store.find(id).filter(e -> manages(u, e)).isEmpty()) {
            return List.of();
        }
        return store.deliveries(id, offset, limit);
    }

    @Transactional(readOnly = true)
    public int countDeliveries(UUID id) {
        CurrentUser u = users.require();
        if (store.find(id).filter(e -> manages(u, e)).isEmpty()) {
            return 0;
        }
        return store.countDeliveries(id);
    }

    private static boolean manages(CurrentUser u, WebhookEndpoint e) {
        return u.has(Role.ADMIN) || e.team() != null && u.isMemberOf(e.team());
    }

    private record Valid(String name, String url, WebhookFormat format, Set<PortalEventType> events, int threshold) {}

    private Valid validate(@Nullable String team, WebhookForm f) {
        Map<String, String> errors = new LinkedHashMap<>();
        String name = f.name() == null ? "" : f.name().strip();
        if (name.isEmpty()) {
            errors.put("name", "Name the webhook (where it goes, e.g. 'team chat').");
        } else if (name.length() > MAX_NAME) {
            errors.put("name", "At most " + MAX_NAME + " characters.");
        } else if (name.chars().anyMatch(Character::isISOControl)) {
            errors.put("name", "Use printable characters only.");
        }
        String url = f.url() == null ? "" : f.url().strip();
        if (url.isEmpty()) {
            errors.put("url", "Enter the URL to send events to.");
        } else if (url.length() > MAX_URL) {
            errors.put("url", "At most " + MAX_URL + " characters.");
        } else {
            policy.refusal(url, team != null).ifPresent(r -> errors.put("url", r));
        }
        Set<PortalEventType> events = f.events() == null ? Set.of() : f.events();
        if (events.isEmpty()) {
            errors.put("events", "Choose at least one event.");
        } else if (events.contains(PortalEventType.TEST)) {
            errors.put("events", "The test event is sent with \"Send test event\", not by subscription.");
        }
        int threshold = f.scoreThreshold() == null ? DEFAULT_THRESHOLD : f.scoreThreshold();
        if (threshold < 1 || threshold > 100) {
            errors.put("scoreThreshold", "Choose a score threshold of 1 to 100.");
        }
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
        return new Valid(
                name, url, f.format() == null ? WebhookFormat.BULKHEAD : f.format(), Set.copyOf(events), threshold);
    }

    private static String origin(String url) {
        try {
            java.net.URI u = java.net.URI.create(url);
            return u.getScheme() + "://" + u.getHost() + (u.getPort() < 0 ? "" : ":" + u.getPort()) + "/…";
        } catch (IllegalArgumentException e) {
            return "(invalid)";
        }
    }

    private static void checkPage(int offset, int limit) {
        if (offset < 0 || limit < 1 || limit > MAX_PAGE) {
            throw new IllegalArgumentException("Page must start at 0 or later and hold 1 to " + MAX_PAGE + " rows.");
        }
    }

    private static AuditEntry entry(String action, WebhookEndpoint e) {
        return AuditEntry.of(action).target("webhook", e.id().toString()).team(e.team());
    }

    private static Map<String, Object> describe(WebhookEndpoint e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", e.name());
        // only where it goes: a chat webhook's path is itself a secret
        m.put("url", origin(e.url()));
        m.put("format", e.format().name());
        m.put(
                "events",
                e.events().stream().map(PortalEventType::wireName).sorted().toList());
        m.put("scoreThreshold", e.scoreThreshold());
        m.put("enabled", e.enabled());
        return m;
    }
}
