package io.bulkhead.provisioning.internal.render;

import io.bulkhead.tiers.TierBundle;
import io.bulkhead.tiers.TierBundle.AdmissionRule;
import io.bulkhead.tiers.TierBundle.DedicatedNodes;
import io.bulkhead.tiers.TierBundle.ImageDigestAndRegistry;
import io.bulkhead.tiers.TierBundle.ReadOnlyRootFilesystem;
import io.bulkhead.tiers.TierBundle.RequireRuntimeClass;
import io.bulkhead.tiers.TierBundle.ResourceLimits;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MatchCondition;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MatchConditionBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.NamedRuleWithOperations;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.NamedRuleWithOperationsBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.Validation;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidationBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.Variable;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.VariableBuilder;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The CEL of the admission catalog. Every policy matches CREATE and UPDATE of Pods and of the workloads that carry a
 * pod template, and reads the pod spec through {@code variables.podSpec}, so one expression covers all of them.
 * Values from the bundle are embedded as CEL string literals; the bundle parser only lets through names that contain
 * no quote or backslash.
 */
final class AdmissionPolicies {
    private AdmissionPolicies() {}

    /** Pods (core/v1) and the pod templates of apps/v1 and batch/v1 workloads. */
    static List<NamedRuleWithOperations> resourceRules() {
        return List.of(
                rule("", "pods"),
                rule("apps", "deployments", "statefulsets", "daemonsets"),
                rule("batch", "jobs", "cronjobs"));
    }

    private static NamedRuleWithOperations rule(String apiGroup, String... resources) {
        return new NamedRuleWithOperationsBuilder()
                .withApiGroups(apiGroup)
                .withApiVersions("v1")
                .withOperations("CREATE", "UPDATE")
                .withResources(resources)
                .build();
    }

    /**
     * Objects being deleted are let through: the garbage collector must be able to remove finalizers from workloads
     * that were admitted before a stricter tier version.
     */
    static List<MatchCondition> matchConditions() {
        return List.of(new MatchConditionBuilder()
                .withName("not-being-deleted")
                .withExpression("!has(object.metadata.deletionTimestamp)")
                .build());
    }

    /**
     * Leaves out the excepted workloads of one namespace: a workload (or bare Pod) whose own name is in
     * {@code names}, and a Pod whose controlling owner is one of them (ReplicaSet {@code <name>-<hash>} of a
     * Deployment; StatefulSet, DaemonSet or Job {@code <name>}; Job {@code <name>-<n>} of a CronJob). A tenant who
     * may create workloads can claim any of these names or owners anyway, so the hole is exactly "workloads of
     * these names", never wider; names are DNS labels (checked by the renderer), safe inside CEL and regexes.
     */
    static MatchCondition notExcepted(List<String> names) {
        String list = listLiteral(names);
        String alternatives = String.join("|", names);
        String owned = "has(object.metadata.ownerReferences) && object.metadata.ownerReferences.exists(o,"
                + " has(o.controller) && o.controller == true && ("
                + "(o.kind == 'ReplicaSet' && o.name.matches('^(" + alternatives + ")-[a-z0-9]+$'))"
                + " || (o.kind in ['StatefulSet', 'DaemonSet', 'Job'] && o.name in " + list + ")"
                + " || (o.kind == 'Job' && o.name.matches('^(" + alternatives + ")-[0-9]+$'))))";
        return new MatchConditionBuilder()
                .withName("not-excepted-workload")
                .withExpression("!((has(object.metadata.name) && object.metadata.name in " + list + ")"
                        + " || (object.kind == 'Pod' && " + owned + "))")
                .build();
    }

    // ---- the tier's isolation, against the team itself ----

    /** The name suffix of the policy that keeps Bulkhead's objects Bulkhead's. */
    static final String PROTECT_MANAGED = "protect-managed";
    /** The name suffix of the policy that keeps the team's own NetworkPolicies within the tier. */
    static final String TENANT_NETWORK_POLICIES = "tenant-network-policies";

    /**
     * Whether the request comes from an identity that may change the admission binding {@code bindingName}: Bulkhead
     * (it applies that binding) or a cluster administrator. Whoever may change the binding could switch the policy off
     * anyway, so letting exactly them through gives nothing away; a team, its service accounts and anyone it binds
     * in its namespaces never hold that cluster-scoped right. {@code patch} is the verb of server-side apply.
     */
    static String mayChangeBinding(String bindingName) {
        return "authorizer.group('admissionregistration.k8s.io').resource('validatingadmissionpolicybindings')"
                + ".name(" + literal(bindingName) + ").check('patch').allowed()";
    }

