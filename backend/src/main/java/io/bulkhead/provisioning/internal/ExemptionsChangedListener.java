package io.bulkhead.provisioning.internal;

import io.bulkhead.provisioning.ExemptionsChanged;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/** Re-reconciles a namespace after its exemptions changed, through the same applier as provisioning. */
@Component
class ExemptionsChangedListener {
    private final ReconcileRequests reconcile;

    ExemptionsChangedListener(ReconcileRequests reconcile) {
        this.reconcile = reconcile;
    }

    @EventListener
    void on(ExemptionsChanged event) {
        reconcile.afterCommit(event.namespaceId());
    }
}
