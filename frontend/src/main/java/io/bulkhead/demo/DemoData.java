package io.bulkhead.demo;

import io.bulkhead.clusters.ClusterSummary;
import io.bulkhead.clusters.Clusters;
import io.bulkhead.compliance.Compliance;
import io.bulkhead.compliance.Score;
import io.bulkhead.identity.CurrentUser;
import io.bulkhead.identity.Role;
import io.bulkhead.provisioning.ManagedNamespace;
import io.bulkhead.provisioning.NamespaceRequest;
import io.bulkhead.provisioning.NamespaceState;
import io.bulkhead.provisioning.Namespaces;
import io.bulkhead.tenancy.Team;
import io.bulkhead.tenancy.Teams;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.core.annotation.Order;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.core.DefaultOAuth2AuthenticatedPrincipal;
import org.springframework.stereotype.Component;

/**
 * Demo data for the default run ({@code BULKHEAD_DEMO_DATA=true}): the teams of the demo users, the local cluster,
 * and — when the local cluster is reachable — one namespace per team ({@code payments-web}, {@code search-api}),
 * requested by the demo developers, provisioned for real, with demo workloads of mixed quality (so compliance has
 * findings to show) and 90 days of <em>simulated</em> score history before today (so the dashboard has a trend).
 * Idempotent: a restart adds nothing twice. Everything goes through the feature facades, so it is audited like any
 * user's action. The namespaces are seeded in the background: the portal is usable at once.
 */
@Component
@Order(20)
@ConditionalOnProperty(name = "bulkhead.demo-data", havingValue = "true")
class DemoData implements ApplicationRunner {
    private static final Logger log = LoggerFactory.getLogger(DemoData.class);
    static final String CLUSTER = "local";

    /** A demo namespace: who asks for it, its workloads and the simulated history (first and last score). */
    record DemoNamespace(
            String name,
            String team,
            String requester,
            String requesterName,
            String purpose,
            String workloads,
            double scoreFrom,
            double scoreTo) {}

    static final List<DemoNamespace> NAMESPACES = List.of(
            new DemoNamespace(
                    "payments-web",
                    "payments",
                    "dev-alice",
                    "Alice Developer",
                    "Demo: the payments web shop and its workers",
                    "payments",
                    58,
                    72),
            new DemoNamespace(
                    "search-api",
                    "search",
                    "dev-bob",
                    "Bob Developer",
                    "Demo: the search API and its index",
                    "search",
                    82,
                    95));

    private final Teams teams;
    private final Clusters clusters;
    private final Namespaces namespaces;
    private final Compliance compliance;
    private final Clock clock;

    DemoData(Teams teams, Clusters clusters, Namespaces namespaces, Compliance compliance, Clock clock) {
        this.teams = teams;
        this.clusters = clusters;
        this.namespaces = namespaces;
        this.compliance = compliance;
        this.clock = clock;
    }

    @Override
    public void run(ApplicationArguments args) {
        CurrentUser system = CurrentUser.SYSTEM;
        if (!teams.exists("payments")) {
            teams.create(system, new Team("payments", "Payments", "team-payments"));
        }
        if (!teams.exists("search")) {
            teams.create(system, new Team("search", "Search", "team-search"));
        }
        clusters.registerLocalIfMissing(system, CLUSTER, "Local control plane");
        Thread.ofVirtual().name("demo-namespaces").start(this::seedNamespaces);
    }

    private void seedNamespaces() {
        try {
            if (!waitForReachableCluster()) {
                log.info("Demo namespaces skipped: cluster {} is not reachable", CLUSTER);
                return;
            }
            for (DemoNamespace d : NAMESPACES) {
                seed(d);
            }
        } catch (RuntimeException e) {
            log.warn("Demo namespaces could not be seeded: {}", e.toString());
        } finally {
            SecurityContextHolder.clearContext();
        }
    }

