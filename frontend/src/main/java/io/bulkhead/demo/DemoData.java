package io.bulkhead.demo;

import io.bulkhead.clusters.Clusters;
import io.bulkhead.identity.CurrentUser;
import io.bulkhead.tenancy.Team;
import io.bulkhead.tenancy.Teams;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Demo data for the default run ({@code BULKHEAD_DEMO_DATA=true}): the teams of the demo users and the local
 * cluster. Idempotent: a restart adds nothing twice. Everything it writes goes through the feature facades, so it
 * is audited like any admin action.
 */
@Component
@Order(20)
@ConditionalOnProperty(name = "bulkhead.demo-data", havingValue = "true")
class DemoData implements ApplicationRunner {
    private final Teams teams;
    private final Clusters clusters;

    DemoData(Teams teams, Clusters clusters) {
        this.teams = teams;
        this.clusters = clusters;
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
        clusters.registerLocalIfMissing(system, "local", "Local control plane");
    }
}
