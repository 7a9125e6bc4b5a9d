package io.bulkhead.api;

import static io.bulkhead.testsupport.TestUsers.signIn;
import static org.assertj.core.api.Assertions.assertThat;

import io.bulkhead.clusters.Clusters;
import io.bulkhead.exceptions.ExceptionRequest;
import io.bulkhead.exceptions.ExceptionScope;
import io.bulkhead.exceptions.PolicyException;
import io.bulkhead.exceptions.PolicyExceptions;
import io.bulkhead.provisioning.ManagedNamespace;
import io.bulkhead.provisioning.Namespaces;
import io.bulkhead.tenancy.Teams;
import io.bulkhead.testsupport.TestClusters;
import io.bulkhead.testsupport.TestUsers;
import java.util.List;
import java.util.UUID;
import org.springframework.context.ApplicationContext;
import org.springframework.security.core.Authentication;

/**
 * The objects the API tests share, made once per JVM through the facades: teams payments and search, the test
 * control plane registered as {@value #CLUSTER}, a READY namespace per team and a rejected exception of each
 * (closed, so decisions on it pass the authorization check and are then refused as already decided).
 */
public final class ApiFixtures {
    public static final String CLUSTER = "api-cluster";
    static final String A = "payments";
    static final String B = "search";
    public static final String SUFFIX = Long.toString(System.nanoTime() % 1_000_000, 36);
    static final String WHY = "The vendor image needs privileged mode until its release 4.2 ships.";

    static final Authentication DEV_A = TestUsers.developer("api-dev-payments", A);
    static final Authentication DEV_B = TestUsers.developer("api-dev-search", B);
    static final Authentication REVIEWER = TestUsers.reviewer("api-reviewer");
    static final Authentication REVIEWER_2 = TestUsers.reviewer("api-reviewer-2");
    static final Authentication MANAGER = TestUsers.manager("api-manager");
    static final Authentication ADMIN = TestUsers.admin("api-admin");

    private static ApiFixtures instance;

    public final ManagedNamespace nsA;
    final ManagedNamespace nsB;
    public final PolicyException closedA;
    final PolicyException closedB;

    private ApiFixtures(ApplicationContext ctx) {
        Namespaces namespaces = ctx.getBean(Namespaces.class);
        PolicyExceptions exceptions = ctx.getBean(PolicyExceptions.class);
        TestClusters.ensureTeams(ctx.getBean(Teams.class), A, B);
        assertThat(TestClusters.register(ctx.getBean(Clusters.class), CLUSTER, "API test cluster")
                        .status())
                .isEqualTo("REACHABLE");
        nsA = TestClusters.provisionBaseline(
                namespaces, CLUSTER, "api-pay-" + SUFFIX, A, "api-dev-payments", "API tests: payments");
        nsB = TestClusters.provisionBaseline(
                namespaces, CLUSTER, "api-search-" + SUFFIX, B, "api-dev-search", "API tests: search");
        closedA = rejected(exceptions, DEV_A, nsA.id());
        closedB = rejected(exceptions, DEV_B, nsB.id());
    }

    public static synchronized ApiFixtures get(ApplicationContext ctx) {
        if (instance == null) {
            instance = new ApiFixtures(ctx);
        }
        return instance;
    }

    static ExceptionRequest psa(UUID ns) {
        return new ExceptionRequest(ns, "pss-privileged", null, ExceptionScope.NAMESPACE, List.of(), WHY, null, 2);
    }

    private static PolicyException rejected(PolicyExceptions exceptions, Authentication dev, UUID ns) {
        PolicyException e;
        try (var s = signIn(dev)) {
            e = exceptions.request(psa(ns));
        }
        try (var s = signIn(REVIEWER)) {
            return exceptions.reject(e.id(), "Not needed: the image runs unprivileged.");
        }
    }
}
