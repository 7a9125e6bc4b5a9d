package io.bulkhead.clusters.internal;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.composer.ComposerException;
import org.yaml.snakeyaml.constructor.ConstructorException;
import org.yaml.snakeyaml.constructor.DuplicateKeyException;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.parser.ParserException;
import org.yaml.snakeyaml.scanner.ScannerException;

/**
 * Reads a kubeconfig into {@link ClusterCredentials}, accepting inline credentials only: a bearer {@code token},
 * {@code client-certificate-data} with {@code client-key-data}, and {@code certificate-authority-data}. Refused,
 * each with a message that names the problem: {@code exec} credential plugins, {@code auth-provider}, every file
 * reference ({@code tokenFile}, {@code client-certificate}, {@code client-key}, {@code certificate-authority}),
 * username/password, impersonation, proxies, {@code insecure-skip-tls-verify}, plain HTTP, and an ambiguous choice
 * of context. Nothing in a kubeconfig is ever run or read from the file system: the YAML is parsed into plain maps
 * (SnakeYAML's {@link SafeConstructor}) and fabric8 never sees it.
 *
 * <p>Messages never contain content of the kubeconfig other than context, cluster and user names: a YAML error
 * is reported by its kind only (the parser's own message quotes the text around the error, which may be a token).
 */
