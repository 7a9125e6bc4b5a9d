package io.bulkhead.ui.shell;

import com.vaadin.flow.component.AttachEvent;
import com.vaadin.flow.component.ComponentUtil;
import com.vaadin.flow.component.DetachEvent;
import com.vaadin.flow.component.applayout.AppLayout;
import com.vaadin.flow.component.applayout.DrawerToggle;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H1;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.sidenav.SideNav;
import com.vaadin.flow.component.sidenav.SideNavItem;
import com.vaadin.flow.router.AfterNavigationEvent;
import com.vaadin.flow.router.AfterNavigationObserver;
import com.vaadin.flow.router.Layout;
import com.vaadin.flow.shared.Registration;
import com.vaadin.flow.spring.security.AuthenticationContext;
import com.vaadin.flow.theme.lumo.LumoUtility;
import io.bulkhead.identity.CurrentUser;
import io.bulkhead.identity.CurrentUsers;
import io.bulkhead.identity.Role;
import io.bulkhead.platform.DatabaseNotifications;
import io.bulkhead.provisioning.Namespaces;
import io.bulkhead.ui.components.Badges;
import io.bulkhead.ui.components.LiveChanges;
import io.bulkhead.ui.components.ReviewsChanged;
import jakarta.annotation.security.PermitAll;
import org.jspecify.annotations.Nullable;

/**
 * The application shell: navigation filtered by role (the server enforces the same rules on every view), and the
 * signed-in user's name, teams and role with a logout button.
 */
@Layout
@PermitAll
public class MainLayout extends AppLayout implements AfterNavigationObserver {

    private final Namespaces namespaces;
    private final @Nullable Span reviewCount;
    private @Nullable Registration reviewsListener;

