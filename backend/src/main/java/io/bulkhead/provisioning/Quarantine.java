package io.bulkhead.provisioning;

import java.time.Instant;
import java.util.UUID;

/**
 * A namespace's quarantine: all its traffic denied and its team's write access suspended until a reviewer or an
 * admin releases it.
 *
 * @param namespaceId the quarantined namespace
 * @param inForce true while quarantined; false once released, until the reconciler has restored the namespace
 * @param reason why it was quarantined
 * @param by the subject of the reviewer or admin who quarantined it
 * @param byName their display name
 * @param at when
 */
public record Quarantine(UUID namespaceId, boolean inForce, String reason, String by, String byName, Instant at) {}
