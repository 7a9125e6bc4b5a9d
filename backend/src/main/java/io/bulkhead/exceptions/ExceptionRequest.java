package io.bulkhead.exceptions;

import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * What a developer asks for. Fields may be null or wrong: {@link PolicyExceptions#validate} says what is wrong,
 * per field.
 *
 * @param namespaceId the managed namespace
 * @param control a control of the catalog ({@link Controls})
 * @param value the control's parameter: the Pod Security level for {@code psa-level}, {@code <cidr>,<port>,<protocol>}
 *     for {@code egress}, the preset name for {@code quota}; none for admission rules
 * @param scope the whole namespace or named workloads (admission rules only)
 * @param workloads for {@link ExceptionScope#WORKLOADS}: 1–20 workload names (DNS labels)
 * @param justification why, 20–2000 characters
 * @param ticketUrl optional http(s) link to a ticket, at most 500 characters
 * @param durationDays 1 to the tier's maximum
 * @param renewalOf the Active or Expired exception this one renews, if any
 */
public record ExceptionRequest(
        @Nullable UUID namespaceId,
        @Nullable String control,
        @Nullable String value,
        @Nullable ExceptionScope scope,
        @Nullable List<String> workloads,
        @Nullable String justification,
        @Nullable String ticketUrl,
        @Nullable Integer durationDays,
        @Nullable UUID renewalOf) {

    /** A request that renews nothing. */
    public ExceptionRequest(
            @Nullable UUID namespaceId,
            @Nullable String control,
            @Nullable String value,
            @Nullable ExceptionScope scope,
            @Nullable List<String> workloads,
            @Nullable String justification,
            @Nullable String ticketUrl,
            @Nullable Integer durationDays) {
        this(namespaceId, control, value, scope, workloads, justification, ticketUrl, durationDays, null);
    }

    /** The same request as a renewal of {@code previous}. */
    public ExceptionRequest renewing(UUID previous) {
        return new ExceptionRequest(
                namespaceId, control, value, scope, workloads, justification, ticketUrl, durationDays, previous);
    }
}
