package io.bulkhead.clusters.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

/**
 * The only credentials Bulkhead keeps for a cluster: inline values, never a command, a plugin or a file path. The
 * API server URL ({@code https}), the CA certificate (base64 of PEM, as in a kubeconfig's
 * {@code certificate-authority-data}; absent means the JVM's trust store), and a bearer token and/or a client
 * certificate with its key (base64 of PEM). {@code toString} shows only the URL.
 */
public record ClusterCredentials(
        String server,
        @Nullable String caData,
        @Nullable String token,
        @Nullable String clientCertData,
        @Nullable String clientKeyData) {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int FORMAT = 2;

    /** The stored (to be encrypted) form. */
    public String toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("format", FORMAT);
        m.put("server", server);
        putIfPresent(m, "caData", caData);
        putIfPresent(m, "token", token);
        putIfPresent(m, "clientCertData", clientCertData);
        putIfPresent(m, "clientKeyData", clientKeyData);
        return JSON.writeValueAsString(m);
    }

    private static void putIfPresent(Map<String, Object> m, String k, @Nullable String v) {
        if (v != null) {
            m.put(k, v);
        }
    }

    /**
     * Reads stored credentials, re-validating them: rows written before the inline-only rule kept the whole
     * kubeconfig ({@code {"kubeconfig": ...}}) or the API URL form ({@code {"apiUrl", "caCert", "token"}}); both
     * go through {@link KubeconfigIntake} again, so a stored exec plugin or file path is refused, never used.
     *
     * @throws KubeconfigIntake.Refused with a message free of credential material
     */
    public static ClusterCredentials fromStored(String json) {
        Map<?, ?> m;
        try {
            m = JSON.readValue(json, Map.class);
        } catch (RuntimeException e) {
            throw new KubeconfigIntake.Refused("The stored credentials are not readable.");
        }
        if (m.get("kubeconfig") instanceof String kubeconfig) {
            return KubeconfigIntake.parse(kubeconfig);
        }
        if (m.get("apiUrl") instanceof String apiUrl) {
            return KubeconfigIntake.fromToken(apiUrl, str(m, "caCert"), str(m, "token"));
        }
        if (!Integer.valueOf(FORMAT).equals(m.get("format")) || !(m.get("server") instanceof String server)) {
            throw new KubeconfigIntake.Refused("The stored credentials have an unknown format.");
        }
        return KubeconfigIntake.checked(new ClusterCredentials(
                server, str(m, "caData"), str(m, "token"), str(m, "clientCertData"), str(m, "clientKeyData")));
    }

    private static @Nullable String str(Map<?, ?> m, String k) {
        return m.get(k) instanceof String s ? s : null;
    }

    @Override
    public String toString() {
        return "ClusterCredentials[server=" + server + ", credentials=***]";
    }
}
