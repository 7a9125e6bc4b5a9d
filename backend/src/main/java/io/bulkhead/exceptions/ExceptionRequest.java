package io.bulkhead.exceptions;

import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * What a developer asks for: an exception for a control as the findings name it, in a scope. Fields may be null
 * or wrong: {@link PolicyExceptions#validate} says what is wrong, per field.
 *
 * @param namespaceId the managed namespace
 * @param control a compliance control as the findings name it (e.g. {@code pss-run-as-non-root}), or
 *     {@value Controls#EGRESS} / {@value Controls#QUOTA}; see {@link Controls#applicable}
 * @param value for {@code egress} one destination as {@code <cidr>,<port>,<protocol>}, for {@code quota} the preset
 *     name; none for the other controls (the cluster change they need is the backend's mapping)
 * @param scope the whole namespace or named workloads (workload controls only)
 * @param workloads for {@link ExceptionScope#WORKLOADS}: 1–20 workload names (DNS labels)
 * @param justification why, 20–2000 characters
 * @param ticketUrl optional http(s) link to a ticket, at most 500 characters
 * @param durationDays 1 to the tier's maximum
 * @param renewalOf the Active or Expired exception this one renews, if any
 * @param workloadKind with workloads: their kind ({@code Deployment}, ...), null = any kind of that name
 * @param container with exactly one workload: the one container it covers, null = every container
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
        @Nullable UUID renewalOf,
        @Nullable String workloadKind,
        @Nullable String container) {

    /** A request that renews nothing, for a whole workload of any kind. */
    public ExceptionRequest(
            @Nullable UUID namespaceId,
            @Nullable String control,
            @Nullable String value,
            @Nullable ExceptionScope scope,
            @Nullable List<String> workloads,
            @Nullable String justification,
            @Nullable String ticketUrl,
            @Nullable Integer durationDays) {
        this(namespaceId, control, value, scope, workloads, justification, ticketUrl, durationDays, null, null, null);
    }

    /** A request for a whole workload of any kind. */
    public ExceptionRequest(
            @Nullable UUID namespaceId,
            @Nullable String control,
            @Nullable String value,
            @Nullable ExceptionScope scope,
            @Nullable List<String> workloads,
            @Nullable String justification,
            @Nullable String ticketUrl,
            @Nullable Integer durationDays,
            @Nullable UUID renewalOf) {
        this(
                namespaceId,
                control,
                value,
                scope,
                workloads,
                justification,
                ticketUrl,
                durationDays,
                renewalOf,
                null,
                null);
    }

    /** The same request as a renewal of {@code previous}. */
    public ExceptionRequest renewing(UUID previous) {
        return new ExceptionRequest(
                namespaceId,
                control,
                value,
                scope,
                workloads,
                justification,
                ticketUrl,
                durationDays,
                previous,
                workloadKind,
                container);
    }

    /** The same request narrowed to one workload of {@code kind} (and one of its containers, if not null). */
    public ExceptionRequest forWorkload(String kind, String name, @Nullable String containerName) {
        return new ExceptionRequest(
                namespaceId,
                control,
                value,
                ExceptionScope.WORKLOADS,
                List.of(name),
                justification,
                ticketUrl,
                durationDays,
                renewalOf,
                kind,
                containerName);
    }
}
