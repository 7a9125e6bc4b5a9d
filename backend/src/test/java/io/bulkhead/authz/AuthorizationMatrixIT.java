package io.bulkhead.authz;

import static io.bulkhead.testsupport.TestUsers.signIn;
import static org.assertj.core.api.Assertions.assertThat;

import io.bulkhead.audit.AuditFilter;
import io.bulkhead.audit.AuditLog;
import io.bulkhead.clusters.ClusterRegistration;
import io.bulkhead.clusters.Clusters;
import io.bulkhead.compliance.Compliance;
import io.bulkhead.compliance.Score;
import io.bulkhead.compliance.ScoreFilter;
import io.bulkhead.exceptions.ExceptionRequest;
import io.bulkhead.exceptions.ExceptionScope;
import io.bulkhead.exceptions.ExceptionState;
import io.bulkhead.exceptions.Notifications;
import io.bulkhead.exceptions.PolicyException;
import io.bulkhead.exceptions.PolicyExceptions;
import io.bulkhead.identity.AccessDeniedException;
import io.bulkhead.identity.CurrentUser;
import io.bulkhead.inventory.Inventory;
import io.bulkhead.inventory.InventoryFilter;
import io.bulkhead.inventory.InventoryQueries;
import io.bulkhead.inventory.InventorySort;
import io.bulkhead.kube.KubeTestEnv;
import io.bulkhead.platform.ValidationException;
import io.bulkhead.provisioning.ManagedNamespace;
import io.bulkhead.provisioning.NamespaceRequest;
import io.bulkhead.provisioning.NamespaceState;
import io.bulkhead.provisioning.Namespaces;
import io.bulkhead.provisioning.TierRollout;
import io.bulkhead.tenancy.Team;
import io.bulkhead.tenancy.Teams;
import io.bulkhead.testsupport.BackendIntegrationTest;
import io.bulkhead.testsupport.TestClusters;
import io.bulkhead.testsupport.TestUsers;
import io.bulkhead.tiers.Tiers;
import io.bulkhead.tokens.TokenScope;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.io.StringWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.security.core.Authentication;

/**
 * The authorization matrix: every public method of every feature facade (the {@code @Service} classes of the
 * top-level feature packages {@code io.bulkhead.<feature>}) is called as each of six callers — a developer of
 * payments on payments' objects, the same developer on search's objects, a reviewer, a manager, an admin and
 * nobody — with arguments built per method ({@link #fixtures()}), and the outcome is compared with the checked-in
 * table {@code src/test/resources/authz/facade-matrix.yaml} ({@link AuthzMatrix} explains the outcomes).
 *
 * <p>The test fails when a facade method has no row (the message prints the row to add, with the outcomes it
 * observed), when a row names a method that no longer exists, when a method has no fixture, or when any call
 * behaves otherwise than its row says. A developer on the other team's objects may never get ALLOWED.
 */
@BackendIntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AuthorizationMatrixIT {
    static final String CLUSTER = "authz-cluster";
    static final String A = "payments";
    static final String B = "search";
    static final String SUFFIX = Long.toString(System.nanoTime() % 1_000_000, 36);
    static final String WHY = "The vendor image needs privileged mode until its release 4.2 ships.";

    static final Authentication DEV_A = TestUsers.developer("authz-dev-payments", A);
    static final Authentication DEV_B = TestUsers.developer("authz-dev-search", B);
    static final Authentication REVIEWER = TestUsers.reviewer("authz-reviewer");
    static final Authentication REVIEWER_2 = TestUsers.reviewer("authz-reviewer-2");
    static final Authentication MANAGER = TestUsers.manager("authz-manager");
    static final Authentication ADMIN = TestUsers.admin("authz-admin");

    /** The six callers, in the order of the table's columns. */
    enum Caller {
        DEV_OWN(DEV_A, A),
        DEV_OTHER(DEV_A, B),
        REVIEWER(AuthorizationMatrixIT.REVIEWER, A),
        MANAGER(AuthorizationMatrixIT.MANAGER, A),
        ADMIN(AuthorizationMatrixIT.ADMIN, A),
        ANONYMOUS(null, A);

        final Authentication auth;
        /** Whose objects the call is about. */
        final String team;

        Caller(Authentication auth, String team) {
            this.auth = auth;
            this.team = team;
        }

        /** The caller as an explicit actor (for methods that take one); nobody is a user without roles. */
        CurrentUser actor() {
            return auth == null
                    ? new CurrentUser("anonymous", "anonymous", Set.of(), new java.util.TreeSet<>())
                    : io.bulkhead.identity.CurrentUsers.from(auth).orElseThrow();
        }
    }

    @Autowired
    ApplicationContext context;

    @Autowired
    Namespaces namespaces;

    @Autowired
    io.bulkhead.changes.NamespaceChanges namespaceChanges;

    /** Per team: a change request of its live namespace, asked for and withdrawn (so nothing stays open). */
    final Map<String, UUID> withdrawnChange = new java.util.concurrent.ConcurrentHashMap<>();

    @Autowired
    PolicyExceptions exceptions;

    @Autowired
    Notifications notifications;

    @Autowired
    Clusters clusters;

    @Autowired
    Teams teams;

    @Autowired
    Tiers tiers;

    @Autowired
    Inventory inventory;

    @Autowired
    Compliance compliance;

    @Autowired
    InventoryQueries inventoryQueries;

    @Autowired
    AuditLog auditLog;

    @Autowired
    TierRollout rollout;

    @Autowired
    io.bulkhead.tokens.ApiTokens apiTokens;

    @Autowired
    io.bulkhead.webhooks.Webhooks webhooks;

    final Map<String, UUID> teamHooks = new java.util.concurrent.ConcurrentHashMap<>();

    /** One endpoint per team, created by the team's developer (an owner may hold at most 20). */
    UUID teamHook(String team) {
        return teamHooks.computeIfAbsent(team, this::newHook);
    }

    UUID newHook(String team) {
        return as(team.equals(A) ? DEV_A : DEV_B, () -> webhooks.create(team, webhookForm()))
                .endpoint()
                .id();
    }

    /** A disabled endpoint at a public address literal (no name to resolve): nothing is ever delivered to it. */
    static io.bulkhead.webhooks.WebhookForm webhookForm() {
        return new io.bulkhead.webhooks.WebhookForm(
                "matrix hook",
                "https://192.0.2.20/hooks/bulkhead",
                io.bulkhead.webhooks.WebhookFormat.BULKHEAD,
                Set.of(io.bulkhead.webhooks.PortalEventType.DECIDED),
                null,
                false);
    }

    /** Per team: the READY namespace and a PENDING exception of it, created once through the facades. */
    final Map<String, ManagedNamespace> live = new LinkedHashMap<>();

    final Map<String, PolicyException> pending = new LinkedHashMap<>();
    final Map<String, UUID> notification = new LinkedHashMap<>();
    /** Requests the fixtures leave waiting; rejected at the end so no other test's review queue sees them. */
    final List<UUID> leftRequested = new ArrayList<>();

    final AtomicInteger sequence = new AtomicInteger();

    @BeforeAll
    void createTheTwoTeamsObjects() {
        TestClusters.ensureTeams(teams, A, B);
        assertThat(TestClusters.register(clusters, CLUSTER, "Authorization matrix cluster")
                        .status())
                .isEqualTo("REACHABLE");
        live.put(
                A,
                TestClusters.provisionBaseline(
                        namespaces,
                        CLUSTER,
                        "authz-pay-" + SUFFIX,
                        A,
                        "authz-dev-payments",
                        "Authorization matrix: payments"));
        live.put(
                B,
                TestClusters.provisionBaseline(
                        namespaces,
                        CLUSTER,
                        "authz-search-" + SUFFIX,
                        B,
                        "authz-dev-search",
                        "Authorization matrix: search"));
        try (var admin = KubeTestEnv.get().admin()) {
            for (ManagedNamespace ns : live.values()) {
                admin.resource(new PodBuilder()
                                .withNewMetadata()
                                .withName("app")
                                .withNamespace(ns.name())
                                .endMetadata()
                                .withNewSpec()
                                .addNewContainer()
                                .withName("app")
                                .withImage(image(ns.team()))
                                .endContainer()
                                .endSpec()
                                .build())
                        .serverSideApply();
            }
        }
        inventory.sync(CLUSTER);
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            try (var s = signIn(REVIEWER)) {
                assertThat(inventoryQueries.count(new InventoryFilter(CLUSTER, null, null, null, null, null)))
                        .isGreaterThanOrEqualTo(2);
            }
        });
        for (String team : List.of(A, B)) {
            compliance.evaluate(live.get(team).id(), true);
            pending.put(team, requestException(team));
            // a rejected request leaves a notification for its requester
            PolicyException rejected = requestException(team);
            as(REVIEWER, () -> exceptions.reject(rejected.id(), "Not needed: the image runs unprivileged."));
            Authentication dev = team.equals(A) ? DEV_A : DEV_B;
            notification.put(
                    team, as(dev, () -> notifications.mine(1).getFirst().id()));
        }
    }

    @AfterAll
    void rejectWhatTheFixturesLeftWaiting() {
        for (UUID id : leftRequested) {
            try (var s = signIn(REVIEWER_2)) {
                if (namespaces.find(id).orElseThrow().state() == NamespaceState.REQUESTED) {
                    namespaces.reject(id, "Authorization matrix fixture, not needed.");
                }
            }
        }
    }

    @Test
    void everyFacadeMethodBehavesAsTheMatrixSays() throws Exception {
        AuthzMatrix table = AuthzMatrix.load("authz/facade-matrix.yaml");
        Map<String, Method> found = facadeMethods();
        Map<String, Function<Caller, Object[]>> fixtures = fixtures();
        List<String> problems = new ArrayList<>();
        for (String key : table.keys()) {
            if (!found.containsKey(key)) {
                problems.add(key + ": the table has a row but the facade has no such public method any more;"
                        + " remove the row from authz/facade-matrix.yaml (or fix its signature).");
            }
        }
        for (String key : fixtures.keySet()) {
            if (!found.containsKey(key)) {
                problems.add(key + ": AuthorizationMatrixIT.fixtures() has a fixture for a method that no longer"
                        + " exists; remove it.");
            }
        }
        int calls = 0;
        for (var e : found.entrySet()) {
            String key = e.getKey();
            AuthzMatrix.Row row = table.row(key);
            if (row != null && row.notApplicable() != null) {
                continue;
            }
            Function<Caller, Object[]> fixture = fixtures.get(key);
            if (fixture == null) {
                problems.add(key + ": no fixture. Add to AuthorizationMatrixIT.fixtures():  f.put(\"" + key
                        + "\", c -> new Object[] {...});  and a row to authz/facade-matrix.yaml (or mark the row"
                        + " `N/A <why>` when only the portal itself calls it).");
                continue;
            }
            List<AuthzMatrix.Outcome> observed = new ArrayList<>();
            List<String> details = new ArrayList<>();
            for (Caller c : Caller.values()) {
                observed.add(call(e.getValue(), fixture, c));
                details.add(lastDetail);
                calls++;
            }
            if (row == null) {
                problems.add(key + ": no row in authz/facade-matrix.yaml. Observed " + observed
                        + "; check that this is intended, then add under `" + key.substring(0, key.indexOf('.'))
                        + ":` the line\n      " + key.substring(key.indexOf('.') + 1) + ": "
                        + observed + "\n    (or `N/A <why>` when only the portal itself calls it).");
                continue;
            }
            if (row.outcomes().get(Caller.DEV_OTHER.ordinal()) == AuthzMatrix.Outcome.ALLOWED) {
                problems.add(key + ": the table allows a developer to act on another team's objects; that is"
                        + " never intended (use DENIED, FILTERED or INVALID).");
            }
            for (Caller c : Caller.values()) {
                var want = row.outcomes().get(c.ordinal());
                var got = observed.get(c.ordinal());
                if (want != got) {
                    problems.add(key + " as " + c + ": expected " + want + ", was " + got + " ("
                            + details.get(c.ordinal()) + ")");
                }
            }
        }
        // every refusal above is in the audit trail; the developer's own view of it still shows nothing of search's
        try (var s = signIn(DEV_A)) {
            StringWriter csv = new StringWriter();
            auditLog.exportCsv(AuditFilter.ALL, csv);
            if (leaks(csv.toString() + auditLog.page(AuditFilter.ALL, 0, AuditLog.MAX_PAGE))) {
                problems.add("AuditLog as DEV_OWN after the denials: the developer's audit view names search's"
                        + " objects: "
                        + abbreviate(csv.toString()
                                .lines()
                                .filter(this::leaks)
                                .findFirst()
                                .orElse("")));
            }
        }
        System.out.printf(
                "Authorization matrix: %d facade methods, %d rows, %d calls%n",
                found.size(), table.keys().size(), calls);
        assertThat(problems).as(String.join("\n", problems)).isEmpty();
    }

    String lastDetail = "";

    AuthzMatrix.Outcome call(Method m, Function<Caller, Object[]> fixture, Caller c) {
        Object[] args = fixture.apply(c);
        Object bean = context.getBean(m.getDeclaringClass());
        Object result;
        try (var s = c.auth == null ? null : signIn(c.auth)) {
            if (c.auth == null) {
                org.springframework.security.core.context.SecurityContextHolder.clearContext();
            }
            result = m.invoke(bean, args);
        } catch (InvocationTargetException ex) {
            Throwable t = ex.getCause();
            lastDetail = t.getClass().getSimpleName() + ": " + t.getMessage();
            if (t instanceof AccessDeniedException) {
                return AuthzMatrix.Outcome.DENIED;
            }
            if (t instanceof ValidationException v) {
                if (leaks(v.getMessage())) {
                    lastDetail = "the refusal names the other team's objects: " + v.getMessage();
                    return AuthzMatrix.Outcome.LEAK;
                }
                return AuthzMatrix.Outcome.INVALID;
            }
            throw new AssertionError(m + " as " + c + " threw " + t, t);
        } catch (IllegalAccessException ex) {
            throw new AssertionError(ex);
        }
        StringBuilder seen = new StringBuilder(String.valueOf(result));
        for (Object a : args) {
            if (a instanceof StringWriter w) {
                seen.append(w);
            }
        }
        lastDetail = "returned " + abbreviate(seen.toString());
        if (c.team.equals(B) || c == Caller.DEV_OWN) {
            return leaks(seen.toString()) ? AuthzMatrix.Outcome.LEAK : AuthzMatrix.Outcome.FILTERED;
        }
        return AuthzMatrix.Outcome.ALLOWED;
    }

    /** Whether text names one of the other team's (search's) objects. */
    boolean leaks(String text) {
        ManagedNamespace b = live.get(B);
        return text.contains(b.name())
                || text.contains(b.id().toString())
                || text.contains(pending.get(B).id().toString());
    }

    /** The image of the team's pod; it does not name the namespace, so an answer that does is the team's data. */
    static String image(String team) {
        return "registry.example.com/matrix/" + team + "-app:1";
    }

    static String abbreviate(String s) {
        return s.length() > 200 ? s.substring(0, 200) + "…" : s;
    }

    /** Every public instance method declared by the facades, keyed {@code Facade.method(ParamType,...)}. */
    Map<String, Method> facadeMethods() {
        Map<String, Method> out = new TreeMap<>();
        for (Object bean : context.getBeansWithAnnotation(org.springframework.stereotype.Service.class)
                .values()) {
            Class<?> type = org.springframework.aop.support.AopUtils.getTargetClass(bean);
            if (!AuthzMatrix.isFacade(type)) {
                continue;
            }
            for (Method m : type.getDeclaredMethods()) {
                if (AuthzMatrix.isFacadeMethod(m)) {
                    out.put(AuthzMatrix.key(m), m);
                }
            }
        }
        assertThat(out).as("facade methods found by reflection").hasSizeGreaterThan(50);
        return out;
    }

    // ---- fixtures: arguments per method, for the caller c (c.team = whose objects) --------------------------

    Map<String, Function<Caller, Object[]>> fixtures() {
        Map<String, Function<Caller, Object[]>> f = new TreeMap<>();
        // Namespaces
        f.put("Namespaces.validate(NamespaceRequest)", c -> args(newRequest(c.team, "baseline", "M")));
        f.put("Namespaces.preview(NamespaceRequest)", c -> args(newRequest(c.team, "baseline", "M")));
        f.put("Namespaces.request(NamespaceRequest)", c -> args(newRequest(c.team, "baseline", "L")));
        f.put("Namespaces.eligibleClusters(String)", c -> args("baseline"));
        f.put("TeamBudgets.forNamespace(UUID)", c -> args(live.get(c.team).id()));
        f.put("TeamBudgets.ofTeam(String)", c -> args(c.team));
        f.put("TeamBudgets.remove(String,String)", c -> args(c.team, CLUSTER));
        f.put(
                "TeamBudgets.set(BudgetDraft)",
                c -> args(new io.bulkhead.provisioning.BudgetDraft(c.team, CLUSTER, "12 cores", null, null, null)));
        f.put(
                "TeamBudgets.validate(BudgetDraft)",
                c -> args(new io.bulkhead.provisioning.BudgetDraft(c.team, CLUSTER, "12", "24Gi", null, 10)));
        f.put("TeamBudgets.visible()", c -> args());
        // NamespaceChanges: previews of a valid quota change; a request with too short a reason (so that no
        // change stays open between callers); decisions and withdrawal of an already withdrawn change
        f.put(
                "NamespaceChanges.validate(ChangeDraft)",
                c -> args(io.bulkhead.changes.ChangeDraft.quota(live.get(c.team).id(), "L", WHY)));
        f.put(
                "NamespaceChanges.preview(ChangeDraft)",
                c -> args(io.bulkhead.changes.ChangeDraft.quota(live.get(c.team).id(), "L", WHY)));
        f.put(
                "NamespaceChanges.request(ChangeDraft)",
                c -> args(io.bulkhead.changes.ChangeDraft.quota(live.get(c.team).id(), "L", "short")));
        f.put("NamespaceChanges.approve(UUID,String)", c -> args(withdrawnChange(c.team), "Fine for the matrix."));
        f.put("NamespaceChanges.reject(UUID,String)", c -> args(withdrawnChange(c.team), "Not needed for the matrix."));
        f.put("NamespaceChanges.withdraw(UUID)", c -> args(withdrawnChange(c.team)));
        f.put("NamespaceChanges.find(UUID)", c -> args(withdrawnChange(c.team)));
        f.put("NamespaceChanges.ofNamespace(UUID)", c -> args(live.get(c.team).id()));
        f.put("NamespaceChanges.openChange(UUID)", c -> args(live.get(c.team).id()));
        f.put("NamespaceChanges.reviewQueue()", c -> args());
        // Quarantines: too short a reason, so whoever passes the check gets the field message and nothing changes
        f.put("Quarantines.of(UUID)", c -> args(live.get(c.team).id()));
        f.put("Quarantines.quarantine(UUID,String)", c -> args(live.get(c.team).id(), "abc"));
        f.put("Quarantines.release(UUID,String)", c -> args(live.get(c.team).id(), "abc"));
        f.put("Namespaces.approve(UUID,String)", c -> args(waitingRequest(c.team), "Fine for the matrix."));
        f.put("Namespaces.reject(UUID,String)", c -> args(waitingRequest(c.team), "Not needed for the matrix."));
        // a waiting request is not live: a caller who passes the check is told so (INVALID), nothing is deleted
        f.put("Namespaces.decommission(UUID,String)", c -> {
            UUID id = waitingRequest(c.team);
            return args(id, as(ADMIN, () -> namespaces.find(id).orElseThrow().name()));
        });
        f.put(
                "Namespaces.moveTierVersion(UUID,int)",
                c -> args(live.get(c.team).id(), live.get(c.team).tierVersion()));
        f.put("Namespaces.list(Filter,int,int)", c -> args(nsFilter(c), 0, 500));
        f.put("Namespaces.count(Filter)", c -> args(nsFilter(c)));
        f.put("Namespaces.reviewQueue()", c -> args());
        f.put("Namespaces.find(UUID)", c -> args(live.get(c.team).id()));
        f.put(
                "Namespaces.findByName(String,String)",
                c -> args(CLUSTER, live.get(c.team).name()));
        f.put(
                "ApiTokens.create(String,Set,int)",
                c -> args("matrix-" + sequence.incrementAndGet(), Set.of(TokenScope.READ), 7));
        f.put("ApiTokens.grantableScopes()", c -> args());
        f.put("ApiTokens.maxDays()", c -> args());
        f.put("ApiTokens.mine()", c -> args());
        f.put("ApiTokens.revoke(UUID)", c -> {
            Authentication dev = c.team.equals(A) ? DEV_A : DEV_B;
            return args(as(
                            dev,
                            () -> apiTokens.create(
                                    "matrix-revoke-" + sequence.incrementAndGet(), Set.of(TokenScope.READ), 7))
                    .token()
                    .id());
        });
        f.put("ApiTokens.serviceAccountMaxDays()", c -> args());
        f.put(
                "ApiTokens.createForTeam(String,String,Set,int)",
                c -> args(c.team, "matrix-sa-" + sequence.incrementAndGet(), Set.of(TokenScope.READ), 7));
        f.put("ApiTokens.teamAccounts(String)", c -> args(c.team));
        f.put("AuditLog.namedPage(AuditFilter,int,int)", c -> args(auditFilter(c), 0, 500));
        f.put(
                "AuditLog.forTargets(Collection,int)",
                c -> args(List.of(live.get(c.team).id().toString()), 50));
        f.put("AuditLog.name(List)", c -> args(as(ADMIN, () -> auditLog.page(auditFilter(c), 0, 50))));
        f.put(
                "Compliance.failingControls(Collection)",
                c -> args(List.of(live.get(c.team).id())));
        f.put("MailSettings.enabled()", c -> args());
        f.put("MailSettings.myAddress()", c -> args());
        f.put("MailSettings.receivesMail()", c -> args());
        f.put("MailSettings.setReceivesMail(boolean)", c -> args(true));
        f.put("Webhooks.canManagePlatform()", c -> args());
        f.put("Webhooks.count()", c -> args());
        f.put("Webhooks.list(int,int)", c -> args(0, 200));
        f.put("Webhooks.create(String,WebhookForm)", c -> args(c.team, webhookForm()));
        // the team's own endpoint, created by the team's developer: another team's is "not found" (empty/false)
        for (String m : List.of(
                "find(UUID)",
                "rotateSecret(UUID)",
                "delete(UUID)",
                "sendTest(UUID)",
                "deliveries(UUID,int,int)",
                "countDeliveries(UUID)")) {
            f.put("Webhooks." + m, c -> {
                UUID id = m.startsWith("delete") ? newHook(c.team) : teamHook(c.team);
                return m.startsWith("deliveries") ? args(id, 0, 50) : args(id);
            });
        }
        f.put("Webhooks.update(UUID,WebhookForm)", c -> args(teamHook(c.team), webhookForm()));
        f.put("Namespaces.objects(UUID)", c -> args(live.get(c.team).id()));
        f.put("Namespaces.quotaUse(UUID)", c -> args(live.get(c.team).id()));
        f.put("Namespaces.desiredYaml(UUID)", c -> args(live.get(c.team).id()));
        f.put("Namespaces.resync(UUID)", c -> args(live.get(c.team).id()));
        f.put("AuditLog.checkpoint()", c -> args());
        f.put("Namespaces.validateAdoption(NamespaceRequest)", c -> args(newRequest(c.team, "baseline", "M")));
        f.put("Namespaces.adoptionPreview(NamespaceRequest)", c -> args(newRequest(c.team, "baseline", "M")));
        f.put("Namespaces.requestAdoption(NamespaceRequest)", c -> args(newRequest(c.team, "baseline", "M")));
        f.put("Namespaces.adoptionUnderReview(UUID)", c -> args(waitingRequest(c.team)));
        // PolicyExceptions
        f.put("PolicyExceptions.controlsFor(UUID)", c -> args(live.get(c.team).id()));
        f.put(
                "PolicyExceptions.validate(ExceptionRequest)",
                c -> args(psa(live.get(c.team).id())));
        f.put(
                "PolicyExceptions.request(ExceptionRequest)",
                c -> args(psa(live.get(c.team).id())));
        f.put(
                "PolicyExceptions.approve(UUID,String)",
                c -> args(requestException(c.team).id(), "Fine."));
        f.put(
                "PolicyExceptions.reject(UUID,String)",
                c -> args(requestException(c.team).id(), "Not needed."));
        f.put(
                "PolicyExceptions.withdraw(UUID)",
                c -> args(requestException(c.team).id()));
        f.put("PolicyExceptions.revoke(UUID,String)", c -> args(activeException(c.team), "No longer needed."));
        f.put("PolicyExceptions.find(UUID)", c -> args(pending.get(c.team).id()));
        f.put(
                "PolicyExceptions.clusterChange(UUID)",
                c -> args(pending.get(c.team).id()));
        f.put(
                "PolicyExceptions.previewChange(ExceptionRequest)",
                c -> args(psa(live.get(c.team).id())));
        f.put("PolicyExceptions.decisions(UUID)", c -> args(pending.get(c.team).id()));
        f.put("PolicyExceptions.list(Filter,int,int)", c -> args(exFilter(c), 0, 500));
        f.put("PolicyExceptions.count(Filter)", c -> args(exFilter(c)));
        f.put("PolicyExceptions.debt()", c -> args());
        f.put("PolicyExceptions.reviewQueue()", c -> args());
        // Notifications: a developer's own notification, or the other team developer's
        f.put("Notifications.mine(int)", c -> args(50));
        f.put("Notifications.unreadCount()", c -> args());
        f.put(
                "Notifications.markRead(UUID)",
                c -> args(c == Caller.DEV_OWN || c == Caller.DEV_OTHER ? notification.get(c.team) : UUID.randomUUID()));
        f.put("Notifications.markAllRead()", c -> args());
        // Compliance
        f.put("Compliance.controls()", c -> args());
        f.put("Compliance.control(String)", c -> args("psa-baseline"));
        f.put("Compliance.findings(UUID)", c -> args(live.get(c.team).id()));
        f.put("Compliance.findingsCsv(UUID)", c -> args(live.get(c.team).id()));
        f.put("Compliance.latest(UUID)", c -> args(live.get(c.team).id()));
        f.put("Compliance.readiness(UUID,String)", c -> args(live.get(c.team).id(), "restricted"));
        f.put("Compliance.readinessByTeam(String)", c -> args("restricted"));
        f.put("Compliance.catalogChanges(int)", c -> args(30));
        f.put("Compliance.namespaceTrend(UUID,int)", c -> args(live.get(c.team).id(), 30));
        f.put(
                "Compliance.namespaceTrends(Collection,int)",
                c -> args(List.of(live.get(c.team).id()), 30));
        f.put("Compliance.namespaceScores(ScoreFilter)", c -> args(scoreFilter(c)));
        f.put("Compliance.topFailingControls(ScoreFilter,int)", c -> args(scoreFilter(c), 10));
        f.put("Compliance.trendBy(ScoreFilter,GroupBy,int)", c -> args(scoreFilter(c), ScoreFilter.GroupBy.TEAM, 30));
        f.put("Compliance.scores(ScoreFilter,GroupBy)", c -> args(scoreFilter(c), ScoreFilter.GroupBy.TEAM));
        f.put("Compliance.trend(ScoreFilter,int)", c -> args(scoreFilter(c), 30));
        f.put(
                "Compliance.seedHistory(CurrentUser,UUID,Score,Instant)",
                c -> args(
                        c.actor(),
                        live.get(c.team).id(),
                        new Score(new BigDecimal("50.0"), 1, 1, 0),
                        Instant.now().minus(Duration.ofDays(3))));
        // InventoryQueries: the other team's data asked for by name
        f.put(
                "InventoryQueries.page(InventoryFilter,InventorySort,int,int)",
                c -> args(invFilter(c), InventorySort.DEFAULT, 0, 500));
        f.put("InventoryQueries.count(InventoryFilter)", c -> args(invFilter(c)));
        f.put("InventoryQueries.any()", c -> args());
        f.put("InventoryQueries.options()", c -> args());
        f.put("InventoryQueries.whereRuns(String)", c -> args(image(c.team)));
        f.put(
                "InventoryQueries.exportCsv(InventoryFilter,InventorySort,Writer)",
                c -> args(invFilter(c), InventorySort.DEFAULT, new StringWriter()));
        // AuditLog: the other team's events asked for by team
        f.put("AuditLog.page(AuditFilter,int,int)", c -> args(auditFilter(c), 0, 500));
        f.put("AuditLog.count(AuditFilter)", c -> args(auditFilter(c)));
        f.put("AuditLog.exportCsv(AuditFilter,Writer)", c -> args(auditFilter(c), new StringWriter()));
        f.put("AuditLog.verify()", c -> args());
        // Clusters: registrations that pass the checks are refused as duplicates (INVALID), nothing is stored
        f.put("ClusterAdministration.overview()", c -> args());
        f.put("ClusterAdministration.resync(String)", c -> args(CLUSTER));
        f.put("ClusterAdministration.remove(String,String)", c -> args("no-such-cluster", "no-such-cluster"));
        f.put("Clusters.list()", c -> args());
        f.put("Clusters.find(String)", c -> args(CLUSTER));
        f.put("Clusters.probe(String)", c -> args(CLUSTER));
        // a name no cluster has: the matrix's own cluster stays usable for the facades checked after it
        f.put("Clusters.markUnavailable(String,String)", c -> args("authz-no-such-cluster", "authorization matrix"));
        f.put(
                "Clusters.register(ClusterRegistration)",
                c -> args(new ClusterRegistration(
                        CLUSTER,
                        "Again",
                        ClusterRegistration.Kind.KUBECONFIG,
                        KubeTestEnv.get().kubeconfig(),
                        null,
                        null,
                        null)));
        f.put("Clusters.registerLocalIfMissing(CurrentUser,String,String)", c -> args(c.actor(), CLUSTER, "Again"));
        f.put(
                "Clusters.applyDemoWorkloads(CurrentUser,String,String,String)",
                c -> args(c.actor(), CLUSTER, live.get(c.team).name(), "payments-web"));
        // Teams
        f.put("Teams.visible()", c -> args());
        f.put("Teams.create(CurrentUser,Team)", c -> {
            String id = "authz-" + SUFFIX + "-" + sequence.incrementAndGet();
            return args(c.actor(), new Team(id, "Matrix team " + id, "team-" + id));
        });
        // Tiers and TierRollout: a publish that passes the checks is refused as unchanged (INVALID)
        f.put("Tiers.list()", c -> args());
        f.put("Tiers.bundle(String,int)", c -> args("baseline", 1));
        f.put("Tiers.latestVersion(String)", c -> args("baseline"));
        f.put("Tiers.versions(String)", c -> args("baseline"));
        f.put("Tiers.bundleYaml(String,int)", c -> args("baseline", 1));
        f.put("Tiers.publish(String)", c -> args(latestBaselineYaml()));
        f.put("TierRollout.validate(String)", c -> args("name: [unclosed"));
        f.put("TierRollout.publish(String)", c -> args("name: [unclosed"));
        f.put("TierRollout.rollAll(String,int)", c -> args("baseline", 9999));
        f.put("TierRollout.rollPreview(String,int)", c -> args("baseline", 1));
        return f;
    }

    static Object[] args(Object... a) {
        return a;
    }

    NamespaceRequest newRequest(String team, String tier, String quota) {
        return new NamespaceRequest(
                CLUSTER,
                "authz-" + SUFFIX + "-" + sequence.incrementAndGet(),
                team,
                tier,
                quota,
                List.of(),
                "Authorization matrix fixture namespace.");
    }

    /** A fresh request of the team (quota above the default, so it waits for review). */
    UUID withdrawnChange(String team) {
        return withdrawnChange.computeIfAbsent(team, t -> {
            Authentication dev = t.equals(A) ? DEV_A : DEV_B;
            return as(dev, () -> {
                UUID id = namespaceChanges
                        .request(io.bulkhead.changes.ChangeDraft.quota(
                                live.get(t).id(), "L", WHY))
                        .id();
                namespaceChanges.withdraw(id);
                return id;
            });
        });
    }

    UUID waitingRequest(String team) {
        Authentication dev = team.equals(A) ? DEV_A : DEV_B;
        UUID id = as(dev, () -> namespaces.request(newRequest(team, "baseline", "L")))
                .id();
        leftRequested.add(id);
        return id;
    }

    Namespaces.Filter nsFilter(Caller c) {
        return new Namespaces.Filter(c.team.equals(B) ? B : null, null, null, null, null);
    }

    PolicyExceptions.Filter exFilter(Caller c) {
        return new PolicyExceptions.Filter(c.team.equals(B) ? live.get(B).id() : null, null, false);
    }

    ScoreFilter scoreFilter(Caller c) {
        return new ScoreFilter(c.team.equals(B) ? B : null, null, null);
    }

    InventoryFilter invFilter(Caller c) {
        return new InventoryFilter(null, c.team.equals(B) ? B : null, null, null, null, null);
    }

    AuditFilter auditFilter(Caller c) {
        return new AuditFilter(null, null, null, null, c.team.equals(B) ? B : null, null);
    }

    static ExceptionRequest psa(UUID ns) {
        return new ExceptionRequest(ns, "pss-privileged", null, ExceptionScope.NAMESPACE, List.of(), WHY, null, 2);
    }

    PolicyException requestException(String team) {
        Authentication dev = team.equals(A) ? DEV_A : DEV_B;
        return as(dev, () -> exceptions.request(psa(live.get(team).id())));
    }

    /** A fresh exception of the team, approved by as many reviewers as it needs. */
    UUID activeException(String team) {
        PolicyException e = requestException(team);
        for (Authentication r : List.of(REVIEWER, REVIEWER_2)) {
            if (as(r, () -> exceptions.approve(e.id(), "Fine for the matrix.")).state() == ExceptionState.ACTIVE) {
                return e.id();
            }
        }
        throw new AssertionError("exception " + e.id() + " did not become active");
    }

    String latestBaselineYaml() {
        return as(
                ADMIN,
                () -> tiers.bundleYaml(
                                "baseline", tiers.latestVersion("baseline").orElseThrow())
                        .orElseThrow());
    }

    static <T> T as(Authentication who, java.util.function.Supplier<T> action) {
        try (var s = signIn(who)) {
            return action.get();
        }
    }
}
