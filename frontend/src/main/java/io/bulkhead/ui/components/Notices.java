package io.bulkhead.ui.components;

import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.icon.Icon;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.notification.NotificationVariant;

/** Shared UI bits: empty states and notifications, so every view says things the same way. */
public final class Notices {
    private Notices() {}

    /** A clear empty state: what is missing, and what to do about it. */
    public static Div emptyState(VaadinIcon icon, String title, String explanation) {
        Icon i = icon.create();
        i.addClassName("empty-state-icon");
        i.getElement().setAttribute("aria-hidden", "true");
        Div box = new Div(i, new H3(title), new Paragraph(explanation));
        box.addClassName("empty-state");
        box.getElement().setAttribute("role", "status");
        return box;
    }

    public static void success(String text) {
        Notification n = Notification.show(text, 4000, Notification.Position.BOTTOM_START);
        n.addThemeVariants(NotificationVariant.LUMO_SUCCESS);
    }

    public static void error(String text) {
        Notification n = Notification.show(text, 8000, Notification.Position.MIDDLE);
        n.addThemeVariants(NotificationVariant.LUMO_ERROR);
    }
}
