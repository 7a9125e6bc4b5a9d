package io.bulkhead.ui.shell;

import com.vaadin.flow.component.Composite;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import io.bulkhead.exceptions.Notification;
import io.bulkhead.exceptions.Notifications;
import io.bulkhead.ui.components.Badges;
import io.bulkhead.ui.components.Notices;
import io.bulkhead.ui.components.Times;
import java.util.List;

/**
 * The in-app notifications of the signed-in user: a bell with the number of unread ones, and a list that marks
 * an entry read when it is opened.
 */
class NotificationBell extends Composite<HorizontalLayout> {
    private final Notifications notifications;
    private final Button bell = new Button(VaadinIcon.BELL.create());
    private final Span count = Badges.of("", "pill small error primary");

    NotificationBell(Notifications notifications) {
        this.notifications = notifications;
        bell.addThemeVariants(ButtonVariant.LUMO_TERTIARY, ButtonVariant.LUMO_ICON);
        bell.setId("notif-bell");
        bell.addClickListener(e -> openList());
        count.setId("notif-count");
        getContent().add(bell, count);
        getContent().setSpacing(false);
        getContent().setAlignItems(HorizontalLayout.Alignment.CENTER);
        refresh();
    }

    void refresh() {
        int n = notifications.unreadCount();
        count.setText(String.valueOf(n));
        count.setVisible(n > 0);
        bell.setAriaLabel(n == 0 ? "Notifications: none unread" : "Notifications: " + n + " unread");
    }

    private void openList() {
        Dialog d = new Dialog();
        d.setHeaderTitle("Notifications");
        d.setId("notif-dialog");
        d.setWidth("min(36rem, 95vw)");
        List<Notification> mine = notifications.mine(50);
        VerticalLayout list = new VerticalLayout();
        list.setPadding(false);
        list.setId("notif-list");
        if (mine.isEmpty()) {
            list.add(Notices.emptyState(
                    VaadinIcon.BELL_O, "No notifications", "Decisions and reminders about your requests appear here."));
        }
        for (Notification n : mine) {
            Span text = new Span(n.text());
            if (!n.read()) {
                text.getStyle().set("font-weight", "600");
            }
            Span when = Times.of(n.createdAt());
            when.getStyle()
                    .set("color", "var(--lumo-secondary-text-color)")
                    .set("font-size", "var(--lumo-font-size-s)");
            Div item = new Div(text, new Div(when));
            item.getStyle().set("cursor", "pointer").set("padding", "var(--lumo-space-xs) 0");
            item.getElement().setAttribute("role", "button");
            item.getElement().setAttribute("tabindex", "0");
            item.addClickListener(e -> {
                notifications.markRead(n.id());
                d.close();
                refresh();
                if (n.link() != null && n.link().startsWith("exceptions")) {
                    UI.getCurrent().navigate("exceptions");
                }
            });
            list.add(item);
        }
        d.add(list);
        Button all = new Button("Mark all read", e -> {
            notifications.markAllRead();
            d.close();
            refresh();
        });
        all.setId("notif-mark-all");
        Button close = new Button("Close", e -> d.close());
        close.addThemeVariants(ButtonVariant.LUMO_TERTIARY);
        d.getFooter().add(close, all);
        d.open();
    }
}
