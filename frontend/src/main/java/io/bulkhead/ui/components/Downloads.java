package io.bulkhead.ui.components;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.AttachmentType;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.server.streams.DownloadEvent;
import com.vaadin.flow.server.streams.DownloadHandler;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;

/** Download buttons. */
public final class Downloads {
    private Downloads() {}

    /** A "CSV" button that downloads what {@code csv} returns when clicked (computed then, for the signed-in user). */
    public static Anchor csv(String id, String fileName, String ariaLabel, Supplier<String> csv) {
        DownloadHandler handler = (DownloadEvent event) -> {
            event.setFileName(fileName);
            event.setContentType("text/csv; charset=utf-8");
            try (OutputStream out = event.getOutputStream()) {
                out.write(csv.get().getBytes(StandardCharsets.UTF_8));
            }
        };
        Anchor a = new Anchor(handler, AttachmentType.DOWNLOAD, "");
        Button b = new Button("CSV", VaadinIcon.DOWNLOAD.create());
        b.addThemeVariants(ButtonVariant.LUMO_TERTIARY);
        b.setTabIndex(-1);
        a.add(b);
        a.setId(id);
        a.getElement().setAttribute("aria-label", ariaLabel);
        return a;
    }
}