    /** Namespaced objects of every kind, created, changed or deleted (not subresources such as status). */
    static List<NamedRuleWithOperations> everyNamespacedObject() {
        return List.of(new NamedRuleWithOperationsBuilder()
                .withApiGroups("*")
                .withApiVersions("*")
                .withOperations("CREATE", "UPDATE", "DELETE")
                .withResources("*")
                .withScope("Namespaced")
                .build());
    }

    private static String managed(String o) {
        return o + " != null && has(" + o + ".metadata.labels) && '" + TierRenderer.MANAGED_BY + "' in " + o
                + ".metadata.labels && " + o + ".metadata.labels['" + TierRenderer.MANAGED_BY + "'] == '"
                + TierRenderer.MANAGED_BY_VALUE + "'";
    }

    /** Only requests that touch an object labelled as Bulkhead's, before or after: posing as ours, or changing ours. */
    static List<MatchCondition> touchesManaged() {
        return List.of(new MatchConditionBuilder()
                .withName("labelled-managed-by-bulkhead")
                .withExpression("(" + managed("oldObject") + ") || (" + managed("object") + ")")
                .build());
    }

    /**
     * Objects labelled {@code app.kubernetes.io/managed-by=bulkhead} are created, changed and deleted only by
     * Bulkhead's identity; while the namespace is being deleted its controller may remove them.
     */
    static List<Validation> protectManaged(String tier, String bindingName) {
        String expression = mayChangeBinding(bindingName)
                + " || (namespaceObject != null && has(namespaceObject.metadata.deletionTimestamp))";
        String message = tier + " tier: objects labelled " + TierRenderer.MANAGED_BY + "="
                + TierRenderer.MANAGED_BY_VALUE + " are Bulkhead's; only Bulkhead may create, change or delete them"
                + " (and that label is not yours to set or remove). Ask for a change in Bulkhead, e.g. an exception.";
        return List.of(validation(
                expression,
                message,
                "'" + tier + " tier: ' + request.kind.kind + ' ' + request.name + ' is labelled (or would be labelled) "
                        + TierRenderer.MANAGED_BY + "=" + TierRenderer.MANAGED_BY_VALUE
                        + ", so it is Bulkhead\\'s: only Bulkhead may create, change or delete it."
                        + " Ask for a change in Bulkhead, e.g. an exception.'"));
    }

    /** The name suffix of the policy that keeps the team's own RoleBindings to its namespace's service accounts. */
    static final String TENANT_ROLE_BINDINGS = "tenant-role-bindings";

    /** RoleBindings, created or changed. */
    static List<NamedRuleWithOperations> roleBindingRules() {
        return List.of(new NamedRuleWithOperationsBuilder()
                .withApiGroups("rbac.authorization.k8s.io")
                .withApiVersions("v1")
                .withOperations("CREATE", "UPDATE")
                .withResources("rolebindings")
                .build());
    }

    /**
     * A RoleBinding the team makes may name only service accounts of the namespace itself (no namespace given means
     * this one): the team cannot hand its access to other users, groups such as {@code system:authenticated}, or
     * service accounts elsewhere. People get access through Bulkhead (the team's group, the tier's viewer groups).
     */
    static List<Validation> tenantRoleBindings(String tier, String bindingName) {
        String message = tier + " tier: a RoleBinding made by the team may only bind service accounts of this"
                + " namespace; people and groups get access through Bulkhead (the group of the team, viewer groups).";
        return List.of(validation(
                mayChangeBinding(bindingName) + " || !has(object.subjects) || object.subjects.all(s,"
                        + " s.kind == 'ServiceAccount' && (!has(s.namespace) || s.namespace == ''"
                        + " || s.namespace == request.namespace))",
                message,
                celString(message)));
    }

    /** NetworkPolicies, created or changed (deleting one of the team's own only ever closes). */
    static List<NamedRuleWithOperations> networkPolicyRules() {
        return List.of(new NamedRuleWithOperationsBuilder()
                .withApiGroups("networking.k8s.io")
                .withApiVersions("v1")
                .withOperations("CREATE", "UPDATE")
                .withResources("networkpolicies")
                .build());
    }