    public MainLayout(
            AuthenticationContext auth,
            CurrentUsers users,
            Namespaces namespaces,
            io.bulkhead.exceptions.Notifications notifications,
            DatabaseNotifications changes) {
        this.namespaces = namespaces;
        CurrentUser user = users.require();
        H1 title = new H1("Bulkhead");
        title.addClassNames(LumoUtility.FontSize.LARGE, LumoUtility.Margin.NONE);

        Span name = new Span(user.displayName());
        name.addClassNames(LumoUtility.FontWeight.SEMIBOLD);
        name.setId("current-user-name");
        Span role = Badges.of(user.primaryRoleLabel(), "contrast");
        role.setId("current-user-role");
        Span teams = teamsBadge(user);
        teams.setId("current-user-teams");
        Button logout = new Button("Log out", VaadinIcon.SIGN_OUT.create(), e -> auth.logout());
        logout.addThemeVariants(ButtonVariant.LUMO_TERTIARY);
        logout.setId("logout");
        logout.setAriaLabel("Log out of Bulkhead");

        // the user's API tokens (ui.tokens) by route name: the shell links to no feature screen's class
        Button apiTokens = new Button(
                "API tokens",
                VaadinIcon.KEY.create(),
                e -> e.getSource().getUI().ifPresent(ui -> ui.navigate("tokens")));
        apiTokens.addThemeVariants(ButtonVariant.LUMO_TERTIARY);
        apiTokens.setId("api-tokens");
        apiTokens.setAriaLabel("Your API tokens");

        bell = new NotificationBell(notifications);
        HorizontalLayout userBox = new HorizontalLayout(bell, name, teams, role, apiTokens, logout);
        userBox.setAlignItems(FlexComponent.Alignment.CENTER);
        userBox.addClassNames(LumoUtility.Margin.Left.AUTO, LumoUtility.Margin.Right.MEDIUM);
        userBox.getElement().setAttribute("aria-label", "Signed-in user");

        DrawerToggle toggle = new DrawerToggle();
        toggle.setAriaLabel("Toggle navigation");
        HorizontalLayout header = new HorizontalLayout(toggle, title, userBox);
        header.setWidthFull();
        header.setAlignItems(FlexComponent.Alignment.CENTER);
        addToNavbar(header);

        SideNav nav = new SideNav();
        nav.getElement().setAttribute("aria-label", "Main navigation");
        nav.addItem(new SideNavItem("Dashboard", "", VaadinIcon.DASHBOARD.create()));
        nav.addItem(new SideNavItem("Namespaces", "namespaces", VaadinIcon.CUBES.create()));
        if (user.hasAny(Role.REVIEWER, Role.ADMIN)) {
            SideNavItem reviews = new SideNavItem("Reviews", "reviews", VaadinIcon.CHECK_SQUARE_O.create());
            reviewCount = Badges.of("", "pill small contrast");
            reviewCount.setId("nav-review-count");
            reviews.setSuffixComponent(reviewCount);
            nav.addItem(reviews);
        } else {
            reviewCount = null;
        }
        nav.addItem(new SideNavItem("Teams", "teams", VaadinIcon.GROUP.create()));
        nav.addItem(new SideNavItem("Exceptions", "exceptions", VaadinIcon.SHIELD.create()));
        nav.addItem(new SideNavItem("Inventory", "inventory", VaadinIcon.LIST.create()));
        nav.addItem(new SideNavItem("Compliance", "compliance", VaadinIcon.CHART.create()));
        nav.addItem(new SideNavItem("Score dashboard", "compliance/dashboard", VaadinIcon.BAR_CHART.create()));
        nav.addItem(new SideNavItem("Audit", "audit", VaadinIcon.RECORDS.create()));
        nav.addItem(new SideNavItem("Notifications", "webhooks", VaadinIcon.CONNECT.create()));
        if (user.has(Role.ADMIN)) {
            nav.addItem(new SideNavItem("Admin", "admin", VaadinIcon.COG.create()));
        }
        Div navWrap = new Div(nav);
        navWrap.addClassNames(LumoUtility.Padding.SMALL);
        addToDrawer(navWrap);
        setPrimarySection(Section.DRAWER);
        // changes made on any replica (LISTEN/NOTIFY), pushed to this UI
        LiveChanges.refreshOn(this, changes, DatabaseNotifications.NOTIFICATION, p -> true, bell::refresh);
        if (reviewCount != null) {
            LiveChanges.refreshOn(this, changes, DatabaseNotifications.NAMESPACE, p -> true, this::refreshReviewCount);
        }
    }

    @Override
    protected void onAttach(AttachEvent attachEvent) {
        super.onAttach(attachEvent);
        reviewsListener =
                ComponentUtil.addListener(attachEvent.getUI(), ReviewsChanged.class, e -> refreshReviewCount());
    }

    @Override
    protected void onDetach(DetachEvent detachEvent) {
        if (reviewsListener != null) {
            reviewsListener.remove();
            reviewsListener = null;
        }
        super.onDetach(detachEvent);
    }

    /** Keeps the number of waiting reviews current as the user moves around. */
    @Override
    public void afterNavigation(AfterNavigationEvent event) {
        refreshReviewCount();
        bell.refresh();
    }

    private final NotificationBell bell;

    /** "Team a, b"; "All teams" for roles that see every team; "No team" for anyone else (nothing to show yet). */
    static Span teamsBadge(CurrentUser user) {
        if (!user.teams().isEmpty()) {
            return Badges.of("Team " + String.join(", ", user.teams()), "");
        }
        if (user.seesAllTeams()) {
            return Badges.of("All teams", "");
        }
        Span none = Badges.of("No team", "contrast");
        none.getElement().setAttribute("title", "You are in no team yet: ask your platform team to add you to one");
        return none;
    }

    private void refreshReviewCount() {
        if (reviewCount != null) {
            int n = namespaces.reviewQueue().size();
            reviewCount.setText(String.valueOf(n));
            reviewCount.setVisible(n > 0);
            reviewCount.getElement().setAttribute("aria-label", n + " waiting for review");
        }
    }
}
