package io.bulkhead.authz;

import static io.bulkhead.testsupport.TestUsers.signIn;
import static org.assertj.core.api.Assertions.assertThat;

import io.bulkhead.audit.AuditFilter;
import io.bulkhead.audit.AuditLog;
import io.bulkhead.clusters.ClusterRegistration;
import io.bulkhead.clusters.Clusters;
import io.bulkhead.exceptions.ExceptionRequest;
import io.bulkhead.exceptions.ExceptionScope;
import io.bulkhead.exceptions.ExceptionState;
import io.bulkhead.exceptions.PolicyException;
import io.bulkhead.exceptions.PolicyExceptions;
import io.bulkhead.identity.AccessDeniedException;
import io.bulkhead.identity.CurrentUser;
import io.bulkhead.identity.CurrentUsers;
import io.bulkhead.inventory.InventoryFilter;
import io.bulkhead.inventory.InventoryQueries;
import io.bulkhead.inventory.InventorySort;
import io.bulkhead.kube.KubeTestEnv;
import io.bulkhead.platform.ValidationException;
import io.bulkhead.provisioning.EgressRule;
import io.bulkhead.provisioning.ManagedNamespace;
import io.bulkhead.provisioning.NamespaceRequest;
import io.bulkhead.provisioning.NamespaceState;
import io.bulkhead.provisioning.Namespaces;
import io.bulkhead.tenancy.Team;
import io.bulkhead.tenancy.Teams;
import io.bulkhead.testsupport.BackendIntegrationTest;
import io.bulkhead.testsupport.TestClusters;
import io.bulkhead.testsupport.TestUsers;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Predicate;
import javax.sql.DataSource;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.core.Authentication;

/**
 * The bad-input corpus: fixed lists (unicode, control characters, RTL overrides, zero-width characters, 10k
 * strings, SQL/LDAP/YAML/CEL/shell injection, odd quantities, CIDRs, ports, null) plus jqwik-generated strings and
 * numbers, each put into one field of a form or facade input while the others stay valid. Every input must be
 * accepted or refused with a {@link ValidationException} that names a field with a non-empty message (the team of a
 * request may also be refused as not the user's, with an AccessDeniedException) — nothing else may escape — and a
 * refused input writes nothing: the user-written tables and the test users' audit events are counted before and
 * after, and a refused namespace request's name is not in the cluster.
 */
@BackendIntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BadInputCorpusIT {
    static final String CLUSTER = "corpus-cluster";
    static final String SUFFIX = Long.toString(System.nanoTime() % 1_000_000, 36);
    static final Authentication DEV = TestUsers.developer("corpus-dev", "payments");
    static final Authentication REVIEWER = TestUsers.reviewer("corpus-reviewer");
    static final Authentication ADMIN = TestUsers.admin("corpus-admin");
    static final String PURPOSE = "Bad-input corpus namespace.";
    static final String WHY = "The vendor image needs privileged mode until its release 4.2 ships.";
    static final long SEED = 20261202L;
    static final int GENERATED = 8;

    /** Inputs for every text field. */
    static final List<String> STRINGS = List.of(
            "",
            " ",
            "\t\n\r",
            "\u0000",
            "a\u0000b",
            "\u0001\u0002\u0003\u0007\u0008\u001b[31m",
            "\u007f\u0085\u009f",
            "payments\u202Egnp.exe",
            "\u202E",
            "\u202Dab\u202C",
            "\u200Bpayments",
            "pay\u200Dments",
            "\uFEFFbaseline",
            "\u2060\u200C\u200E\u200F",
            "\uD800",
            "\uDC00x",
            "👩‍💻🏳️‍🌈",
            "e\u0301",
            "раyments",
            "ＡＢＣ１２３",
            "ß".repeat(40),
            "x".repeat(10_000),
            "é".repeat(10_000),
            "a".repeat(63),
            "a".repeat(64),
            "a-".repeat(32) + "a",
            "-leading",
            "trailing-",
            "UPPER",
            "kube-system",
            "default",
            "../../etc/passwd",
            "%2e%2e%2f",
            "' OR 1=1 --",
            "'; DROP TABLE managed_namespace; --",
            "\" OR \"\"=\"",
            "1; SELECT pg_sleep(5)",
            "%",
            "_",
            "\\",
            "*)(uid=*))(|(uid=*",
            "admin)(&)",
            "a: b\nc: d",
            "!!python/object/apply:os.system ['id']",
            "&a [*a, *a, *a]",
            "---\n- x\n...",
            "{",
            "key: !!binary AAAA",
            "object.spec.containers.all(c, true) || true",
            "has(object.metadata) ? 'a' : 'b'",
            "$(id)",
            "`id`",
            "; rm -rf /tmp/corpus-nothing",
            "| nc 127.0.0.1 9",
            "&& true",
            "${jndi:ldap://127.0.0.1:9/a}",
            "%s%s%s%n",
            "{0}",
            "<script>alert(1)</script>",
            "\"><img src=x onerror=alert(1)>",
            "=cmd|' /C calc'!A0",
            "@SUM(1)",
            "javascript:alert(1)",
            "file:///etc/passwd",
            "http://",
            "https://",
            "https://tickets.example.com/" + "a".repeat(600),
            "1e309",
            "-1",
            "0",
            "999999999999999999999",
            "NaN",
            "Infinity",
            "1Gi",
            "10m",
            "M",
            "L",
            "XL",
            "privileged",
            "restricted",
            "psa-level",
            "egress",
            "0.0.0.0/0",
            "::/0",
            "10.0.0.0/33",
            "1.2.3.4/-1");

    static final List<String> CIDRS = List.of(
            "0.0.0.0/0",
            "::/0",
            "10.0.0.0/33",
            "1.2.3.4/-1",
            "10.0.0.0/8",
            "10.0.0.1/8",
            "256.1.1.1/32",
            "1.2.3.4/32/1",
            "1.2.3.4",
            "/24",
            "10.0.0.0/",
            "10.0.0.0/08",
            "010.0.0.0/8",
            "10.0.0.0/+8",
            "10.0.0.0/ 8",
            " 10.0.0.0/8",
            "::ffff:10.0.0.0/104",
            "fe80::1%eth0/64",
            "2001:db8::/32",
            "2001:db8::/129",
            "2001:db8:::/32",
            "1:2:3:4:5:6:7:8:9/64",
            "0x0a000000/8",
            "localhost/32",
            "10.0.0.0/99999999999999999999",
            "１０.0.0.0/8");

    static final List<Integer> INTS =
            List.of(0, -1, 1, 65535, 65536, -65536, 443, Integer.MAX_VALUE, Integer.MIN_VALUE, 7, 8, 90, 366, 100_000);

    @Autowired
    Namespaces namespaces;

    @Autowired
    PolicyExceptions exceptions;

    @Autowired
    Clusters clusters;

    @Autowired
    Teams teams;

    @Autowired
    InventoryQueries inventory;

    @Autowired
    AuditLog auditLog;

    @Autowired
    DataSource dataSource;

    @Autowired
    io.bulkhead.provisioning.TeamBudgets budgets;

    JdbcTemplate jdbc;
    KubernetesClient kube;
    ManagedNamespace ready;
    final AtomicInteger sequence = new AtomicInteger();
    final List<String> problems = new ArrayList<>();
    int tried;
    int refused;

    @BeforeAll
    void setUp() {
        jdbc = new JdbcTemplate(dataSource);
        kube = KubeTestEnv.get().admin();
        TestClusters.ensureTeams(teams, "payments", "search");
        assertThat(TestClusters.register(clusters, CLUSTER, "Bad-input corpus cluster")
                        .status())
                .isEqualTo("REACHABLE");
        ready = TestClusters.provisionBaseline(
                namespaces, CLUSTER, "corpus-" + SUFFIX, "payments", "corpus-dev", "Bad-input corpus: exceptions");
    }

    @AfterAll
    void closeWhatTheCorpusLeftOpen() {
        // accepted requests wait for review: reject them (and withdraw accepted exception requests) so no other
        // test's review queue fills up with them
        try (var s = signIn(REVIEWER)) {
            var waiting = new Namespaces.Filter("payments", CLUSTER, null, EnumSet.of(NamespaceState.REQUESTED), null);
            for (ManagedNamespace ns : namespaces.list(waiting, 0, 500)) {
                if (ns.requestedBy().equals("corpus-dev")) {
                    namespaces.reject(ns.id(), "Bad-input corpus, not needed.");
                }
            }
        }
        try (var s = signIn(DEV)) {
            var open = new PolicyExceptions.Filter(ready.id(), EnumSet.of(ExceptionState.PENDING), true);
            for (PolicyException e : exceptions.list(open, 0, 500)) {
                exceptions.withdraw(e.id());
            }
        }
        kube.close();
    }

    @Test
    void everyBadInputGetsAFieldMessageOrIsAcceptedAndARefusalWritesNothing() {
        long start = System.nanoTime();
        namespaceRequests();
        egress();
        exceptionRequests();
        comments();
        clusterRegistrations();
        teamsForm();
        filters();
        teamBudgets();
        System.out.printf(
                "Bad-input corpus: %d inputs tried, %d refused with a field message, %d accepted, %d problems, %d ms%n",
                tried, refused, tried - refused, problems.size(), (System.nanoTime() - start) / 1_000_000);
        assertThat(tried).isGreaterThanOrEqualTo(400);
        assertThat(problems).as(String.join("\n", problems)).isEmpty();
    }

    // ---- the forms and facades -------------------------------------------------------------------------------

    NamespaceRequest baseRequest() {
        // quota L is above baseline's default: an accepted request waits for review and is never provisioned
        return new NamespaceRequest(
                CLUSTER,
                "corpus-" + SUFFIX + "-" + sequence.incrementAndGet(),
                "payments",
                "baseline",
                "L",
                List.of(),
                PURPOSE);
    }

    void namespaceRequests() {
        Map<String, Function<String, NamespaceRequest>> fields = Map.of(
                "name", v -> with(baseRequest(), v, null, null, null, null, null),
                "team", v -> with(baseRequest(), null, v, null, null, null, null),
                "tier", v -> with(baseRequest(), null, null, v, null, null, null),
                "cluster", v -> with(baseRequest(), null, null, null, v, null, null),
                "quotaPreset", v -> with(baseRequest(), null, null, null, null, v, null),
                "purpose", v -> with(baseRequest(), null, null, null, null, null, v));
        fields.forEach((field, make) -> {
            for (String v : strings()) {
                NamespaceRequest r = make.apply(v);
                attempt(
                        "NamespaceRequest." + field,
                        v,
                        field.equals("team"),
                        () -> as(DEV, () -> namespaces.request(r)),
                        () -> notInCluster(r.name()));
                attempt(
                        "preview NamespaceRequest." + field,
                        v,
                        field.equals("team"),
                        () -> as(DEV, () -> namespaces.preview(r)),
                        null);
            }
        });
        NamespaceRequest base = baseRequest();
        for (List<EgressRule> egress : Arrays.asList(null, Collections.singletonList((EgressRule) null))) {
            NamespaceRequest r = new NamespaceRequest(
                    base.cluster(), base.name(), base.team(), base.tier(), base.quotaPreset(), egress, base.purpose());
            attempt(
                    "NamespaceRequest.egress",
                    egress,
                    false,
                    () -> as(DEV, () -> namespaces.request(r)),
                    () -> notInCluster(r.name()));
            attempt("preview NamespaceRequest.egress", egress, false, () -> as(DEV, () -> namespaces.preview(r)), null);
        }
        for (NamespaceRequest r :
                Arrays.asList(new NamespaceRequest(null, null, null, null, null, null, null), baseRequest())) {
            attempt("NamespaceRequest (all null / valid)", r, false, () -> as(DEV, () -> namespaces.request(r)), null);
        }
    }

    static NamespaceRequest with(
            NamespaceRequest b, String name, String team, String tier, String cluster, String quota, String purpose) {
        return new NamespaceRequest(
                cluster != null ? cluster : b.cluster(),
                name != null ? name : b.name(),
                team != null ? team : b.team(),
                tier != null ? tier : b.tier(),
                quota != null ? quota : b.quotaPreset(),
                b.egress(),
                purpose != null ? purpose : b.purpose());
    }

    /** The form builds each entry from its raw fields, then submits the request with it. */
    void egress() {
        List<String> cidrs = new ArrayList<>(CIDRS);
        cidrs.addAll(strings());
        for (String cidr : cidrs) {
            egressEntry("EgressRule.cidr", cidr, cidr, 443, "TCP");
        }
        for (Integer port : ints()) {
            egressEntry("EgressRule.port", port, "10.20.0.0/16", port, "TCP");
        }
        for (String protocol : List.of("TCP", "tcp", "ICMP", "", "UDP ", "SCTP\u0000", "HTTP")) {
            egressEntry("EgressRule.protocol", protocol, "10.20.0.0/16", 443, protocol);
        }
        NamespaceRequest base = baseRequest();
        List<EgressRule> many = Collections.nCopies(51, new EgressRule("10.20.0.0/16", 443, "TCP"));
        NamespaceRequest r = new NamespaceRequest(
                base.cluster(), base.name(), base.team(), base.tier(), base.quotaPreset(), many, base.purpose());
        attempt(
                "NamespaceRequest.egress (51 entries)",
                "51 entries",
                false,
                () -> as(DEV, () -> namespaces.request(r)),
                () -> notInCluster(r.name()));
    }

    void egressEntry(String field, Object shown, String cidr, Integer port, String protocol) {
        NamespaceRequest base = baseRequest();
        attempt(
                field,
                shown,
                false,
                () -> {
                    // as the form does: the raw fields first (one message per field), then the entry
                    Map<String, String> errors = EgressRule.validate(cidr, port, protocol);
                    if (!errors.isEmpty()) {
                        throw new ValidationException(errors);
                    }
                    EgressRule rule = new EgressRule(cidr, port, protocol);
                    return as(
                            DEV,
                            () -> namespaces.request(new NamespaceRequest(
                                    base.cluster(),
                                    base.name(),
                                    base.team(),
                                    base.tier(),
                                    base.quotaPreset(),
                                    List.of(rule),
                                    base.purpose())));
                },
                () -> notInCluster(base.name()));
    }

    ExceptionRequest baseException() {
        return new ExceptionRequest(
                ready.id(), "egress", "203.0.113.0/24,443,TCP", ExceptionScope.NAMESPACE, List.of(), WHY, null, 2);
    }

    void exceptionRequests() {
        ExceptionRequest b = baseException();
        Map<String, Function<String, ExceptionRequest>> fields = Map.of(
                "control",
                        v -> new ExceptionRequest(
                                b.namespaceId(),
                                v,
                                b.value(),
                                b.scope(),
                                b.workloads(),
                                b.justification(),
                                b.ticketUrl(),
                                b.durationDays()),
                "value",
                        v -> new ExceptionRequest(
                                b.namespaceId(),
                                b.control(),
                                v,
                                b.scope(),
                                b.workloads(),
                                b.justification(),
                                b.ticketUrl(),
                                b.durationDays()),
                "justification",
                        v -> new ExceptionRequest(
                                b.namespaceId(),
                                b.control(),
                                b.value(),
                                b.scope(),
                                b.workloads(),
                                v,
                                b.ticketUrl(),
                                b.durationDays()),
                "ticketUrl",
                        v -> new ExceptionRequest(
                                b.namespaceId(),
                                b.control(),
                                b.value(),
                                b.scope(),
                                b.workloads(),
                                b.justification(),
                                v,
                                b.durationDays()),
                "workloads",
                        v -> new ExceptionRequest(
                                b.namespaceId(),
                                "pss-privileged",
                                null,
                                ExceptionScope.WORKLOADS,
                                Collections.singletonList(v),
                                b.justification(),
                                b.ticketUrl(),
                                b.durationDays()));
        ExceptionRequest w = new ExceptionRequest(
                b.namespaceId(), "pss-privileged", null, ExceptionScope.NAMESPACE, List.of(), WHY, null, 2);
        fields = new java.util.LinkedHashMap<>(fields);
        fields.put("workloadKind", v -> w.forWorkload(v, "app", null));
        fields.put("container", v -> w.forWorkload("Deployment", "app", v));
        fields.forEach((field, make) -> {
            for (String v : strings()) {
                ExceptionRequest r = make.apply(v);
                attempt("ExceptionRequest." + field, v, false, () -> as(DEV, () -> exceptions.request(r)), null);
            }
        });
        for (Integer days : ints()) {
            ExceptionRequest r = new ExceptionRequest(
                    b.namespaceId(),
                    b.control(),
                    b.value(),
                    b.scope(),
                    b.workloads(),
                    b.justification(),
                    b.ticketUrl(),
                    days);
            attempt("ExceptionRequest.durationDays", days, false, () -> as(DEV, () -> exceptions.request(r)), null);
        }
        List<ExceptionRequest> odd = Arrays.asList(
                new ExceptionRequest(null, null, null, null, null, null, null, null),
                new ExceptionRequest(UUID_ZERO, b.control(), b.value(), b.scope(), b.workloads(), WHY, null, 2),
                new ExceptionRequest(ready.id(), b.control(), b.value(), null, b.workloads(), WHY, null, 2),
                new ExceptionRequest(ready.id(), b.control(), b.value(), b.scope(), null, WHY, null, 2),
                new ExceptionRequest(ready.id(), b.control(), b.value(), b.scope(), b.workloads(), WHY, null, null),
                new ExceptionRequest(
                        ready.id(),
                        "pss-privileged",
                        null,
                        ExceptionScope.WORKLOADS,
                        Collections.nCopies(21, "app"),
                        WHY,
                        null,
                        2),
                new ExceptionRequest(
                        ready.id(),
                        "pss-privileged",
                        null,
                        ExceptionScope.WORKLOADS,
                        Arrays.asList("app", null),
                        WHY,
                        null,
                        2),
                b.renewing(UUID_ZERO));
        for (ExceptionRequest r : odd) {
            attempt("ExceptionRequest (odd)", r, false, () -> as(DEV, () -> exceptions.request(r)), null);
        }
    }

    static final java.util.UUID UUID_ZERO = new java.util.UUID(0, 0);

    /** Comments on decisions: each input decides a fresh request, so an accepted one uses it up. */
    void comments() {
        for (String c : strings()) {
            ManagedNamespace ns = as(DEV, () -> namespaces.request(baseRequest()));
            attempt(
                    "namespace reject comment",
                    c,
                    false,
                    () -> as(REVIEWER, () -> namespaces.reject(ns.id(), c)),
                    null);
        }
        for (String c : STRINGS) {
            PolicyException e = as(DEV, () -> exceptions.request(baseException()));
            attempt("exception reject comment", c, false, () -> as(REVIEWER, () -> exceptions.reject(e.id(), c)), null);
        }
        ManagedNamespace waiting = as(DEV, () -> namespaces.request(baseRequest()));
        attempt(
                "namespace reject comment",
                null,
                false,
                () -> as(REVIEWER, () -> namespaces.reject(waiting.id(), null)),
                null);
    }

    /**
     * Registration fields. The base registration reuses the name of the registered test cluster: an input that
     * passes every field check is refused as a duplicate name, so only new names (the name field) are stored.
     */
    void clusterRegistrations() {
        String kubeconfig = KubeTestEnv.get().kubeconfig();
        String ca = "-----BEGIN CERTIFICATE-----\nMIIBcorpus\n-----END CERTIFICATE-----\n";
        var k = ClusterRegistration.Kind.KUBECONFIG;
        var t = ClusterRegistration.Kind.TOKEN;
        Map<String, Function<String, ClusterRegistration>> fields = Map.of(
                "name", v -> new ClusterRegistration(v, "Corpus", t, null, "https://127.0.0.1:9", ca, "corpus-token"),
                "displayName", v -> new ClusterRegistration(CLUSTER, v, k, kubeconfig, null, null, null),
                "kubeconfig", v -> new ClusterRegistration(CLUSTER, "Corpus", k, v, null, null, null),
                "apiUrl", v -> new ClusterRegistration(CLUSTER, "Corpus", t, null, v, ca, "corpus-token"),
                "caCert", v -> new ClusterRegistration(CLUSTER, "Corpus", t, null, "https://127.0.0.1:9", v, "tok"),
                "token", v -> new ClusterRegistration(CLUSTER, "Corpus", t, null, "https://127.0.0.1:9", ca, v));
        List<String> kubeconfigs = new ArrayList<>(strings());
        kubeconfigs.addAll(List.of(
                "clusters:\nserver: [",
                "apiVersion: v1\nclusters:\n- cluster:\n    server: https://127.0.0.1:9\n  name: c\nusers:\n- name: u\n"
                        + "  user:\n    exec:\n      apiVersion: client.authentication.k8s.io/v1\n"
                        + "      command: /nonexistent/bulkhead-corpus-exec\n",
                "a: &a [\"x\",\"x\"]\nb: &b [*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b]\nclusters: [*c]\nserver: x",
                "clusters: server: " + "x".repeat(300 * 1024)));
        fields.forEach((field, make) -> {
            for (String v : field.equals("kubeconfig") ? kubeconfigs : strings()) {
                ClusterRegistration r = make.apply(v);
                Predicate<String> noEcho = field.equals("token") || field.equals("kubeconfig") || field.equals("caCert")
                        ? msg -> v == null || v.strip().length() < 12 || !msg.contains(v.strip())
                        : msg -> true;
                attempt(
                        "ClusterRegistration." + field,
                        v,
                        false,
                        () -> {
                            try {
                                return as(ADMIN, () -> clusters.register(r));
                            } catch (ValidationException e) {
                                if (!noEcho.test(e.getMessage())) {
                                    problems.add(
                                            "ClusterRegistration." + field + ": the message echoes the secret input");
                                }
                                throw e;
                            }
                        },
                        null);
            }
        });
        attempt(
                "ClusterRegistration.kind",
                null,
                false,
                () -> as(
                        ADMIN,
                        () -> clusters.register(
                                new ClusterRegistration(CLUSTER, "Corpus", null, null, null, null, null))),
                null);
    }

    void teamsForm() {
        CurrentUser admin = CurrentUsers.from(ADMIN).orElseThrow();
        for (String v : strings()) {
            String id = "corpus-" + SUFFIX + "-" + sequence.incrementAndGet();
            attempt("Team.id", v, false, () -> teams.create(admin, new Team(v, "Corpus team", "team-" + id)), null);
            String id1 = "corpus-" + SUFFIX + "-" + sequence.incrementAndGet();
            attempt("Team.displayName", v, false, () -> teams.create(admin, new Team(id1, v, "team-" + id1)), null);
            String id2 = "corpus-" + SUFFIX + "-" + sequence.incrementAndGet();
            attempt("Team.oidcGroup", v, false, () -> teams.create(admin, new Team(id2, "Corpus team", v)), null);
        }
        attempt(
                "Team.id (taken)",
                "payments",
                false,
                () -> teams.create(admin, new Team("payments", "Again", "team-corpus-" + SUFFIX)),
                null);
        attempt(
                "Team.oidcGroup (taken)",
                "team-payments",
                false,
                () -> teams.create(admin, new Team("corpus-" + SUFFIX + "-g", "Again", "team-payments")),
                null);
    }

    /**
     * The admin's team budget form: each text field with every input while the others stay valid, and odd
     * namespace counts. An accepted budget is removed again, so the next attempt starts from none.
     */
    void teamBudgets() {
        Map<String, Function<String, io.bulkhead.provisioning.BudgetDraft>> fields = Map.of(
                "TeamBudget.team", v -> new io.bulkhead.provisioning.BudgetDraft(v, CLUSTER, "1000", null, null, null),
                "TeamBudget.cluster",
                        v -> new io.bulkhead.provisioning.BudgetDraft("payments", v, "1000", null, null, null),
                "TeamBudget.cpu",
                        v -> new io.bulkhead.provisioning.BudgetDraft("payments", CLUSTER, v, null, null, 900),
                "TeamBudget.memory",
                        v -> new io.bulkhead.provisioning.BudgetDraft("payments", CLUSTER, null, v, null, 900),
                "TeamBudget.storage",
                        v -> new io.bulkhead.provisioning.BudgetDraft("payments", CLUSTER, null, null, v, 900));
        fields.forEach((field, make) -> {
            for (String v : strings()) {
                attempt(field, v, false, () -> as(ADMIN, () -> budgets.set(make.apply(v))), null);
                as(ADMIN, () -> budgets.remove("payments", CLUSTER));
            }
        });
        for (Integer n : List.of(-1, 10_001, Integer.MIN_VALUE, Integer.MAX_VALUE)) {
            attempt(
                    "TeamBudget.namespaces",
                    n,
                    false,
                    () -> as(
                            ADMIN,
                            () -> budgets.set(new io.bulkhead.provisioning.BudgetDraft(
                                    "payments", CLUSTER, null, null, null, n))),
                    null);
        }
        as(ADMIN, () -> budgets.remove("payments", CLUSTER));
    }

    /** Inventory, audit and namespace filters and search texts (read-only: nothing may be written either). */
    void filters() {
        for (String v : strings()) {
            List<Function<String, InventoryFilter>> inv = List.of(
                    x -> new InventoryFilter(x, null, null, null, null, null),
                    x -> new InventoryFilter(null, x, null, null, null, null),
                    x -> new InventoryFilter(null, null, x, null, null, null),
                    x -> new InventoryFilter(null, null, null, x, null, null),
                    x -> new InventoryFilter(null, null, null, null, x, null),
                    x -> new InventoryFilter(null, null, null, null, null, x));
            String[] names = {"cluster", "team", "namespace", "kind", "image", "search"};
            for (int i = 0; i < inv.size(); i++) {
                var make = inv.get(i);
                // another team's id is refused as not the user's (AccessDeniedException), like a request's team
                attempt(
                        "InventoryFilter." + names[i],
                        v,
                        names[i].equals("team"),
                        () -> as(DEV, () -> {
                            InventoryFilter f = make.apply(v);
                            StringWriter csv = new StringWriter();
                            inventory.exportCsv(f, InventorySort.DEFAULT, csv);
                            return inventory
                                            .page(f, InventorySort.DEFAULT, 0, 50)
                                            .size()
                                    + inventory.count(f);
                        }),
                        null);
            }
            attempt("whereRuns image", v, false, () -> as(DEV, () -> inventory.whereRuns(v)), null);
            List<Function<String, AuditFilter>> audit = List.of(
                    x -> new AuditFilter(null, null, x, null, null, null),
                    x -> new AuditFilter(null, null, null, x, null, null),
                    x -> new AuditFilter(null, null, null, null, x, null),
                    x -> new AuditFilter(null, null, null, null, null, x));
            String[] auditNames = {"actor", "action", "team", "target"};
            for (int i = 0; i < audit.size(); i++) {
                var make = audit.get(i);
                attempt(
                        "AuditFilter." + auditNames[i],
                        v,
                        false,
                        () -> as(DEV, () -> {
                            AuditFilter f = make.apply(v);
                            return auditLog.page(f, 0, 50).size() + auditLog.count(f);
                        }),
                        null);
            }
            attempt(
                    "Namespaces.Filter.text",
                    v,
                    false,
                    () -> as(DEV, () -> {
                        var f = new Namespaces.Filter(null, null, null, null, v);
                        return namespaces.list(f, 0, 50).size() + namespaces.count(f);
                    }),
                    null);
        }
        attempt(
                "AuditFilter from after to",
                "from > to",
                false,
                () -> as(
                        DEV,
                        () -> auditLog.count(new AuditFilter(
                                java.time.Instant.now(), java.time.Instant.EPOCH, null, null, null, null))),
                null);
    }

    // ---- the check --------------------------------------------------------------------------------------------

    /**
     * Runs one input. Accepted, or refused with a field message and no write; {@code deniedOk}: an
     * AccessDeniedException is a valid refusal too (a team that is not the user's).
     */
    void attempt(String field, Object input, boolean deniedOk, Callable<?> action, Runnable refusedCheck) {
        tried++;
        Map<String, Object> before = counts();
        try {
            action.call();
            return;
        } catch (ValidationException e) {
            if (e.fieldErrors().isEmpty()
                    || e.fieldErrors().entrySet().stream()
                            .anyMatch(x -> x.getKey().isBlank()
                                    || x.getValue() == null
                                    || x.getValue().isBlank())) {
                problems.add(field + " = " + show(input) + ": refused without a field message: " + e.fieldErrors());
            }
        } catch (AccessDeniedException e) {
            if (!deniedOk) {
                problems.add(field + " = " + show(input) + ": AccessDeniedException for bad input: " + e.getMessage());
            }
        } catch (Throwable t) {
            problems.add(field + " = " + show(input) + ": " + t.getClass().getName() + ": " + show(t.getMessage()));
            return;
        }
        refused++;
        Map<String, Object> after = counts();
        Map<String, Object> writtenBy = new java.util.TreeMap<>(after);
        writtenBy.replaceAll((k, v) -> ((Number) v).longValue() - ((Number) before.get(k)).longValue());
        if (!before.equals(after)) {
            problems.add(field + " = " + show(input) + ": refused, but wrote rows " + writtenBy);
        }
        if (refusedCheck != null) {
            refusedCheck.run();
        }
    }

    /** Rows of the tables users write to, and the audit events of this test's users. */
    Map<String, Object> counts() {
        return jdbc.queryForMap("select (select count(*) from managed_namespace) managed_namespace,"
                + " (select count(*) from policy_exception) policy_exception,"
                + " (select count(*) from exception_decision) exception_decision,"
                + " (select count(*) from cluster) cluster,"
                + " (select count(*) from team) team,"
                + " (select count(*) from tier_version) tier_version,"
                + " (select count(*) from team_budget) team_budget,"
                + " (select count(*) from audit_event where actor_subject like 'corpus-%'"
                + "   and action <> 'access.denied') audit_event");
    }

    void notInCluster(String name) {
        if (name != null
                && name.startsWith("corpus-")
                && name.matches("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")
                && name.length() <= 63) {
            if (kube.namespaces().withName(name).get() != null) {
                problems.add("namespace " + name + " exists in the cluster after its request was refused");
            }
        }
    }

    /**
     * Generated inputs, made once: jqwik's {@code sampleStream()} works outside a property (a {@code generator}
     * does not), and seeding jqwik's source of randomness first makes them the same on every run.
     */
    static final List<String> GENERATED_STRINGS;

    static final List<Integer> GENERATED_INTS;

    static {
        net.jqwik.engine.SourceOfRandomness.create(Long.toString(SEED));
        Arbitrary<String> any = Arbitraries.strings().all().ofMinLength(1).ofMaxLength(80);
        Arbitrary<String> nameLike = Arbitraries.strings()
                .withCharRange('a', 'z')
                .withChars("-.0123456789_ /:A\u00e9")
                .ofMinLength(1)
                .ofMaxLength(70);
        GENERATED_STRINGS = java.util.stream.Stream.concat(
                        any.sampleStream().limit(400), nameLike.sampleStream().limit(400))
                .toList();
        GENERATED_INTS = Arbitraries.integers().sampleStream().limit(200).toList();
    }

    int nextString;
    int nextInt;

    /** The fixed strings, null, and the next few generated ones. */
    List<String> strings() {
        List<String> out = new ArrayList<>(STRINGS);
        out.add(null);
        for (int i = 0; i < GENERATED; i++) {
            out.add(GENERATED_STRINGS.get((nextString + (i % 2) * 400 + i / 2) % 800));
        }
        nextString = (nextString + GENERATED / 2) % 400;
        return out;
    }

    List<Integer> ints() {
        List<Integer> out = new ArrayList<>(INTS);
        out.add(null);
        for (int i = 0; i < GENERATED; i++) {
            out.add(GENERATED_INTS.get((nextInt + i) % GENERATED_INTS.size()));
        }
        nextInt += GENERATED;
        return out;
    }

    static String show(Object o) {
        String s = String.valueOf(o);
        StringBuilder b = new StringBuilder();
        s.codePoints().limit(60).forEach(cp -> {
            if (cp < 0x20
                    || (cp >= 0x7f && cp < 0xa0)
                    || Character.getType(cp) == Character.FORMAT
                    || Character.getType(cp) == Character.SURROGATE) {
                b.append(String.format("\\u%04X", cp));
            } else {
                b.appendCodePoint(cp);
            }
        });
        return "\"" + b + (s.length() > 60 ? "…(" + s.length() + " chars)" : "") + "\"";
    }

    static <T> T as(Authentication who, Callable<T> action) {
        try (var s = signIn(who)) {
            return action.call();
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
