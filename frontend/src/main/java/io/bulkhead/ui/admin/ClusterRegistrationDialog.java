package io.bulkhead.ui.admin;

import com.vaadin.flow.component.HasValidation;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.radiobutton.RadioButtonGroup;
import com.vaadin.flow.component.textfield.PasswordField;
import com.vaadin.flow.component.textfield.TextArea;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.component.upload.Upload;
import com.vaadin.flow.server.streams.UploadHandler;
import io.bulkhead.clusters.ClusterRegistration;
import io.bulkhead.clusters.ClusterSummary;
import io.bulkhead.clusters.Clusters;
import io.bulkhead.identity.AccessDeniedException;
import io.bulkhead.platform.ValidationException;
import io.bulkhead.ui.components.FieldErrors;
import io.bulkhead.ui.components.Notices;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * Registers a cluster: a kubeconfig (pasted or uploaded), or an API URL with CA certificate and token. Credentials
 * go to {@link Clusters#register} and are never shown back: an uploaded kubeconfig is only named, not displayed.
 */
final class ClusterRegistrationDialog extends Dialog {
    private static final int MAX_KUBECONFIG = 256 * 1024;

    private final Clusters clusters;
    private final Consumer<ClusterSummary> onRegistered;
    private final TextField name = new TextField("Name");
    private final TextField description = new TextField("Description");
    private final RadioButtonGroup<ClusterRegistration.Kind> kind = new RadioButtonGroup<>("Connection");
    private final TextArea kubeconfig = new TextArea("Kubeconfig");
    private final Span uploaded = new Span();
    private final TextField apiUrl = new TextField("API server URL");
    private final TextArea caCert = new TextArea("CA certificate (PEM)");
    private final PasswordField token = new PasswordField("Service-account token");
    private final VerticalLayout kubeconfigPart;
    private final VerticalLayout tokenPart;
    private volatile byte @Nullable [] uploadedKubeconfig;

    ClusterRegistrationDialog(Clusters clusters, Consumer<ClusterSummary> onRegistered) {
        this.clusters = clusters;
        this.onRegistered = onRegistered;
        setHeaderTitle("Register a cluster");
        setId("cluster-register-dialog");
        setWidth("40rem");
        setMaxWidth("100%");

        name.setHelperText("1–40 lowercase letters, digits or '-'.");
        name.setRequired(true);
        name.setWidthFull();
        name.setId("cluster-name");
        description.setRequired(true);
        description.setMaxLength(100);
        description.setWidthFull();
        description.setId("cluster-description");
        kind.setItems(ClusterRegistration.Kind.values());
        kind.setItemLabelGenerator(k -> k == ClusterRegistration.Kind.KUBECONFIG ? "Kubeconfig" : "API URL + token");
        kind.setValue(ClusterRegistration.Kind.KUBECONFIG);
        kind.setId("cluster-kind");

        kubeconfig.setWidthFull();
        kubeconfig.setMinHeight("8rem");
        kubeconfig.setMaxHeight("16rem");
        kubeconfig.setPlaceholder("Paste a kubeconfig, or upload the file below.");
        kubeconfig.setHelperText("Inline credentials only (token, client-certificate-data/client-key-data, "
                + "certificate-authority-data): exec plugins, auth providers and file paths are refused. "
                + "kubectl config view --raw --minify --flatten writes one.");
        kubeconfig.addClassName("mono");
        kubeconfig.setId("cluster-kubeconfig");
        UI ui = UI.getCurrent();
        Upload upload = new Upload(UploadHandler.inMemory((meta, data) -> {
            uploadedKubeconfig = data;
            if (ui != null) {
                ui.access(() -> {
                    uploaded.setText(
                            "Loaded " + meta.fileName() + " (" + data.length + " bytes). Its content is not shown.");
                    kubeconfig.clear();
                    kubeconfig.setInvalid(false);
                });
            }
        }));
        upload.setMaxFiles(1);
        upload.setMaxFileSize(MAX_KUBECONFIG);
        upload.setDropLabel(new Span("or drop a kubeconfig file here"));
        upload.setId("cluster-kubeconfig-upload");
        upload.getElement().setAttribute("aria-label", "Upload a kubeconfig file");
        upload.addFileRemovedListener(e -> {
            uploadedKubeconfig = null;
            uploaded.setText("");
        });
        uploaded.addClassName("ns-muted");
        uploaded.setId("cluster-kubeconfig-uploaded");
        kubeconfig.addValueChangeListener(e -> {
            if (!e.getValue().isEmpty()) {
                uploadedKubeconfig = null;
                uploaded.setText("");
            }
        });
        kubeconfigPart = part(kubeconfig, upload, uploaded);

        apiUrl.setPlaceholder("https://10.0.0.1:6443");
        apiUrl.setWidthFull();
        apiUrl.setId("cluster-api-url");
        caCert.setWidthFull();
        caCert.setMinHeight("6rem");
        caCert.setMaxHeight("12rem");
        caCert.setPlaceholder("-----BEGIN CERTIFICATE-----");
        caCert.addClassName("mono");
        caCert.setId("cluster-ca-cert");
        token.setWidthFull();
        token.setRevealButtonVisible(false);
        token.setId("cluster-token");
        tokenPart = part(apiUrl, caCert, token);
        tokenPart.setVisible(false);
        kind.addValueChangeListener(e -> {
            boolean kc = e.getValue() == ClusterRegistration.Kind.KUBECONFIG;
            kubeconfigPart.setVisible(kc);
            tokenPart.setVisible(!kc);
        });

        VerticalLayout body = part(name, description, kind, kubeconfigPart, tokenPart);
        add(body);

        Button cancel = new Button("Cancel", e -> close());
        cancel.setId("cluster-register-cancel");
        Button save = new Button("Register", e -> onRegister());
        save.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        save.setId("cluster-register-submit");
        getFooter().add(cancel, save);
        addOpenedChangeListener(e -> {
            if (e.isOpened()) {
                name.focus();
            }
        });
    }

    private static VerticalLayout part(com.vaadin.flow.component.Component... c) {
        VerticalLayout v = new VerticalLayout(c);
        v.setPadding(false);
        v.setSpacing(false);
        return v;
    }

    private Map<String, HasValidation> fields() {
        Map<String, HasValidation> m = new LinkedHashMap<>();
        m.put("name", name);
        m.put("displayName", description);
        m.put("kubeconfig", kubeconfig);
        m.put("apiUrl", apiUrl);
        m.put("caCert", caCert);
        m.put("token", token);
        return m;
    }

    private void onRegister() {
        FieldErrors.clear(fields());
        boolean kc = kind.getValue() == ClusterRegistration.Kind.KUBECONFIG;
        byte[] file = uploadedKubeconfig;
        String config = kubeconfig.getValue().isBlank() && file != null
                ? new String(file, StandardCharsets.UTF_8)
                : kubeconfig.getValue();
        ClusterRegistration r = new ClusterRegistration(
                name.getValue().strip(),
                description.getValue(),
                kc ? ClusterRegistration.Kind.KUBECONFIG : ClusterRegistration.Kind.TOKEN,
                kc ? config : null,
                kc ? null : apiUrl.getValue(),
                kc ? null : caCert.getValue(),
                kc ? null : token.getValue());
        try {
            ClusterSummary c = clusters.register(r);
            close();
            Notices.success(
                    "Cluster " + c.name() + " registered: its API server answered and its identity is recorded.");
            onRegistered.accept(c);
        } catch (ValidationException ex) {
            FieldErrors.show(ex.fieldErrors(), fields());
        } catch (AccessDeniedException ex) {
            Notices.error(ex.getMessage());
        }
    }
}
