package io.bulkhead.replicas;

import static org.assertj.core.api.Assertions.assertThat;

import io.bulkhead.kube.KubeTestEnv;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Several portal replicas sharing the work, each its own JVM: two and then three replicas on one external
 * PostgreSQL 15 (Debian's server, migration role separate from the application role) and one real kube-apiserver
 * registered as three clusters. Ownership spreads; a namespace requested on one replica and approved on another
 * becomes Ready; kill -9 of an owner hands its clusters to another replica (the time is printed); inventory and
 * audit have neither duplicates nor gaps. Leases here renew every 2 s and last 8 s (defaults 5 s / 15 s) to keep
 * the test short.
 */
@EnabledIf(
        value = "io.bulkhead.replicas.Postgres15#installed",
        disabledReason = "PostgreSQL 15 server binaries not found (apt-get install postgresql-15)")
class ReplicasIT {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final List<String> CLUSTERS = List.of("rep-east", "rep-north", "rep-west");
    private static final String SUFFIX = Long.toString(System.nanoTime() % 1_000_000, 36);
    private static final Duration LEASE = Duration.ofSeconds(8);

    private static Path dir;
    private static Postgres15 pg;
    private static final List<PortalReplica> replicas = new ArrayList<>();
    private static String admin;
    private static String developer;
    private static String reviewer;

    @BeforeAll
    static void startDatabaseApiServerAndTwoReplicas() throws Exception {
        dir = Path.of("target", "replicas-" + ProcessHandle.current().pid()).toAbsolutePath();
        Files.createDirectories(dir);
        pg = new Postgres15(dir.resolve("pg"));
        KubeTestEnv.get();
        replicas.add(start("r1"));
        replicas.add(start("r2"));
        awaitReady(replicas);
        try (Connection c = pg.owner()) {
            update(c, "INSERT INTO team (id, display_name, oidc_group) VALUES ('orbit', 'Orbit', 'team-orbit')");
            admin = token(c, "rep-admin", Set.of("ADMIN"), Set.of(), Set.of("READ", "ADMIN", "NAMESPACES"));
            developer = token(c, "rep-dev", Set.of("DEVELOPER"), Set.of("orbit"), Set.of("READ", "NAMESPACES"));
            reviewer = token(c, "rep-reviewer", Set.of("REVIEWER"), Set.of(), Set.of("READ", "NAMESPACES"));
        }
        String kubeconfig = KubeTestEnv.get().kubeconfig();
        for (String cluster : CLUSTERS) {
            var r = replicas.get(0)
                    .call(
                            "POST",
                            "/api/v1/clusters",
                            admin,
                            JSON.writeValueAsString(Map.of(
                                    "name",
                                    cluster,
                                    "displayName",
                                    cluster,
                                    "kind",
                                    "KUBECONFIG",
                                    "kubeconfig",
                                    kubeconfig)));
            assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        }
    }

    @AfterAll
    static void stopEverything() throws Exception {
        for (PortalReplica r : replicas) {
            r.close();
        }
        if (pg != null) {
            pg.close();
        }
    }

    private static PortalReplica start(String id) throws Exception {
        Map<String, String> env = new TreeMap<>();
        env.put("BULKHEAD_DB_URL", pg.url("bulkhead"));
        env.put("BULKHEAD_DB_USER", Postgres15.APP);
        env.put("BULKHEAD_DB_PASSWORD", pg.appPassword);
        env.put("BULKHEAD_DB_MIGRATION_USER", Postgres15.OWNER);
        env.put("BULKHEAD_DB_MIGRATION_PASSWORD", pg.ownerPassword);
        env.put("BULKHEAD_DB_POOL_SIZE", "6");
        env.put("BULKHEAD_DEMO_DATA", "false");
        env.put("BULKHEAD_LOCAL_CLUSTER", "false");
        env.put("BULKHEAD_CREDENTIALS_KEY", "6jtzhsVUeY/EzjONW9bQrAD0KrNhoBGpirV78BylU4k=");
        env.put("BULKHEAD_AUDIT_KEY", "q2Cz9l0Ww3sXDaUO2cI1Yw3bC1mP0vYpA8YbJ0k8yX4=");
        env.put(
                "BULKHEAD_AUDIT_CHECKPOINT_FILE",
                dir.resolve("audit-checkpoints.jsonl").toString());
        env.put(
                "BULKHEAD_AUDIT_SIGNING_KEY_FILE",
                dir.resolve("audit-signing.key").toString());
        env.put("BULKHEAD_AUDIT_CHECKPOINT_INTERVAL", "1h");
        env.put("BULKHEAD_LEASE_RENEWAL", "2s");
        env.put("BULKHEAD_LEASE_DURATION", LEASE.toSeconds() + "s");
        env.put("BULKHEAD_SCHEDULER_POLL", "500ms");
        env.put("BULKHEAD_LOG_LEVEL", "WARN");
        return PortalReplica.start(
                id,
                dir,
                env,
                List.of(
                        "--vaadin.productionMode=true",
                        "--bulkhead.clusters.allow-shared-api-server=true",
                        "--bulkhead.clusters.probe-interval=1h",
                        "--bulkhead.reconcile.interval=1h",
                        "--logging.level.io.bulkhead.clusters=INFO"));
    }

    private static void awaitReady(Collection<PortalReplica> rs) {
        Awaitility.await()
                .atMost(Duration.ofSeconds(240))
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> rs.stream().allMatch(PortalReplica::ready));
    }

    /** A personal access token as the portal issues them (only the prefix and the SHA-256 are stored). */
    private static String token(Connection c, String subject, Set<String> roles, Set<String> teams, Set<String> scopes)
            throws Exception {
        byte[] random = new byte[38];
        new java.security.SecureRandom().nextBytes(random);
        String prefix = HexFormat.of().formatHex(random, 0, 6);
        String secret = "bkh_" + prefix + "_"
                + Base64.getUrlEncoder().withoutPadding().encodeToString(java.util.Arrays.copyOfRange(random, 6, 38));
        try (PreparedStatement st = c.prepareStatement(
                "INSERT INTO api_token (id, prefix, secret_hash, name, owner_subject, owner_name, roles, teams, scopes,"
                        + " created_at, expires_at) VALUES (?, ?, ?, 'replicas', ?, ?, ?, ?, ?, now(), now() + interval '1 day')")) {
            st.setObject(1, UUID.randomUUID());
            st.setString(2, prefix);
            st.setBytes(3, MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8)));
            st.setString(4, subject);
            st.setString(5, subject);
            st.setArray(6, c.createArrayOf("text", roles.toArray()));
            st.setArray(7, c.createArrayOf("text", teams.toArray()));
            st.setArray(8, c.createArrayOf("text", scopes.toArray()));
            st.executeUpdate();
        }
        return secret;
    }

    private static void update(Connection c, String sql) throws SQLException {
        try (var st = c.createStatement()) {
            st.executeUpdate(sql);
        }
    }

    private static Map<String, String> owners() throws SQLException {
        Map<String, String> owners = new TreeMap<>();
        try (Connection c = pg.owner();
                var st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT cluster, holder FROM cluster_lease WHERE expires_at > now()")) {
            while (rs.next()) {
                owners.put(rs.getString(1), rs.getString(2));
            }
        }
        return owners;
    }

    private static long count(String sql, Object... args) throws SQLException {
        try (Connection c = pg.owner();
                PreparedStatement st = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                st.setObject(i + 1, args[i]);
            }
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static Map<String, Long> share(Map<String, String> owners) {
        return owners.values().stream().collect(Collectors.groupingBy(h -> h, TreeMap::new, Collectors.counting()));
    }

    private static JsonNode namespace(PortalReplica on, String cluster, String name) throws Exception {
        var r = on.call("GET", "/api/v1/namespaces/" + cluster + "/" + name, reviewer, null);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode n = JSON.readTree(r.body());
        return n.has("namespace") ? n.get("namespace") : n;
    }

    @Test
    void replicasShareClustersHandOverWorkAndTakeOverFromAKilledOwner() throws Exception {
        // two replicas: every cluster owned, by both of them (2 + 1)
        Awaitility.await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            Map<String, String> owners = owners();
            assertThat(owners.keySet()).containsExactlyElementsOf(CLUSTERS);
            assertThat(share(owners)).containsOnlyKeys("r1", "r2");
            assertThat(share(owners).values()).containsExactlyInAnyOrder(2L, 1L);
        });

        // a third replica: one cluster each
        PortalReplica r3 = start("r3");
        replicas.add(r3);
        awaitReady(List.of(r3));
        Awaitility.await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            Map<String, String> owners = owners();
            assertThat(owners.keySet()).containsExactlyElementsOf(CLUSTERS);
            assertThat(share(owners)).containsOnly(Map.entry("r1", 1L), Map.entry("r2", 1L), Map.entry("r3", 1L));
        });
        Map<String, String> owners = owners();
        String cluster = CLUSTERS.get(1);
        String owner = owners.get(cluster);
        PortalReplica a =
                replicas.stream().filter(r -> !r.id.equals(owner)).findFirst().orElseThrow();
        PortalReplica b = replicas.stream()
                .filter(r -> !r.id.equals(owner) && r != a)
                .findFirst()
                .orElseThrow();

        // requested on replica A (quota above the default: reviewed), approved on replica B, done by the owner
        String name = "rep-" + SUFFIX;
        var requested = a.call(
                "POST",
                "/api/v1/namespaces",
                developer,
                JSON.writeValueAsString(Map.of(
                        "cluster",
                        cluster,
                        "name",
                        name,
                        "team",
                        "orbit",
                        "tier",
                        "baseline",
                        "quotaPreset",
                        "L",
                        "purpose",
                        "Replica test: requested on one replica, approved on another.")));
        assertThat(requested.statusCode()).as(requested.body()).isEqualTo(201);
        assertThat(JSON.readTree(requested.body()).get("state").asString()).isEqualTo("REQUESTED");
        var approved = b.call(
                "POST",
                "/api/v1/namespaces/" + cluster + "/" + name + "/approve",
                reviewer,
                "{\"comment\":\"Checked on the other replica.\"}");
        assertThat(approved.statusCode()).as(approved.body()).isEqualTo(200);
        Awaitility.await()
                .atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> assertThat(
                                namespace(a, cluster, name).get("state").asString())
                        .isEqualTo("READY"));
        String id = namespace(a, cluster, name).get("id").asString();

        // kill -9 of the owner: another replica takes the cluster over once the lease expires
        PortalReplica victim =
                replicas.stream().filter(r -> r.id.equals(owner)).findFirst().orElseThrow();
        long killed = System.nanoTime();
        victim.kill();
        Awaitility.await()
                .atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> {
                    String now = owners().get(cluster);
                    return now != null && !now.equals(owner);
                });
        long takeoverMillis = (System.nanoTime() - killed) / 1_000_000;
        System.out.printf(
                "ReplicasIT: takeover of %s after kill -9 of %s: %d ms (lease %s)%n",
                cluster, owner, takeoverMillis, LEASE);
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            Map<String, String> after = owners();
            assertThat(after.keySet()).containsExactlyElementsOf(CLUSTERS);
            assertThat(after.values()).doesNotContain(owner);
        });

        // the new owner starts from a fresh LIST: the namespace's inventory row is there, once
        Awaitility.await()
                .atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(count(
                                "SELECT count(*) FROM inventory_namespace WHERE cluster = ? AND namespace = ?",
                                cluster,
                                name))
                        .isEqualTo(1));
        // audit: each step recorded exactly once, and the chain has no gap
        for (String action : List.of("namespace.requested", "namespace.approved", "namespace.provisioned")) {
            assertThat(count("SELECT count(*) FROM audit_event WHERE action = ? AND target_id = ?", action, id))
                    .as(action)
                    .isEqualTo(1);
        }
        assertThat(count("SELECT count(*) - (max(seq) - min(seq) + 1) FROM audit_event"))
                .isZero();
        // each cluster registered once, each lease row once
        assertThat(count("SELECT count(*) FROM cluster WHERE name LIKE 'rep-%'"))
                .isEqualTo(3);
        assertThat(new TreeSet<>(owners().keySet())).hasSize(3);
        // the survivors still serve: the namespace reads the same on both
        for (PortalReplica r : replicas) {
            if (r.alive()) {
                assertThat(namespace(r, cluster, name).get("state").asString()).isEqualTo("READY");
            }
        }
    }
}