    private boolean waitForReachableCluster() {
        Instant until = clock.instant().plus(Duration.ofMinutes(2));
        while (clock.instant().isBefore(until)) {
            Optional<ClusterSummary> c = clusters.findAsSystem(CLUSTER);
            if (c.isPresent() && c.get().status().equals("REACHABLE")) {
                return true;
            }
            if (!sleep(2000)) {
                return false;
            }
        }
        return false;
    }

    private void seed(DemoNamespace d) {
        Optional<ManagedNamespace> existing = as(
                reviewer(),
                () -> namespaces.list(new Namespaces.Filter(d.team(), CLUSTER, null, null, d.name()), 0, 50).stream()
                        .filter(n -> n.name().equals(d.name()))
                        .findFirst());
        if (existing.isPresent()) {
            return;
        }
        ManagedNamespace ns = as(
                developer(d),
                () -> namespaces.request(
                        new NamespaceRequest(CLUSTER, d.name(), d.team(), "baseline", "M", List.of(), d.purpose())));
        Instant until = clock.instant().plus(Duration.ofMinutes(3));
        while (clock.instant().isBefore(until)) {
            NamespaceState state = as(reviewer(), () -> namespaces.find(ns.id()))
                    .map(ManagedNamespace::state)
                    .orElse(NamespaceState.FAILED);
            if (state == NamespaceState.READY) {
                int n = clusters.applyDemoWorkloads(CurrentUser.SYSTEM, CLUSTER, d.name(), d.workloads());
                seedHistory(ns, d);
                log.info("Demo namespace {} is ready with {} demo workloads", d.name(), n);
                return;
            }
            if (state == NamespaceState.FAILED || !sleep(1000)) {
                log.warn("Demo namespace {} did not become ready ({})", d.name(), state);
                return;
            }
        }
    }

    /** One simulated point a week for the 13 weeks before today, rising from scoreFrom to scoreTo. */
    private void seedHistory(ManagedNamespace ns, DemoNamespace d) {
        Instant now = clock.instant();
        for (int week = 13; week >= 1; week--) {
            double v = d.scoreTo() - (d.scoreTo() - d.scoreFrom()) * (week - 1) / 12.0 + ((week % 3) - 1) * 1.5;
            BigDecimal score = BigDecimal.valueOf(Math.max(0, Math.min(100, v))).setScale(1, RoundingMode.HALF_UP);
            int failed = (int) Math.round((100 - v) / 4);
            compliance.seedHistory(
                    CurrentUser.SYSTEM,
                    ns.id(),
                    new Score(score, 30 - failed, failed, 0),
                    now.minus(Duration.ofDays(7L * week)));
        }
    }

    private static <T> T as(UsernamePasswordAuthenticationToken auth, Supplier<T> work) {
        SecurityContextHolder.getContext().setAuthentication(auth);
        try {
            return work.get();
        } finally {
            SecurityContextHolder.clearContext();
        }
    }

    private static UsernamePasswordAuthenticationToken developer(DemoNamespace d) {
        return user(
                d.requester(),
                d.requesterName(),
                List.of("ROLE_" + Role.DEVELOPER.name(), Role.TEAM_AUTHORITY_PREFIX + d.team()));
    }

    private static UsernamePasswordAuthenticationToken reviewer() {
        return user("reviewer", "Rita Reviewer", List.of("ROLE_" + Role.REVIEWER.name()));
    }

    private static UsernamePasswordAuthenticationToken user(String subject, String name, List<String> authorities) {
        List<GrantedAuthority> granted = new ArrayList<>();
        authorities.forEach(a -> granted.add(new SimpleGrantedAuthority(a)));
        var principal = new DefaultOAuth2AuthenticatedPrincipal(subject, Map.of("name", name, "sub", subject), granted);
        return UsernamePasswordAuthenticationToken.authenticated(principal, null, granted);
    }

    private static boolean sleep(long ms) {
        try {
            Thread.sleep(ms);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
