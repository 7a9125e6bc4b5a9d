package io.bulkhead.clusters.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bulkhead.clusters.ClusterLeaseAcquired;
import io.bulkhead.clusters.ClusterLeaseLost;
import io.bulkhead.clusters.NotClusterOwnerException;
import io.bulkhead.testsupport.BackendIntegrationTest;
import io.bulkhead.testsupport.ScratchDatabase;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.sql.DataSource;
import org.awaitility.Awaitility;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.TransactionAwareDataSourceProxy;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Cluster leases against a real PostgreSQL, on a database of their own (the shared test context's own replica
 * must not see these replicas): several {@link LeaseManager}s, as several portal replicas would run them, with
 * rounds driven by the test ({@link LeaseManager#tick}) and a replica killed with -9 played by expiring its rows.
 */
@BackendIntegrationTest
class ClusterLeaseIT {
    // renewal rounds are driven by the test; the long duration keeps leases from expiring unless the test says so
    private static final Duration RENEWAL = Duration.ofHours(1);
    private static final Duration DURATION = Duration.ofHours(2);

    @Autowired
    EmbeddedPostgres pg;

    @Value("${bulkhead.db.embedded-app-password}")
    String appPassword;

    private ScratchDatabase db;
    private DSLContext dsl;
    private DataSourceTransactionManager transactions;
    private LeaseStore store;
    private final List<LeaseManager> managers = new ArrayList<>();
    private final Map<String, List<Object>> events = new TreeMap<>();

    @BeforeEach
    void freshDatabaseWithThreeClusters() {
        db = ScratchDatabase.migrated(pg, "leases", appPassword);
        // one DataSource for both, or the statements would not run in the manager's transactions
        DataSource app = db.app();
        DataSource ds = new TransactionAwareDataSourceProxy(app);
        transactions = new DataSourceTransactionManager(app);
        dsl = DSL.using(ds, SQLDialect.POSTGRES);
        store = new LeaseStore(dsl);
        for (String c : List.of("c1", "c2", "c3")) {
            dsl.execute(
                    "INSERT INTO cluster (id, name, display_name, connection_kind) VALUES (gen_random_uuid(), ?, ?, 'TOKEN')",
                    c,
                    c);
        }
    }

    @AfterEach
    void stopReplicasAndDropDatabase() {
        managers.forEach(LeaseManager::stop);
        db.close();
    }

    private LeaseManager replica(String id) {
        List<Object> seen = new CopyOnWriteArrayList<>();
        events.put(id, seen);
        LeaseManager m = new LeaseManager(store, seen::add, transactions, id, RENEWAL, DURATION);
        managers.add(m);
        m.start();
        m.tick();
        return m;
    }

    private List<Object> eventsOf(String id) {
        // events are published on the manager's own thread: wait until those of the last round arrived
        Awaitility.await().pollDelay(Duration.ofMillis(50)).until(() -> true);
        return events.get(id);
    }

    private Map<String, Long> tokens() {
        Map<String, Long> t = new TreeMap<>();
        dsl.fetch("SELECT cluster, token FROM cluster_lease")
                .forEach(r -> t.put(r.get(0, String.class), r.get(1, Long.class)));
        return t;
    }

    /** What kill -9 leaves behind: rows nobody renews, here expired at once instead of after the duration. */
    private void killed(String id) {
        dsl.execute("UPDATE cluster_lease SET expires_at = now() - interval '1 second' WHERE holder = ?", id);
        dsl.execute("UPDATE replica_heartbeat SET expires_at = now() - interval '1 second' WHERE replica = ?", id);
    }

    @Test
    void aloneReplicaOwnsEveryClusterWithTheFirstToken() {
        LeaseManager a = replica("a");

        assertThat(a.owned()).containsExactly("c1", "c2", "c3");
        assertThat(tokens()).isEqualTo(Map.of("c1", 1L, "c2", 1L, "c3", 1L));
        Awaitility.await()
                .untilAsserted(() -> assertThat(events.get("a"))
                        .containsExactlyInAnyOrder(
                                new ClusterLeaseAcquired("c1", 1),
                                new ClusterLeaseAcquired("c2", 1),
                                new ClusterLeaseAcquired("c3", 1)));
        assertThat(a.owners()).containsOnly(Map.entry("c1", "a"), Map.entry("c2", "a"), Map.entry("c3", "a"));
    }

    @Test
    void renewalExtendsTheLeaseAndKeepsItsToken() {
        LeaseManager a = replica("a");
        OffsetDateTime before = dsl.fetchSingle("SELECT expires_at FROM cluster_lease WHERE cluster = 'c1'")
                .get(0, OffsetDateTime.class);

        a.tick();

        OffsetDateTime after = dsl.fetchSingle("SELECT expires_at FROM cluster_lease WHERE cluster = 'c1'")
                .get(0, OffsetDateTime.class);
        assertThat(after).isAfter(before);
        assertThat(tokens()).containsEntry("c1", 1L);
        assertThat(eventsOf("a")).noneMatch(e -> e instanceof ClusterLeaseLost);
    }

    @Test
    void anotherReplicaCannotTakeALiveLease() {
        replica("a");

        assertThat(store.acquire("c1", "b", DURATION)).isEmpty();
        assertThat(store.owners()).containsEntry("c1", "a");
    }

    @Test
    void expiredLeasesAreTakenOverWithHigherTokensAndTheOldOwnerLearnsItLostThem() {
        LeaseManager a = replica("a");
        LeaseManager b = replica("b");
        killed("a");

        b.tick();

        assertThat(b.owned()).containsExactly("c1", "c2", "c3");
        assertThat(tokens()).allSatisfy((c, t) -> assertThat(t).isGreaterThanOrEqualTo(2L));
        // the old owner (had it only paused) finds out at its next round and stops the clusters' work
        a.tick();
        assertThat(a.owned()).isEmpty();
        Awaitility.await()
                .untilAsserted(() -> assertThat(events.get("a"))
                        .filteredOn(e -> e instanceof ClusterLeaseLost)
                        .hasSizeGreaterThanOrEqualTo(2));
    }

    @Test
    void aFencedWriteNeitherHoldsUpTheRenewalNorLetsATakeoverCommitBeforeIt() {
        LeaseManager a = replica("a");
        assertThat(a.owned()).containsExactly("c1", "c2", "c3");
        TransactionTemplate tx = new TransactionTemplate(transactions);
        var b = new java.util.concurrent.atomic.AtomicReference<LeaseManager>();
        tx.executeWithoutResult(s -> {
            a.fence("c1"); // key-share-locks c1's lease row until this transaction ends
            // the owner's renewal does not wait for the write (it used to, and the writer's next check waited for
            // the renewal: a deadlock), and neither does the writer's next ownership check
            assertThat(java.util.concurrent.CompletableFuture.runAsync(a::tick))
                    .as("renewal during a fenced write")
                    .succeedsWithin(Duration.ofSeconds(10));
            assertThat(java.util.concurrent.CompletableFuture.supplyAsync(() -> a.owns("c1")))
                    .succeedsWithin(Duration.ofSeconds(5))
                    .isEqualTo(true);
            // the owner dies mid-write: another replica takes the other clusters, not c1 while the write runs
            assertThat(java.util.concurrent.CompletableFuture.runAsync(() -> killed("a")))
                    .succeedsWithin(Duration.ofSeconds(10));
            assertThat(java.util.concurrent.CompletableFuture.supplyAsync(() -> replica("b")))
                    .succeedsWithin(Duration.ofSeconds(10))
                    .satisfies(m -> {
                        b.set(m);
                        assertThat(m.owned()).containsExactly("c2", "c3");
                    });
        });
        b.get().tick();
        assertThat(b.get().owned()).containsExactly("c1", "c2", "c3");
        assertThat(tokens()).containsEntry("c1", 2L);
    }

    @Test
    void fencingRefusesTheWriteOfAStaleOwnerAndRollsItBack() {
        LeaseManager a = replica("a");
        LeaseManager b = replica("b");
        killed("a");
        b.tick();
        TransactionTemplate tx = new TransactionTemplate(transactions);

        assertThatThrownBy(() -> tx.executeWithoutResult(s -> {
                    dsl.execute(
                            "INSERT INTO team (id, display_name, oidc_group) VALUES ('stale', 'Stale', 'team-stale')");
                    a.fence("c1");
                }))
                .isInstanceOf(NotClusterOwnerException.class)
                .hasMessageContaining("c1");

        assertThat(dsl.fetchExists(dsl.selectOne().from("team").where("id = 'stale'")))
                .isFalse();
        tx.executeWithoutResult(s -> {
            b.fence("c1");
            dsl.execute("INSERT INTO team (id, display_name, oidc_group) VALUES ('fresh', 'Fresh', 'team-fresh')");
        });
        assertThat(dsl.fetchExists(dsl.selectOne().from("team").where("id = 'fresh'")))
                .isTrue();
    }

    @Test
    void clustersSpreadFairlyOverTwoAndThenThreeReplicas() {
        LeaseManager a = replica("a");
        LeaseManager b = replica("b");
        a.tick(); // gives back what exceeds ceil(3/2) = 2
        b.tick();

        assertThat(List.of(a.owned().size(), b.owned().size())).containsExactlyInAnyOrder(2, 1);

        LeaseManager c = replica("c");
        a.tick();
        b.tick();
        c.tick();

        assertThat(a.owned()).hasSize(1);
        assertThat(b.owned()).hasSize(1);
        assertThat(c.owned()).hasSize(1);
        Set<String> all = new java.util.TreeSet<>(a.owned());
        all.addAll(b.owned());
        all.addAll(c.owned());
        assertThat(all).containsExactly("c1", "c2", "c3");
    }

    @Test
    void shutdownHandsEveryLeaseOverAtOnce() {
        LeaseManager a = replica("a");
        LeaseManager b = replica("b");
        a.tick();
        b.tick();
        Set<String> ofA = a.owned();

        a.stop();

        assertThat(events.get("a"))
                .filteredOn(e -> e instanceof ClusterLeaseLost)
                .extracting(e -> ((ClusterLeaseLost) e).cluster())
                .containsAll(ofA);
        b.tick();
        assertThat(b.owned()).containsExactly("c1", "c2", "c3");
        assertThat(dsl.fetchCount(dsl.selectOne().from("replica_heartbeat").where("replica = 'a'")))
                .isZero();
    }

    @Test
    void removingAClusterDeletesItsLeaseAndNoReplicaTakesItAgain() {
        LeaseManager a = replica("a");
        LeaseManager b = replica("b");
        a.tick();
        b.tick();
        String owner = a.owned().contains("c2") ? "a" : "b";
        LeaseManager holder = owner.equals("a") ? a : b;
        assertThat(holder.owned()).contains("c2");

        // what ClusterAdministration.remove does, in one transaction
        new TransactionTemplate(transactions).executeWithoutResult(s -> {
            dsl.execute("UPDATE cluster SET removed_at = now() WHERE name = 'c2'");
            holder.forget("c2");
        });

        assertThat(tokens()).doesNotContainKey("c2");
        assertThat(holder.owned()).as("the owner stops at once").doesNotContain("c2");
        Awaitility.await()
                .untilAsserted(
                        () -> assertThat(events.get(owner)).contains(new ClusterLeaseLost("c2", "cluster removed")));
        for (int round = 0; round < 2; round++) {
            a.tick();
            b.tick();
        }
        assertThat(store.owners()).containsOnlyKeys("c1", "c3");
        assertThat(a.owns("c2")).isFalse();
        assertThat(b.owns("c2")).isFalse();
        assertThat(store.acquire("c2", "c", DURATION)).as("a third replica").isEmpty();
        assertThat(tokens()).doesNotContainKey("c2");
        assertThat(List.of(a.owned().size(), b.owned().size()))
                .as("the two clusters left, one each")
                .containsExactly(1, 1);
    }

    @Test
    void aLeaseOfARemovedClusterIsDeletedAtItsHoldersNextRenewal() {
        LeaseManager a = replica("a");
        assertThat(a.owned()).contains("c3");
        // removed while its lease row stayed (an acquisition that raced the removal's delete)
        dsl.execute("UPDATE cluster SET removed_at = now() WHERE name = 'c3'");

        a.tick();

        assertThat(a.owned()).containsExactly("c1", "c2");
        assertThat(store.owners()).doesNotContainKey("c3");
        assertThat(tokens()).doesNotContainKey("c3");
        Awaitility.await()
                .untilAsserted(() -> assertThat(events.get("a"))
                        .filteredOn(e ->
                                e instanceof ClusterLeaseLost l && l.cluster().equals("c3"))
                        .hasSize(1));
    }

    @Test
    void twoReplicasRacingForOneClusterGetOneTokenBetweenThem() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Optional<Long>>> results = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                String holder = "r" + i;
                results.add(pool.submit(() -> {
                    go.await();
                    return store.acquire("c2", holder, DURATION);
                }));
            }
            go.countDown();
            int winners = 0;
            for (var f : results) {
                winners += f.get().isPresent() ? 1 : 0;
            }

            assertThat(winners).isEqualTo(1);
            assertThat(tokens()).containsEntry("c2", 1L);
        } finally {
            pool.shutdownNow();
        }
    }
}
