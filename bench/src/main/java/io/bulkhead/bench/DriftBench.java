package io.bulkhead.bench;

import io.bulkhead.kube.KubeTestEnv;
import io.bulkhead.provisioning.DriftWatches;
import io.bulkhead.provisioning.ManagedNamespace;
import io.bulkhead.provisioning.NamespaceState;
import io.bulkhead.provisioning.internal.NamespaceStore;
import io.bulkhead.provisioning.internal.Provisioner;
import io.bulkhead.tiers.Tiers;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Drift repair from watches: {@code bench.changes} changes by another field manager ({@code kubectl-edit}, as
 * {@code kubectl edit} would write them) over {@code bench.driftNamespaces} provisioned namespaces, one at a time,
 * each timed from the change's request to the moment a GET (every 20 ms) shows the object repaired. Three kinds,
 * round robin: the Namespace's Pod Security label relaxed, a NetworkPolicy's {@code policyTypes} edited, a
 * NetworkPolicy deleted. The periodic reconcile is pushed out to 24 h, so every repair comes from the watches.
 * Prints p50/p95/max per kind and overall and the load average before, during and after; asserts nothing.
 */
public final class DriftBench {
    static final String CLUSTER = "drift-bench";
    static final String TIER = "baseline";
    static final String PSA_ENFORCE = "pod-security.kubernetes.io/enforce";
    static final PatchContext EDIT = new PatchContext.Builder()
            .withPatchType(PatchType.JSON_MERGE)
            .withFieldManager("kubectl-edit")
            .build();

    public static void main(String[] args) throws Exception {
        int changes = Integer.getInteger("bench.changes", 30);
        int namespaces = Integer.getInteger("bench.driftNamespaces", 10);
        System.out.println("load average before: " + BenchSupport.loadAverage());
        long t0 = System.nanoTime();
        KubeTestEnv env = KubeTestEnv.get();
        ConfigurableApplicationContext ctx =
                BenchSupport.start(Map.of("bulkhead.drift.watch", "false", "bulkhead.inventory.watch", "false"));
        System.out.printf("setup: control plane + context in %d ms%n", (System.nanoTime() - t0) / 1_000_000);
        int code = 0;
        try {
            new DriftBench().run(ctx, env.admin(), changes, namespaces);
        } catch (Throwable e) {
            e.printStackTrace();
            code = 1;
        } finally {
            ctx.close();
        }
        System.out.println("load average after: " + BenchSupport.loadAverage());
        System.exit(code);
    }

    private void run(ConfigurableApplicationContext ctx, KubernetesClient admin, int changes, int count)
            throws Exception {
        System.out.println("cluster probe: "
                + BenchSupport.register(ctx, CLUSTER, "Drift benchmark cluster").status());
        Provisioner provisioner = ctx.getBean(Provisioner.class);
        NamespaceStore store = ctx.getBean(NamespaceStore.class);
        int version = ctx.getBean(Tiers.class).latestVersion(TIER).orElseThrow();
        String suffix = Long.toString(System.nanoTime() % 1_000_000, 36);
        List<String> names = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ManagedNamespace ns = BenchSupport.namespace(
                    CLUSTER, "drift-" + suffix + "-" + i, TIER, version, NamespaceState.APPROVED);
            store.insert(ns);
            Provisioner.Outcome o = provisioner.reconcile(ns.id());
            if (o.state() != NamespaceState.READY) {
                throw new IllegalStateException(ns.name() + " ended " + o);
            }
            names.add(ns.name());
        }
        System.out.printf("provisioned %d namespaces (%s v%d)%n", count, TIER, version);

        DriftWatches watches = ctx.getBean(DriftWatches.class);
        watches.startCluster(CLUSTER);
        await(() -> watches.synced(CLUSTER), 60_000);
        Thread.sleep(2000); // the controller-manager's status updates of new policies settle

