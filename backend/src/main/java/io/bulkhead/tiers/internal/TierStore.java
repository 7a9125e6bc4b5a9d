package io.bulkhead.tiers.internal;

import static io.bulkhead.db.jooq.Tables.TIER;
import static io.bulkhead.db.jooq.Tables.TIER_VERSION;

import io.bulkhead.tiers.TierSummary;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.springframework.stereotype.Repository;

/** jOOQ access to tiers and their versions. */
@Repository
public class TierStore {
    private final DSLContext db;

    TierStore(DSLContext db) {
        this.db = db;
    }

    public List<TierSummary> summaries() {
        var tv = TIER_VERSION.as("tv");
        var latest = DSL.select(DSL.max(tv.VERSION)).from(tv).where(tv.TIER.eq(TIER.NAME));
        return db.select(
                        TIER.NAME,
                        TIER.TITLE,
                        TIER.SUMMARY,
                        TIER_VERSION.VERSION,
                        TIER_VERSION.PUBLISHED_AT,
                        TIER_VERSION.PUBLISHED_BY)
                .from(TIER)
                .join(TIER_VERSION)
                .on(TIER_VERSION.TIER.eq(TIER.NAME))
                .where(TIER_VERSION.VERSION.eq(latest))
                .orderBy(TIER.SORT_ORDER, TIER.NAME)
                .fetch(r -> new TierSummary(
                        r.value1(),
                        r.value2(),
                        r.value3(),
                        r.value4(),
                        r.value5().toInstant(),
                        r.value6()));
    }

    public Optional<String> bundleYaml(String tier, int version) {
        return db.select(TIER_VERSION.BUNDLE_YAML)
                .from(TIER_VERSION)
                .where(TIER_VERSION.TIER.eq(tier))
                .and(TIER_VERSION.VERSION.eq(version))
                .fetchOptional(TIER_VERSION.BUNDLE_YAML);
    }

    public Optional<Integer> latestVersion(String tier) {
        return db.select(DSL.max(TIER_VERSION.VERSION))
                .from(TIER_VERSION)
                .where(TIER_VERSION.TIER.eq(tier))
                .fetchOptional(0, Integer.class);
    }

    public List<Integer> versions(String tier) {
        return db.select(TIER_VERSION.VERSION)
                .from(TIER_VERSION)
                .where(TIER_VERSION.TIER.eq(tier))
                .orderBy(TIER_VERSION.VERSION.desc())
                .fetch(TIER_VERSION.VERSION);
    }

    /** Latest stored bundle hash of a tier, if any. */
    public Optional<String> latestSha(String tier) {
        return db.select(TIER_VERSION.BUNDLE_SHA256)
                .from(TIER_VERSION)
                .where(TIER_VERSION.TIER.eq(tier))
                .orderBy(TIER_VERSION.VERSION.desc())
                .limit(1)
                .fetchOptional(TIER_VERSION.BUNDLE_SHA256);
    }

    public int upsertTierAndAddVersion(
            String name, String title, String summary, int sortOrder, String yaml, String sha, String by, Instant at) {
        db.insertInto(TIER)
                .set(TIER.NAME, name)
                .set(TIER.TITLE, title)
                .set(TIER.SUMMARY, summary)
                .set(TIER.SORT_ORDER, sortOrder)
                .onConflict(TIER.NAME)
                .doUpdate()
                .set(TIER.TITLE, title)
                .set(TIER.SUMMARY, summary)
                .set(TIER.SORT_ORDER, sortOrder)
                .execute();
        int next = db.select(DSL.coalesce(DSL.max(TIER_VERSION.VERSION), 0))
                        .from(TIER_VERSION)
                        .where(TIER_VERSION.TIER.eq(name))
                        .fetchSingle(0, Integer.class)
                + 1;
        db.insertInto(TIER_VERSION)
                .set(TIER_VERSION.TIER, name)
                .set(TIER_VERSION.VERSION, next)
                .set(TIER_VERSION.BUNDLE_YAML, yaml)
                .set(TIER_VERSION.BUNDLE_SHA256, sha)
                .set(TIER_VERSION.PUBLISHED_AT, at.atOffset(ZoneOffset.UTC))
                .set(TIER_VERSION.PUBLISHED_BY, by)
                .execute();
        return next;
    }
}
