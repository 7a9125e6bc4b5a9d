package io.bulkhead.ui.shell;

import com.vaadin.flow.component.dependency.StyleSheet;
import com.vaadin.flow.component.page.AppShellConfigurator;
import com.vaadin.flow.component.page.Meta;
import com.vaadin.flow.component.page.Push;
import com.vaadin.flow.server.AppShellSettings;
import com.vaadin.flow.theme.lumo.Lumo;

/**
 * Page shell: Lumo theme, utility classes, the portal's own small stylesheet and its icon; server push (websocket,
 * falling back to long polling) for changes made on any replica ({@code LiveChanges}).
 */
@Push
@StyleSheet(Lumo.STYLESHEET)
@StyleSheet(Lumo.UTILITY_STYLESHEET)
@StyleSheet("styles/bulkhead.css")
@Meta(name = "description", content = "Bulkhead: self-service namespaces with enforced isolation")
public class AppShell implements AppShellConfigurator {

    /** The icon link (without one, every page's browser asks for /favicon.ico first). */
    @Override
    public void configurePage(AppShellSettings settings) {
        settings.addFavIcon("icon", "images/favicon.svg", "any");
    }
}
