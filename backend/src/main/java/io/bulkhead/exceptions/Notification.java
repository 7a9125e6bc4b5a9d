package io.bulkhead.exceptions;

import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/** An in-app notification for the signed-in user (to them, or to a role they have). */
public record Notification(UUID id, String text, @Nullable String link, Instant createdAt, boolean read) {}