    /**
     * The tier's rule for NetworkPolicies the team makes (see {@link TierBundle.TenantNetworkPolicies}); Bulkhead's
     * own pass.
     */
    static List<Validation> tenantNetworkPolicies(TierBundle bundle, String bindingName) {
        String t = bundle.name() + " tier: ";
        TierBundle.Network net = bundle.network();
        if (net.tenantPolicies() == TierBundle.TenantNetworkPolicies.NONE) {
            String message = t + "NetworkPolicies are Bulkhead's alone in this tier: the team may not create or change"
                    + " one. Bulkhead's policies already allow what the tier allows; for more egress, ask for it in"
                    + " Bulkhead (the namespace's egress allowlist or an exception).";
            return List.of(validation(mayChangeBinding(bindingName), message, celString(message)));
        }
        String ingress = "!has(object.spec.ingress) || object.spec.ingress.all(r, has(r.from) && size(r.from) > 0"
                + " && r.from.all(p, " + peerWithin(net, true) + "))";
        String egress = "!has(object.spec.egress) || object.spec.egress.all(r, has(r.to) && size(r.to) > 0"
                + " && r.to.all(p, " + peerWithin(net, false) + "))";
        String allowed = "pods of this namespace" + (net.allowSameNamespace() ? "" : " (not even these)")
                + "; other namespaces: "
                + (net.ingressFromOtherNamespaces() ? "ingress" : "")
                + (net.ingressFromOtherNamespaces() && !net.egressAllowlistOnly() ? " and " : "")
                + (!net.egressAllowlistOnly() ? "egress" : "")
                + (!net.ingressFromOtherNamespaces() && net.egressAllowlistOnly() ? "none" : "");
        String message = t + "a NetworkPolicy made by the team may only allow what the tier already allows: every"
                + " ingress and egress rule names at least one peer, no ipBlock (ask Bulkhead for egress), and peers"
                + " only among " + allowed + ".";
        return List.of(validation(
                mayChangeBinding(bindingName) + " || ((" + ingress + ") && (" + egress + "))",
                message,
                celString(message)));
    }

    /**
     * A peer the tier already allows ({@link TierBundle.Network#alreadyAllows}): never an ipBlock; same-namespace
     * pods, or other namespaces, as the tier's flags say.
     */
    private static String peerWithin(TierBundle.Network net, boolean ingress) {
        return "!has(p.ipBlock) && (has(p.namespaceSelector) ? "
                + net.alreadyAllows(ingress, TierBundle.Peer.OTHER_NAMESPACES) + " : "
                + net.alreadyAllows(ingress, TierBundle.Peer.SAME_NAMESPACE) + ")";
    }

    /** Where the pod spec is in the object; {@code dyn()} keeps the type checker from flagging the other kinds. */
    static final String POD_SPEC = "object.kind == 'Pod' ? dyn(object).spec"
            + " : object.kind == 'CronJob' ? dyn(object).spec.jobTemplate.spec.template.spec"
            + " : dyn(object).spec.template.spec";

    /** The path of the pod spec, for messages. */
    static final String SPEC_PATH = "object.kind == 'Pod' ? 'spec'"
            + " : object.kind == 'CronJob' ? 'spec.jobTemplate.spec.template.spec'"
            + " : 'spec.template.spec'";

    /** Containers and init containers. */
    static final String CONTAINERS = "(has(variables.podSpec.containers) ? variables.podSpec.containers : [])"
            + " + (has(variables.podSpec.initContainers) ? variables.podSpec.initContainers : [])";

    static List<Variable> variables() {
        return List.of(
                variable("podSpec", POD_SPEC), variable("specPath", SPEC_PATH), variable("containers", CONTAINERS));
    }

    private static Variable variable(String name, String expression) {
        return new VariableBuilder().withName(name).withExpression(expression).build();
    }

