package io.bulkhead.clusters;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What an admin enters to register a cluster: a kubeconfig, or an API URL with CA certificate and bearer token.
 * {@link #validate()} returns a message per invalid field (empty when valid). {@code toString} never shows secrets.
 */
public record ClusterRegistration(
        String name,
        String displayName,
        Kind kind,
        @Nullable String kubeconfig,
        @Nullable String apiUrl,
        @Nullable String caCert,
        @Nullable String token) {

    public enum Kind {
        KUBECONFIG,
        TOKEN
    }

    public Map<String, String> validate() {
        Map<String, String> errors = new LinkedHashMap<>();
        if (name == null || !name.matches("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$") || name.length() > 40) {
            errors.put(
                    "name", "Use 1–40 lowercase letters, digits or '-', starting and ending with a letter or digit.");
        }
        if (displayName == null || displayName.isBlank() || displayName.length() > 100) {
            errors.put("displayName", "Give a description of 1–100 characters.");
        }
        if (kind == Kind.KUBECONFIG) {
            if (kubeconfig == null || kubeconfig.isBlank()) {
                errors.put("kubeconfig", "Paste or upload a kubeconfig.");
            } else if (kubeconfig.length() > 256 * 1024) {
                errors.put("kubeconfig", "The kubeconfig is larger than 256 KiB.");
            }
            // what the kubeconfig may contain (inline credentials only) is checked when it is parsed
        } else {
            if (apiUrl == null || !validHttpsUrl(apiUrl)) {
                errors.put("apiUrl", "Enter the API server URL, e.g. https://10.0.0.1:6443.");
            }
            if (caCert == null || !caCert.contains("-----BEGIN CERTIFICATE-----")) {
                errors.put(
                        "caCert", "Paste the cluster CA certificate (PEM, starting with -----BEGIN CERTIFICATE-----).");
            }
            if (token == null
                    || token.isBlank()
                    || token.length() > 16 * 1024
                    || token.strip().contains(" ")) {
                errors.put("token", "Paste the service-account token (one line, no spaces).");
            }
        }
        return errors;
    }

    private static boolean validHttpsUrl(String s) {
        try {
            URI u = URI.create(s.strip());
            return "https".equals(u.getScheme()) && u.getHost() != null;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    @Override
    public String toString() {
        return "ClusterRegistration[name=" + name + ", kind=" + kind + ", apiUrl=" + apiUrl + ", credentials=***]";
    }
}