        Map<String, List<Long>> byKind = new TreeMap<>();
        String during = "";
        for (int i = 0; i < changes; i++) {
            String ns = names.get(i % count);
            String kind = List.of("namespace-label", "networkpolicy-edit", "networkpolicy-delete")
                    .get(i % 3);
            long start = System.nanoTime();
            BooleanSupplier repaired;
            switch (kind) {
                case "namespace-label" -> {
                    admin.namespaces()
                            .withName(ns)
                            .patch(EDIT, "{\"metadata\":{\"labels\":{\"" + PSA_ENFORCE + "\":\"privileged\"}}}");
                    repaired = () -> "baseline"
                            .equals(admin.namespaces()
                                    .withName(ns)
                                    .get()
                                    .getMetadata()
                                    .getLabels()
                                    .get(PSA_ENFORCE));
                }
                case "networkpolicy-edit" -> {
                    admin.network()
                            .networkPolicies()
                            .inNamespace(ns)
                            .withName("bulkhead-default-deny")
                            .patch(EDIT, "{\"spec\":{\"policyTypes\":[\"Ingress\"]}}");
                    repaired = () -> {
                        NetworkPolicy p = admin.network()
                                .networkPolicies()
                                .inNamespace(ns)
                                .withName("bulkhead-default-deny")
                                .get();
                        return p.getSpec().getPolicyTypes().size() == 2;
                    };
                }
                default -> {
                    admin.network()
                            .networkPolicies()
                            .inNamespace(ns)
                            .withName("bulkhead-allow-dns")
                            .delete();
                    repaired = () -> admin.network()
                                    .networkPolicies()
                                    .inNamespace(ns)
                                    .withName("bulkhead-allow-dns")
                                    .get()
                            != null;
                }
            }
            if (!await(repaired, 120_000)) {
                System.out.printf("change %d (%s in %s): NOT repaired within 120 s%n", i, kind, ns);
                continue;
            }
            long nanos = System.nanoTime() - start;
            byKind.computeIfAbsent(kind, k -> new ArrayList<>()).add(nanos);
            if (i == changes / 2) {
                during = BenchSupport.loadAverage();
            }
            Thread.sleep(300); // the repair's own echo events pass before the next change
        }
        System.out.println("load average during: " + during);
        System.out.println();
        System.out.println("== drift repair from watches: change → repaired object (ms) ==");
        System.out.printf("%-24s %6s %8s %8s %8s%n", "", "n", "p50", "p95", "max");
        List<Long> all = new ArrayList<>();
        byKind.forEach((k, v) -> {
            all.addAll(v);
            print(k, v);
        });
        print("all", all);
        long[] counters = ctx.getBean(io.bulkhead.provisioning.internal.OwnedObjectWatcher.class)
                .counters();
        System.out.printf(
                "reconciles queued by watch events: %d; passes run: %d; dropped as echoes of own writes: %d%n",
                counters[0], counters[1], counters[2]);
    }

    private static void print(String label, List<Long> nanos) {
        long[] s = nanos.stream().mapToLong(Long::longValue).sorted().toArray();
        if (s.length == 0) {
            System.out.printf("%-24s %6d%n", label, 0);
            return;
        }
        System.out.printf(
                Locale.ROOT,
                "%-24s %6d %8.0f %8.0f %8.0f%n",
                label,
                s.length,
                pct(s, 50),
                pct(s, 95),
                s[s.length - 1] / 1e6);
    }

    private static double pct(long[] sorted, int p) {
        int idx = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, idx)] / 1e6;
    }

    private static boolean await(BooleanSupplier condition, long timeoutMillis) throws InterruptedException {
        long end = System.nanoTime() + timeoutMillis * 1_000_000;
        while (System.nanoTime() < end) {
            try {
                if (condition.getAsBoolean()) {
                    return true;
                }
            } catch (RuntimeException e) {
                // not there yet (e.g. a 404 while the object is recreated)
            }
            Thread.sleep(20);
        }
        return false;
    }
}
