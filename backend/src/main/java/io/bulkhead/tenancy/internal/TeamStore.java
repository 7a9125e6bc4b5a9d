package io.bulkhead.tenancy.internal;

import static io.bulkhead.db.jooq.Tables.TEAM;

import io.bulkhead.tenancy.Team;
import java.util.List;
import java.util.Optional;
import org.jooq.DSLContext;
import org.jooq.Records;
import org.springframework.stereotype.Repository;

/** jOOQ access to teams. */
@Repository
public class TeamStore {
    private final DSLContext db;

    TeamStore(DSLContext db) {
        this.db = db;
    }

    public List<Team> all() {
        return db.select(TEAM.ID, TEAM.DISPLAY_NAME, TEAM.OIDC_GROUP)
                .from(TEAM)
                .orderBy(TEAM.ID)
                .fetch(Records.mapping(Team::new));
    }

    public Optional<Team> find(String id) {
        return db.select(TEAM.ID, TEAM.DISPLAY_NAME, TEAM.OIDC_GROUP)
                .from(TEAM)
                .where(TEAM.ID.eq(id))
                .fetchOptional(Records.mapping(Team::new));
    }

    public void insert(Team t) {
        db.insertInto(TEAM)
                .set(TEAM.ID, t.id())
                .set(TEAM.DISPLAY_NAME, t.displayName())
                .set(TEAM.OIDC_GROUP, t.oidcGroup())
                .execute();
    }
}
