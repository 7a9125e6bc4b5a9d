package io.bulkhead.provisioning;

import static io.bulkhead.testsupport.TestUsers.admin;
import static io.bulkhead.testsupport.TestUsers.developer;
import static io.bulkhead.testsupport.TestUsers.signIn;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bulkhead.clusters.Clusters;
import io.bulkhead.identity.AccessDeniedException;
import io.bulkhead.kube.KubeTestEnv;
import io.bulkhead.platform.ValidationException;
import io.bulkhead.provisioning.internal.Provisioner;
import io.bulkhead.tenancy.Teams;
import io.bulkhead.testsupport.BackendIntegrationTest;
import io.bulkhead.testsupport.TestClusters;
import io.bulkhead.tiers.Tiers;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** Publishing a tier version goes through the API server's dry-run; namespaces roll forward and back. */
@BackendIntegrationTest
class TierRolloutIT {
    static final String CLUSTER = "rollout-cluster";

    @Autowired
    TierRollout rollout;

    @Autowired
    Tiers tiers;

    @Autowired
    Namespaces namespaces;

    @Autowired
    Clusters clusters;

    @Autowired
    Teams teams;

    @Autowired
    Provisioner provisioner;

    @Test
    void publishesOnlyValidatedVersionsAndRollsNamespacesForwardAndBack() {
        KubernetesClient admin = KubeTestEnv.get().admin();
        TestClusters.ensureTeams(teams, "payments");
        TestClusters.register(clusters, CLUSTER, "Rollout test cluster");
        ManagedNamespace ns;
        try (var s = signIn(developer("alice", "payments"))) {
            ns = namespaces.request(new NamespaceRequest(
                    CLUSTER, "rollout-ns", "payments", "baseline", "M", List.of(), "Tier rollout test"));
            assertThatThrownBy(() -> rollout.publish("name: baseline")).isInstanceOf(AccessDeniedException.class);
        }
        provisioner.reconcile(ns.id());

        try (var s = signIn(admin("admin"))) {
            int v1 = tiers.latestVersion("baseline").orElseThrow();
            String yaml = tiers.bundleYaml("baseline", v1).orElseThrow();

            assertThat(rollout.validate("name: baseline\ntitle: [broken"))
                    .singleElement()
                    .asString()
                    .isNotBlank();
            assertThatThrownBy(() -> rollout.publish(yaml))
                    .isInstanceOf(ValidationException.class)
                    .hasMessageContaining("identical");

            String changed = yaml.replace("summary: >-", "summary: >-\n  (revised)");
            assertThat(rollout.validate(changed)).isEmpty();
            int v2 = rollout.publish(changed);
            assertThat(v2).isEqualTo(v1 + 1);

            assertThat(rollout.rollAll("baseline", v2)).isGreaterThanOrEqualTo(1);
            assertThat(namespaces.find(ns.id()).orElseThrow().tierVersion()).isEqualTo(v2);
            Provisioner.Outcome rolled = provisioner.reconcile(ns.id());
            assertThat(namespaces.find(ns.id()).orElseThrow().stateReason()).isNull();
            assertThat(rolled.state()).isEqualTo(NamespaceState.READY);
            Awaitility.await()
                    .atMost(Duration.ofSeconds(30))
                    .untilAsserted(() -> assertThat(admin.namespaces()
                                    .withName("rollout-ns")
                                    .get()
                                    .getMetadata()
                                    .getLabels())
                            .containsEntry("bulkhead.io/tier-version", String.valueOf(v2)));

            rollout.rollAll("baseline", v1);
            provisioner.reconcile(ns.id());
            Awaitility.await()
                    .atMost(Duration.ofSeconds(30))
                    .untilAsserted(() -> assertThat(admin.namespaces()
                                    .withName("rollout-ns")
                                    .get()
                                    .getMetadata()
                                    .getLabels())
                            .containsEntry("bulkhead.io/tier-version", String.valueOf(v1)));
            assertThatThrownBy(() -> rollout.rollAll("baseline", 999))
                    .isInstanceOf(ValidationException.class)
                    .hasMessageContaining("no version 999");
        }
    }
}