public final class KubeconfigIntake {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9@._:/+-]{1,100}");
    private static final Set<String> CLUSTER_KEYS = Set.of(
            "server",
            "certificate-authority-data",
            "certificate-authority",
            "insecure-skip-tls-verify",
            "tls-server-name",
            "proxy-url",
            "disable-compression",
            "extensions");
    private static final Set<String> USER_KEYS = Set.of(
            "token",
            "client-certificate-data",
            "client-key-data",
            "client-certificate",
            "client-key",
            "tokenFile",
            "token-file",
            "exec",
            "auth-provider",
            "username",
            "password",
            "as",
            "as-uid",
            "as-groups",
            "as-user-extra",
            "extensions");

    private KubeconfigIntake() {}

    /** A kubeconfig or stored credential that is not accepted; the message is safe to show and to store. */
    public static final class Refused extends RuntimeException {
        public Refused(String message) {
            super(message, null, false, false);
        }
    }

    /** Parses and checks a kubeconfig; throws {@link Refused} with the reason. */
    public static ClusterCredentials parse(String kubeconfig) {
        Object doc = load(kubeconfig);
        if (!(doc instanceof Map<?, ?> root)) {
            throw new Refused("Not a valid kubeconfig: the top level is not a mapping.");
        }
        Object kind = root.get("kind");
        if (kind != null && !"Config".equals(kind)) {
            throw new Refused("Not a valid kubeconfig: its kind is not Config.");
        }
        Map<?, ?> context = selectContext(root);
        String clusterName = str(context.get("cluster"));
        String userName = str(context.get("user"));
        if (clusterName == null || userName == null) {
            throw new Refused("The selected context does not name both a cluster and a user.");
        }
        Map<?, ?> cluster = named(root, "clusters", "cluster", clusterName);
        Map<?, ?> user = named(root, "users", "user", userName);

        List<String> problems = new ArrayList<>();
        String server = checkCluster(cluster, "cluster " + shown(clusterName), problems);
        checkUser(user, "user " + shown(userName), problems);
        if (!problems.isEmpty()) {
            throw new Refused("This kubeconfig is refused: " + String.join("; ", problems)
                    + ". Bulkhead accepts inline credentials only: token, or client-certificate-data with "
                    + "client-key-data, and certificate-authority-data.");
        }
        return checked(new ClusterCredentials(
                Objects.requireNonNull(server),
                str(cluster.get("certificate-authority-data")),
                str(user.get("token")),
                str(user.get("client-certificate-data")),
                str(user.get("client-key-data"))));
    }

    /** The API URL form: URL, CA certificate (PEM text) and bearer token. */
    public static ClusterCredentials fromToken(String apiUrl, @Nullable String caPem, @Nullable String token) {
        String ca = caPem == null || caPem.isBlank()
                ? null
                : Base64.getEncoder().encodeToString(caPem.strip().getBytes(StandardCharsets.UTF_8));
        return checked(new ClusterCredentials(apiUrl.strip(), ca, token == null ? null : token.strip(), null, null));
    }

    /** Checks credentials built by hand or read back from storage; returns them unchanged when they are fine. */
    public static ClusterCredentials checked(ClusterCredentials c) {
        List<String> problems = new ArrayList<>();
        checkServer(c.server(), "the cluster", problems);
        if (c.caData() != null) {
            checkPem(c.caData(), "certificate-authority-data", "CERTIFICATE", problems);
        }
        boolean cert = c.clientCertData() != null || c.clientKeyData() != null;
        if (cert) {
            if (c.clientCertData() == null || c.clientKeyData() == null) {
                problems.add("client-certificate-data and client-key-data go together");
            } else {
                checkPem(c.clientCertData(), "client-certificate-data", "CERTIFICATE", problems);
                checkPem(c.clientKeyData(), "client-key-data", "PRIVATE KEY", problems);
            }
        }
        if (c.token() != null && (c.token().isBlank() || !c.token().matches("\\S{1,16384}"))) {
            problems.add("the token must be one line without spaces");
        }
        if (c.token() == null && !cert) {
            problems.add("there is no credential (a token or a client certificate with its key)");
        }
        if (!problems.isEmpty()) {
            throw new Refused("The credentials are refused: " + String.join("; ", problems) + ".");
        }
        return c;
    }

    private static Object load(String text) {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        options.setMaxAliasesForCollections(20);
        options.setNestingDepthLimit(40);
        options.setCodePointLimit(512 * 1024);
        options.setAllowRecursiveKeys(false);
        try {
            Object doc = new Yaml(new SafeConstructor(options)).load(text);
            if (doc == null) {
                throw new Refused("Not a valid kubeconfig: it is empty.");
            }
            return doc;
        } catch (Refused e) {
            throw e;
        } catch (RuntimeException e) {
            // never the parser's message: it quotes the text around the error, which may be a credential
            throw new Refused("Not a valid kubeconfig: " + yamlProblem(e) + ".");
        }
    }

    private static String yamlProblem(RuntimeException e) {
        return switch (e) {
            case ScannerException _ -> "the YAML cannot be read (a scanner error, e.g. a tab or an unclosed quote)";
            case ParserException _ -> "the YAML structure is broken (a parser error, e.g. wrong indentation)";
            case ComposerException _ -> "the YAML structure is broken (a composer error, e.g. two documents)";
            case DuplicateKeyException _ -> "a key appears twice in one mapping";
            case ConstructorException _ -> "a value cannot be read (a constructor error)";
            default -> "it is not YAML that Bulkhead can read (" + e.getClass().getSimpleName() + ")";
        };
    }

    private static Map<?, ?> selectContext(Map<?, ?> root) {
        List<Map<?, ?>> contexts = entries(root, "contexts");
        String current = str(root.get("current-context"));
        if (current != null && !current.isBlank()) {
            for (Map<?, ?> c : contexts) {
                if (current.equals(c.get("name"))) {
                    return body(c, "context", "context " + shown(current));
                }
            }
            throw new Refused("Its current-context is not among its contexts.");
        }
        if (contexts.size() == 1) {
            return body(contexts.getFirst(), "context", "its context");
        }
        if (contexts.isEmpty()) {
            throw new Refused("Not a valid kubeconfig: it has no contexts.");
        }
        List<String> names =
                contexts.stream().map(c -> shown(str(c.get("name")))).toList();
        throw new Refused("It has " + contexts.size() + " contexts (" + String.join(", ", names)
                + ") and no current-context: set current-context to the one Bulkhead should use, or paste a "
                + "kubeconfig with one context.");
    }

    private static Map<?, ?> named(Map<?, ?> root, String list, String field, String name) {
        for (Map<?, ?> e : entries(root, list)) {
            if (name.equals(e.get("name"))) {
                return body(e, field, field + " " + shown(name));
            }
        }
        throw new Refused("The selected context names a " + field + " that is not in its " + list + ".");
    }

    private static List<Map<?, ?>> entries(Map<?, ?> root, String list) {
        Object v = root.get(list);
        if (v == null) {
            return List.of();
        }
        if (!(v instanceof List<?> l)) {
            throw new Refused("Not a valid kubeconfig: " + list + " is not a list.");
        }
        List<Map<?, ?>> out = new ArrayList<>();
        for (Object o : l) {
            if (!(o instanceof Map<?, ?> m)) {
                throw new Refused("Not a valid kubeconfig: an entry of " + list + " is not a mapping.");
            }
            out.add(m);
        }
        return out;
    }

    private static Map<?, ?> body(Map<?, ?> entry, String field, String what) {
        Object b = entry.get(field);
        if (b == null) {
            return Map.of();
        }
        if (!(b instanceof Map<?, ?> m)) {
            throw new Refused("Not a valid kubeconfig: " + what + " is not a mapping.");
        }
        return m;
    }

    private static @Nullable String checkCluster(Map<?, ?> cluster, String what, List<String> problems) {
        for (Object k : cluster.keySet()) {
            if (!CLUSTER_KEYS.contains(String.valueOf(k))) {
                problems.add(what + " has a field Bulkhead does not know");
            }
        }
        if (cluster.containsKey("certificate-authority")) {
            problems.add(what + " refers to a CA file (certificate-authority): paste certificate-authority-data");
        }
        if (Boolean.TRUE.equals(cluster.get("insecure-skip-tls-verify"))) {
            problems.add(what + " turns off TLS verification (insecure-skip-tls-verify): give "
                    + "certificate-authority-data instead");
        }
        if (cluster.containsKey("proxy-url")) {
            problems.add(what + " uses a proxy (proxy-url), which Bulkhead does not support");
        }
        if (cluster.containsKey("tls-server-name")) {
            problems.add(what + " sets tls-server-name, which Bulkhead does not support: use the name in the "
                    + "server certificate as the server URL");
        }
        Object server = cluster.get("server");
        if (!(server instanceof String s) || s.isBlank()) {
            problems.add(what + " has no server URL");
            return null;
        }
        checkServer(s, what, problems);
        Object ca = cluster.get("certificate-authority-data");
        if (ca != null && !(ca instanceof String)) {
            problems.add(what + ": certificate-authority-data is not a string");
        }
        return s.strip();
    }

    private static void checkUser(Map<?, ?> user, String what, List<String> problems) {
        for (Object k : user.keySet()) {
            if (!USER_KEYS.contains(String.valueOf(k))) {
                problems.add(what + " has a field Bulkhead does not know");
            }
        }
        if (user.containsKey("exec")) {
            problems.add(what + " uses an exec credential plugin (Bulkhead never runs commands from a kubeconfig)");
        }
        if (user.containsKey("auth-provider")) {
            problems.add(what + " uses an auth-provider plugin");
        }
        if (user.containsKey("tokenFile") || user.containsKey("token-file")) {
            problems.add(what + " refers to a token file (tokenFile): paste the token itself");
        }
        if (user.containsKey("client-certificate")) {
            problems.add(what + " refers to a certificate file (client-certificate): use client-certificate-data");
        }
        if (user.containsKey("client-key")) {
            problems.add(what + " refers to a key file (client-key): use client-key-data");
        }
        if (user.containsKey("username") || user.containsKey("password")) {
            problems.add(what + " uses a username and password (basic authentication), which Bulkhead does not "
                    + "accept: use a service-account token or a client certificate");
        }
        if (user.containsKey("as")
                || user.containsKey("as-uid")
                || user.containsKey("as-groups")
                || user.containsKey("as-user-extra")) {
            problems.add(what + " impersonates another user (as, as-groups), which Bulkhead does not support");
        }
        for (String k : List.of("token", "client-certificate-data", "client-key-data")) {
            Object v = user.get(k);
            if (v != null && !(v instanceof String)) {
                problems.add(what + ": " + k + " is not a string");
            }
        }
        if (!(user.get("token") instanceof String) && !(user.get("client-certificate-data") instanceof String)) {
            if (problems.isEmpty()) {
                problems.add(what + " has no inline credential");
            }
        }
    }

    private static void checkServer(String server, String what, List<String> problems) {
        URI u;
        try {
            u = URI.create(server.strip());
        } catch (IllegalArgumentException e) {
            problems.add(what + " has a server URL that is not a URL");
            return;
        }
        if (!"https".equalsIgnoreCase(u.getScheme())) {
            problems.add(what + ": the server URL must start with https:// (a token must not travel unencrypted)");
        } else if (u.getHost() == null) {
            problems.add(what + ": the server URL has no host");
        }
        if (u.getRawUserInfo() != null || u.getRawQuery() != null || u.getRawFragment() != null) {
            problems.add(what + ": the server URL must not carry a user, a query or a fragment");
        }
    }

    private static void checkPem(String base64, String field, String type, List<String> problems) {
        String pem;
        try {
            pem = new String(Base64.getMimeDecoder().decode(base64.strip()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            problems.add(field + " is not base64");
            return;
        }
        if (!pem.contains("-----BEGIN ") || !pem.contains(type + "-----")) {
            problems.add(field + " is not a PEM " + type.toLowerCase(java.util.Locale.ROOT));
        }
    }

    private static @Nullable String str(@Nullable Object o) {
        return o instanceof String s ? s : null;
    }

    /** A name from the kubeconfig, quoted, or a placeholder when it does not look like a name. */
    private static String shown(@Nullable String name) {
        return name != null && NAME.matcher(name).matches() ? '"' + name + '"' : "(unnamed)";
    }
}