    /** The validations that enforce {@code rule} for {@code tier}. */
    static List<Validation> validations(String tier, AdmissionRule rule) {
        String t = tier + " tier: ";
        return switch (rule) {
            case RequireRuntimeClass r -> {
                String allowed = listLiteral(r.allowed());
                String shown = "[" + String.join(", ", r.allowed()) + "]";
                yield List.of(validation(
                        "has(variables.podSpec.runtimeClassName) && variables.podSpec.runtimeClassName in " + allowed,
                        t
                                + "set the pod's runtimeClassName (spec.runtimeClassName, or spec.template.spec.runtimeClassName"
                                + " in a workload) to one of " + shown,
                        "'" + t + "set ' + variables.specPath + '.runtimeClassName to one of " + shown + "'"));
            }
            case ImageDigestAndRegistry r -> {
                String digest = "has(c.image) && c.image.matches('^[^@]+@sha256:[a-f0-9]{64}$')";
                String registry = "has(c.image) && "
                        + listLiteral(r.registries().stream().map(p -> p + "/").toList())
                        + ".exists(p, c.image.startsWith(p))";
                String shown = "[" + String.join(", ", r.registries()) + "]";
                yield List.of(
                        containerValidation(
                                digest,
                                t + "pin every container image by digest (image: <name>@sha256:<64 hex digits>)",
                                t + "pin by digest (image: <name>@sha256:<64 hex digits>) the image of"),
                        containerValidation(
                                registry,
                                t + "pull every container image from an allowed registry " + shown,
                                t + "pull images only from " + shown + "; not allowed: the image of"));
            }
            case ReadOnlyRootFilesystem r ->
                List.of(containerValidation(
                        "has(c.securityContext) && has(c.securityContext.readOnlyRootFilesystem)"
                                + " && c.securityContext.readOnlyRootFilesystem == true",
                        t + "set securityContext.readOnlyRootFilesystem: true on every container and init container",
                        t + "set securityContext.readOnlyRootFilesystem: true on"));
            case ResourceLimits r ->
                List.of(containerValidation(
                        "has(c.resources) && has(c.resources.limits)"
                                + " && 'cpu' in c.resources.limits && 'memory' in c.resources.limits",
                        t
                                + "set resources.limits.cpu and resources.limits.memory on every container and init container",
                        t + "set resources.limits.cpu and resources.limits.memory on"));
            case DedicatedNodes r -> {
                String key = literal(r.nodeSelectorKey());
                String taint = literal(r.tolerationKey());
                yield List.of(
                        validation(
                                "has(variables.podSpec.nodeSelector) && " + key + " in variables.podSpec.nodeSelector"
                                        + " && variables.podSpec.nodeSelector[" + key + "] != ''",
                                t + "run on dedicated nodes: set nodeSelector " + r.nodeSelectorKey()
                                        + ": <your dedicated node pool> in the pod spec",
                                "'" + t + "run on dedicated nodes: set ' + variables.specPath + '.nodeSelector "
                                        + r.nodeSelectorKey() + ": <your dedicated node pool>'"),
                        validation(
                                "has(variables.podSpec.tolerations) && variables.podSpec.tolerations.exists(t,"
                                        + " has(t.key) && t.key == " + taint + ")",
                                t + "run on dedicated nodes: add a toleration for the taint " + r.tolerationKey()
                                        + " to the pod spec",
                                "'" + t + "run on dedicated nodes: add a toleration with key " + r.tolerationKey()
                                        + " to ' + variables.specPath + '.tolerations'"));
            }
        };
    }

    /**
     * A check that every container and init container satisfies {@code predicate} (over {@code c}); the message names
     * the containers that do not.
     */
    private static Validation containerValidation(String predicate, String message, String messagePrefix) {
        return validation(
                "variables.containers.all(c, " + predicate + ")",
                message,
                "'" + messagePrefix + " container(s) ' + variables.containers.filter(c, !(" + predicate
                        + ")).map(c, has(c.name) ? c.name : '?').join(', ') + ' in ' + variables.specPath");
    }

    private static Validation validation(String expression, String message, String messageExpression) {
        return new ValidationBuilder()
                .withExpression(expression)
                .withMessage(message)
                .withMessageExpression(messageExpression)
                .withReason("Forbidden")
                .build();
    }

    /** Any text as a CEL string literal (quotes and backslashes escaped), for constant message expressions. */
    static String celString(String s) {
        return "'" + s.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }

    private static String literal(String s) {
        if (s.contains("'") || s.contains("\\")) {
            throw new IllegalArgumentException("not embeddable in CEL: " + s);
        }
        return "'" + s + "'";
    }

    private static String listLiteral(List<String> values) {
        return values.stream().map(AdmissionPolicies::literal).collect(Collectors.joining(", ", "[", "]"));
    }
}
