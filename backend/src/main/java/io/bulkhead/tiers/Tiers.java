package io.bulkhead.tiers;

import io.bulkhead.identity.CurrentUsers;
import io.bulkhead.tiers.internal.TierStore;
import java.util.List;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** The tier catalogue: every signed-in user may read it. */
@Service
public class Tiers {
    private final TierStore store;
    private final CurrentUsers users;

    Tiers(TierStore store, CurrentUsers users) {
        this.store = store;
        this.users = users;
    }

    @Transactional(readOnly = true)
    public List<TierSummary> list() {
        users.require();
        return store.summaries();
    }
}
