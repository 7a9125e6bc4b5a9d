package io.bulkhead.inventory;

import static io.bulkhead.testsupport.TestUsers.admin;
import static io.bulkhead.testsupport.TestUsers.developer;
import static io.bulkhead.testsupport.TestUsers.reviewer;
import static io.bulkhead.testsupport.TestUsers.signIn;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.bulkhead.audit.AuditFilter;
import io.bulkhead.audit.AuditLog;
import io.bulkhead.clusters.Clusters;
import io.bulkhead.identity.AccessDeniedException;
import io.bulkhead.kube.KubeTestEnv;
import io.bulkhead.platform.ValidationException;
import io.bulkhead.provisioning.Namespaces;
import io.bulkhead.tenancy.Teams;
import io.bulkhead.testsupport.BackendIntegrationTest;
import io.bulkhead.testsupport.TestClusters;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.CronJobBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.StringWriter;
import java.time.Duration;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The user-facing inventory against a real kube-apiserver and PostgreSQL: two teams' namespaces in two clusters
 * (two registrations of the test control plane) get workloads; once the inventory has them, filters, search,
 * sorting, paging, "where does this image run" and the CSV export answer right, and a developer of one team never
 * sees the other team's workloads, by any method.
 */
@BackendIntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class InventoryQueriesIT {
    static final String EAST = "inv-east";
    static final String WEST = "inv-west";
    static final String SHOP_NS = "inv-shop";
    static final String LEDGER_NS = "inv-ledger";
    static final String DIGEST = "sha256:" + "abcdef0123456789".repeat(4);
    static final String SHARED = "registry.inv.test/shared/base:2.1";
    static final String TOOLS = "registry.inv.test/shop/tools@" + DIGEST;

    @Autowired
    InventoryQueries queries;

    @Autowired
    Inventory inventory;

    @Autowired
    Namespaces namespaces;

    @Autowired
    Clusters clusters;

    @Autowired
    Teams teams;

    @Autowired
    AuditLog auditLog;

    @Autowired
    org.springframework.jdbc.core.JdbcTemplate jdbc;

    KubernetesClient kube;

    @BeforeAll
    void provisionTwoTeamsInTwoClustersWithWorkloads() {
        kube = KubeTestEnv.get().admin();
        TestClusters.ensureTeams(teams, "shop", "ledger");
        assertThat(TestClusters.register(clusters, EAST, "Inventory test cluster east")
                        .status())
                .isEqualTo("REACHABLE");
        assertThat(TestClusters.register(clusters, WEST, "Inventory test cluster west")
                        .status())
                .isEqualTo("REACHABLE");
        provision(EAST, SHOP_NS, "shop", "dora");
        provision(WEST, LEDGER_NS, "ledger", "lars");

        PodSpec web = pod(
                List.of(container("migrate", TOOLS)),
                container("web", "registry.inv.test/shop/web:1.0"),
                container("proxy", "envoyproxy/envoy:v1.31"));
        kube.resource(new DeploymentBuilder()
                        .withNewMetadata()
                        .withName("web")
                        .withNamespace(SHOP_NS)
                        .endMetadata()
                        .withNewSpec()
                        .withNewSelector()
                        .addToMatchLabels("app", "web")
                        .endSelector()
                        .withNewTemplate()
                        .withNewMetadata()
                        .addToLabels("app", "web")
                        .endMetadata()
                        .withSpec(web)
                        .endTemplate()
                        .endSpec()
                        .build())
                .create();
        PodSpec report = pod(List.of(), container("report", SHARED));
        report.setRestartPolicy("OnFailure");
        kube.resource(new CronJobBuilder()
                        .withNewMetadata()
                        .withName("report")
                        .withNamespace(SHOP_NS)
                        .endMetadata()
                        .withNewSpec()
                        .withSchedule("0 3 * * *")
                        .withNewJobTemplate()
                        .withNewSpec()
                        .withNewTemplate()
                        .withSpec(report)
                        .endTemplate()
                        .endSpec()
                        .endJobTemplate()
                        .endSpec()
                        .build())
                .create();
        kube.resource(new DeploymentBuilder()
                        .withNewMetadata()
                        .withName("api")
                        .withNamespace(LEDGER_NS)
                        .endMetadata()
                        .withNewSpec()
                        .withNewSelector()
                        .addToMatchLabels("app", "api")
                        .endSelector()
                        .withNewTemplate()
                        .withNewMetadata()
                        .addToLabels("app", "api")
                        .endMetadata()
                        .withSpec(pod(List.of(), container("api", SHARED)))
                        .endTemplate()
                        .endSpec()
                        .build())
                .create();
        kube.resource(new StatefulSetBuilder()
                        .withNewMetadata()
                        .withName("store")
                        .withNamespace(LEDGER_NS)
                        .endMetadata()
                        .withNewSpec()
                        .withServiceName("store")
                        .withNewSelector()
                        .addToMatchLabels("app", "store")
                        .endSelector()
                        .withNewTemplate()
                        .withNewMetadata()
                        .addToLabels("app", "store")
                        .endMetadata()
                        .withSpec(pod(List.of(), container("store", "registry.inv.test/ledger/store:3")))
                        .endTemplate()
                        .endSpec()
                        .build())
                .create();

        Awaitility.await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            inventory.sync(EAST);
            inventory.sync(WEST);
            assertThat(inventory.workloads(EAST, SHOP_NS))
                    .extracting(WorkloadFacts::name)
                    .containsExactlyInAnyOrder("web", "report");
            assertThat(inventory.workloads(WEST, LEDGER_NS))
                    .extracting(WorkloadFacts::name)
                    .containsExactlyInAnyOrder("api", "store");
        });
    }

    @Test
    void theSyncForgetsTheObservationOfANamespaceThatIsNoLongerManagedThere() {
        // observed once, then decommissioned (or deleted from the portal): nothing stale may stay behind
        jdbc.update(
                "INSERT INTO inventory_namespace (cluster, namespace, labels, observed_at) VALUES (?, 'inv-gone',"
                        + " '{\"pod-security.kubernetes.io/enforce\": \"baseline\"}', now())",
                EAST);
        assertThat(inventory.namespaces(EAST, List.of("inv-gone"))).containsOnlyKeys("inv-gone");

        assertThat(inventory.sync(EAST)).contains("inv-gone");
        assertThat(inventory.namespaces(EAST, List.of("inv-gone", SHOP_NS))).containsOnlyKeys(SHOP_NS);
        // a sync with nothing gone deletes nothing more
        assertThat(inventory.sync(EAST)).doesNotContain("inv-gone");
        assertThat(inventory.namespaces(EAST, List.of(SHOP_NS))).containsOnlyKeys(SHOP_NS);
    }

    void provision(String cluster, String name, String team, String developer) {
        TestClusters.provisionBaseline(namespaces, cluster, name, team, developer, "Inventory test");
    }

    static Container container(String name, String image) {
        return new ContainerBuilder().withName(name).withImage(image).build();
    }

    static PodSpec pod(List<Container> init, Container... containers) {
        return new PodSpecBuilder()
                .withInitContainers(init)
                .withContainers(containers)
                .build();
    }

    static InventoryFilter filter(String cluster, String team, String namespace, String kind, String image) {
        return new InventoryFilter(cluster, team, namespace, kind, image, null);
    }

    static InventoryFilter search(String text) {
        return new InventoryFilter(null, null, null, null, null, text);
    }

    List<String> names(InventoryFilter f) {
        return queries.page(f, InventorySort.DEFAULT, 0, 100).stream()
                .map(r -> r.cluster() + "/" + r.namespace() + "/" + r.name())
                .toList();
    }

    @Test
    void filtersSearchSortAndPageTheWorkloadsOfEveryTeamForReviewers() {
        try (var s = signIn(reviewer("rita"))) {
            List<InventoryRow> east = queries.page(filter(EAST, null, null, null, null), InventorySort.DEFAULT, 0, 100);
            assertThat(east)
                    .extracting(InventoryRow::team, InventoryRow::namespace, InventoryRow::kind, InventoryRow::name)
                    .containsExactly(
                            tuple("shop", SHOP_NS, "CronJob", "report"), tuple("shop", SHOP_NS, "Deployment", "web"));
            assertThat(east.get(1).containers())
                    .extracting(
                            InventoryRow.Container::name,
                            InventoryRow.Container::init,
                            c -> c.image().reference())
                    .containsExactly(
                            tuple("migrate", true, TOOLS),
                            tuple("web", false, "registry.inv.test/shop/web:1.0"),
                            tuple("proxy", false, "envoyproxy/envoy:v1.31"));
            assertThat(east.get(1).containers().getFirst().image().digest()).isEqualTo(DIGEST);
            assertThat(queries.count(filter(EAST, null, null, null, null))).isEqualTo(2);

            assertThat(names(filter(null, "ledger", null, null, null)))
                    .containsExactly(WEST + "/" + LEDGER_NS + "/api", WEST + "/" + LEDGER_NS + "/store");
            assertThat(names(filter(null, null, "INV-SH", null, null)))
                    .containsExactly(EAST + "/" + SHOP_NS + "/report", EAST + "/" + SHOP_NS + "/web");
            assertThat(names(filter(WEST, null, null, "StatefulSet", null)))
                    .containsExactly(WEST + "/" + LEDGER_NS + "/store");
            assertThat(queries.count(filter(WEST, null, null, "CronJob", null))).isZero();

            // image: a substring of a reference, the normalised form of a reference, or a digest alone
            assertThat(names(filter(null, null, null, null, "SHARED/base")))
                    .containsExactly(EAST + "/" + SHOP_NS + "/report", WEST + "/" + LEDGER_NS + "/api");
            assertThat(names(filter(null, null, null, null, "docker.io/envoyproxy/envoy:v1.31")))
                    .contains(EAST + "/" + SHOP_NS + "/web");
            assertThat(names(filter(null, null, null, null, DIGEST))).containsExactly(EAST + "/" + SHOP_NS + "/web");
            assertThat(names(filter(null, null, null, null, "registry.inv.test/shared/base:9")))
                    .isEmpty();
            assertThat(names(filter(null, null, null, null, "100%_"))).isEmpty();

            // search: workload name, namespace or image, case-insensitive
            assertThat(names(search("inv-LEDGER")))
                    .containsExactly(WEST + "/" + LEDGER_NS + "/api", WEST + "/" + LEDGER_NS + "/store");
            assertThat(names(search("shop/web"))).containsExactly(EAST + "/" + SHOP_NS + "/web");
            assertThat(names(new InventoryFilter(null, "shop", null, null, null, "REPO")))
                    .containsExactly(EAST + "/" + SHOP_NS + "/report");

            // sorted by name descending, and paged
            InventoryFilter both = new InventoryFilter(null, null, "inv-", null, "registry.inv.test", null);
            assertThat(queries.page(both, new InventorySort(InventorySort.Field.NAME, true), 0, 100))
                    .extracting(InventoryRow::name)
                    .containsExactly("web", "store", "report", "api");
            assertThat(queries.page(
                            filter(EAST, null, null, null, null),
                            new InventorySort(InventorySort.Field.KIND, true),
                            1,
                            1))
                    .extracting(InventoryRow::name)
                    .containsExactly("report");

            InventoryOptions options = queries.options();
            assertThat(options.clusters()).contains(EAST, WEST);
            assertThat(options.teams()).contains("shop", "ledger");
            assertThat(options.kinds()).contains("Deployment", "CronJob", "Pod");
            assertThat(queries.any()).isTrue();
        }
    }

    @Test
    void findsWhereAnImageRunsAcrossClustersAndNamespaces() {
        try (var s = signIn(admin("ada"))) {
            ImageUsages shared = queries.whereRuns("registry.inv.test/shared/base:2.1");
            assertThat(shared.usages())
                    .extracting(
                            ImageUsage::cluster,
                            ImageUsage::team,
                            ImageUsage::namespace,
                            ImageUsage::kind,
                            ImageUsage::workload,
                            ImageUsage::container)
                    .containsExactly(
                            tuple(EAST, "shop", SHOP_NS, "CronJob", "report", "report"),
                            tuple(WEST, "ledger", LEDGER_NS, "Deployment", "api", "api"));
            assertThat(shared.workloads()).isEqualTo(2);
            assertThat(shared.truncated()).isFalse();

            // a repository without tag means every tag; a different tag nothing
            assertThat(queries.whereRuns("registry.inv.test/shared/base").usages())
                    .hasSize(2);
            assertThat(queries.whereRuns("registry.inv.test/shared/base:9").usages())
                    .isEmpty();

            // init containers and digests count too; a digest alone finds its repository
            assertThat(queries.whereRuns("registry.inv.test/shop/tools").usages())
                    .singleElement()
                    .satisfies(u -> {
                        assertThat(u.container()).isEqualTo("migrate");
                        assertThat(u.init()).isTrue();
                        assertThat(u.image().digest()).isEqualTo(DIGEST);
                    });
            assertThat(queries.whereRuns("@" + DIGEST).usages())
                    .extracting(ImageUsage::workload)
                    .containsExactly("web");
            // Docker Hub names are normalised: envoyproxy/envoy is docker.io/envoyproxy/envoy
            assertThat(queries.whereRuns("docker.io/envoyproxy/envoy:v1.31").usages())
                    .filteredOn(u -> u.cluster().equals(EAST))
                    .extracting(ImageUsage::container)
                    .containsExactly("proxy");

            assertThatThrownBy(() -> queries.whereRuns(" "))
                    .isInstanceOfSatisfying(
                            ValidationException.class,
                            e -> assertThat(e.fieldErrors()).containsKey("image"));
        }
    }

    @Test
    void exportsTheFilteredRowsAsCsvOneLinePerContainer() {
        try (var s = signIn(admin("ada"))) {
            StringWriter out = new StringWriter();
            queries.exportCsv(filter(EAST, null, null, null, null), InventorySort.DEFAULT, out);
            String[] lines = out.toString().split("\r\n");
            assertThat(lines[0])
                    .isEqualTo("cluster,team,namespace,kind,workload,container,init,image,registry,repository,tag,"
                            + "digest,observed_at");
            assertThat(lines).hasSize(5);
            assertThat(lines[1])
                    .startsWith("inv-east,shop,inv-shop,CronJob,report,report,false," + SHARED
                            + ",registry.inv.test,shared/base,2.1,,");
            assertThat(lines[2])
                    .startsWith("inv-east,shop,inv-shop,Deployment,web,migrate,true," + TOOLS
                            + ",registry.inv.test,shop/tools,," + DIGEST + ",");
            assertThat(lines[4])
                    .startsWith("inv-east,shop,inv-shop,Deployment,web,proxy,false,envoyproxy/envoy:v1.31,docker.io,"
                            + "envoyproxy/envoy,v1.31,,");
            assertThat(auditLog.page(new AuditFilter(null, null, "ada", "inventory.exported", null, null), 0, 10))
                    .isNotEmpty();
        }
    }

    @Test
    void developersSeeOnlyTheirTeamsInListCountLookupAndExport() {
        try (var s = signIn(developer("dora", "shop"))) {
            assertThat(queries.page(InventoryFilter.ALL, InventorySort.DEFAULT, 0, 500))
                    .isNotEmpty()
                    .allSatisfy(r -> assertThat(r.team()).isEqualTo("shop"))
                    .extracting(InventoryRow::name)
                    .contains("web", "report");
            assertThat(queries.count(filter(WEST, null, null, null, null))).isZero();
            assertThat(queries.count(search("inv-ledger"))).isZero();
            assertThat(queries.count(filter(null, null, null, null, "registry.inv.test/ledger")))
                    .isZero();
            assertThat(queries.whereRuns(SHARED).usages())
                    .extracting(ImageUsage::workload)
                    .containsExactly("report");
            assertThat(queries.whereRuns("registry.inv.test/ledger/store").usages())
                    .isEmpty();
            assertThat(queries.options().teams()).containsExactly("shop");
            assertThat(queries.options().clusters()).doesNotContain(WEST);

            StringWriter out = new StringWriter();
            queries.exportCsv(InventoryFilter.ALL, InventorySort.DEFAULT, out);
            assertThat(out.toString())
                    .contains("inv-shop")
                    .doesNotContain("ledger")
                    .doesNotContain(WEST);

            InventoryFilter theirs = filter(null, "ledger", null, null, null);
            assertThatThrownBy(() -> queries.page(theirs, InventorySort.DEFAULT, 0, 10))
                    .isInstanceOf(AccessDeniedException.class);
            assertThatThrownBy(() -> queries.count(theirs)).isInstanceOf(AccessDeniedException.class);
            assertThatThrownBy(() -> queries.exportCsv(theirs, InventorySort.DEFAULT, new StringWriter()))
                    .isInstanceOf(AccessDeniedException.class);
        }
        try (var s = signIn(developer("lars", "ledger"))) {
            assertThat(queries.page(InventoryFilter.ALL, InventorySort.DEFAULT, 0, 500))
                    .allSatisfy(r -> assertThat(r.team()).isEqualTo("ledger"))
                    .extracting(InventoryRow::name)
                    .containsExactly("api", "store");
            assertThat(queries.whereRuns(SHARED).usages())
                    .extracting(ImageUsage::cluster, ImageUsage::workload)
                    .containsExactly(tuple(WEST, "api"));
        }
        try (var s = signIn(developer("nina"))) {
            assertThat(queries.any()).isFalse();
            assertThat(queries.count(InventoryFilter.ALL)).isZero();
        }
        try (var s = signIn(admin("ada"))) {
            assertThat(auditLog.page(new AuditFilter(null, null, "dora", "access.denied", "ledger", null), 0, 10))
                    .isNotEmpty();
        }
    }

    @Test
    void nobodySignedInGetsNothing() {
        assertThatThrownBy(() -> queries.page(InventoryFilter.ALL, InventorySort.DEFAULT, 0, 10))
                .isInstanceOf(AccessDeniedException.class);
        assertThatThrownBy(() -> queries.count(InventoryFilter.ALL)).isInstanceOf(AccessDeniedException.class);
        assertThatThrownBy(() -> queries.whereRuns(SHARED)).isInstanceOf(AccessDeniedException.class);
        assertThatThrownBy(() -> queries.options()).isInstanceOf(AccessDeniedException.class);
        assertThatThrownBy(() -> queries.exportCsv(InventoryFilter.ALL, InventorySort.DEFAULT, new StringWriter()))
                .isInstanceOf(AccessDeniedException.class);
    }

    @Test
    void rejectsBadPagesWithAFieldMessage() {
        try (var s = signIn(admin("ada"))) {
            assertThatThrownBy(() -> queries.page(InventoryFilter.ALL, InventorySort.DEFAULT, -1, 10))
                    .isInstanceOf(ValidationException.class);
            assertThatThrownBy(() -> queries.page(InventoryFilter.ALL, InventorySort.DEFAULT, 0, 501))
                    .isInstanceOfSatisfying(
                            ValidationException.class,
                            e -> assertThat(e.fieldErrors()).containsKey("page"));
        }
    }
}
