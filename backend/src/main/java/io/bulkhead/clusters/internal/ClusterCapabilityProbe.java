package io.bulkhead.clusters.internal;

import static io.bulkhead.db.jooq.Tables.CLUSTER;

import io.bulkhead.clusters.ClusterCapabilities;
import io.bulkhead.clusters.ClusterSummary;
import io.fabric8.kubernetes.api.model.APIResourceList;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Objects;
import org.jooq.DSLContext;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Finds out what a cluster's API server offers the tiers, and keeps it with the cluster: whether Pod Security
 * admission checks namespace labels (a server-side dry-run of a Namespace with an invalid level is refused) and
 * whether ValidatingAdmissionPolicies are served (API discovery). Nothing is written to the cluster. Probed when the
 * server's version changes (and on re-sync), not on every health probe.
 */
@Component
public class ClusterCapabilityProbe {
    private static final Logger log = LoggerFactory.getLogger(ClusterCapabilityProbe.class);
    static final String PROBE_NAMESPACE = "bulkhead-capability-probe";
    static final String PSA_ENFORCE = "pod-security.kubernetes.io/enforce";

    private final DSLContext db;
    private final Clock clock;

    ClusterCapabilityProbe(DSLContext db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    /** Probes unless the capabilities stored are of this server version already. Never throws. */
    public void refreshIfStale(String name, KubernetesClient client, @Nullable String version) {
        String known = db.select(CLUSTER.CAPABILITIES_SERVER_VERSION)
                .from(CLUSTER)
                .where(CLUSTER.NAME.eq(name))
                .fetchOptional(CLUSTER.CAPABILITIES_SERVER_VERSION)
                .orElse(null);
        if (version == null || !version.equals(known)) {
            refresh(name, client, version);
        }
    }

    /** Probes the capabilities now and stores them. Never throws (an unknown answer is stored as null). */
    public void refresh(String name, KubernetesClient client, @Nullable String version) {
        Boolean psa = podSecurityAdmission(client);
        Boolean vap = validatingAdmissionPolicy(client);
        db.update(CLUSTER)
                .set(CLUSTER.POD_SECURITY_ADMISSION, psa)
                .set(CLUSTER.VALIDATING_ADMISSION_POLICY, vap)
                .set(CLUSTER.CAPABILITIES_SERVER_VERSION, version)
                .set(CLUSTER.CAPABILITIES_PROBED_AT, clock.instant().atOffset(ZoneOffset.UTC))
                .where(CLUSTER.NAME.eq(name))
                .execute();
    }

    /** The capabilities stored for a cluster. */
    public ClusterCapabilities of(ClusterSummary cluster) {
        var r = db.select(
                        CLUSTER.POD_SECURITY_ADMISSION,
                        CLUSTER.VALIDATING_ADMISSION_POLICY,
                        CLUSTER.CAPABILITIES_PROBED_AT)
                .from(CLUSTER)
                .where(CLUSTER.NAME.eq(cluster.name()))
                .fetchOptional();
        OffsetDateTime at = r.map(x -> x.value3()).orElse(null);
        return new ClusterCapabilities(
                cluster.serverVersion(),
                r.map(x -> x.value1()).orElse(null),
                r.map(x -> x.value2()).orElse(null),
                cluster.runtimeClasses(),
                at == null ? null : at.toInstant());
    }

    /**
     * Removes a cluster: deletes its credentials and API server identity and hides the record from every list
     * (it stays for the history of its namespaces).
     */
    public void markRemoved(String name, Instant at) {
        db.update(CLUSTER)
                .set(CLUSTER.REMOVED_AT, at.atOffset(ZoneOffset.UTC))
                .set(CLUSTER.CREDENTIALS_ENCRYPTED, (byte[]) null)
                .set(CLUSTER.API_SERVER_UID, (String) null)
                .set(CLUSTER.STATUS, "UNAVAILABLE")
                .set(CLUSTER.STATUS_REASON, "Removed by an admin.")
                .where(CLUSTER.NAME.eq(name))
                .execute();
    }

    /** True when Pod Security admission refuses an invalid level; false when nothing does; null when unknown. */
    static @Nullable Boolean podSecurityAdmission(KubernetesClient client) {
        Namespace probe = new NamespaceBuilder()
                .withNewMetadata()
                .withName(PROBE_NAMESPACE)
                .addToLabels(PSA_ENFORCE, "not-a-level")
                .endMetadata()
                .build();
        try {
            client.resource(probe).dryRun().create();
            return false;
        } catch (KubernetesClientException e) {
            if (e.getCode() == 422
                    && e.getStatus() != null
                    && String.valueOf(e.getStatus().getMessage()).contains(PSA_ENFORCE)) {
                return true;
            }
            if (e.getCode() == 409) {
                // admission (which runs before storage) let the invalid level through: the name merely exists
                return false;
            }
            log.debug("Pod Security admission probe answered HTTP {}", e.getCode());
            return null;
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** True when the API serves ValidatingAdmissionPolicies (admissionregistration.k8s.io/v1); null when unknown. */
    static @Nullable Boolean validatingAdmissionPolicy(KubernetesClient client) {
        try {
            APIResourceList list = client.getApiResources("admissionregistration.k8s.io/v1");
            return list != null
                    && list.getResources().stream()
                            .anyMatch(r -> Objects.equals(r.getName(), "validatingadmissionpolicies"));
        } catch (KubernetesClientException e) {
            return e.getCode() == 404 ? Boolean.FALSE : null;
        } catch (RuntimeException e) {
            return null;
        }
    }
}
