package io.bulkhead.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Every screen of every role at 1280×800: no grid's columns and no page run past the right edge. Each screen is
 * saved as a screenshot (to look at) and every overflow is reported at once, by screen and grid.
 */
@ExtendWith(BulkheadExtension.class)
class ScreensFitIT {

    private static final Map<DemoUser, List<String>> SCREENS = new java.util.LinkedHashMap<>();

    static {
        SCREENS.put(
                DemoUser.DEV_ALICE,
                List.of("", "namespaces", "namespaces/new", "exceptions", "compliance", "inventory", "audit"));
        SCREENS.put(DemoUser.REVIEWER, List.of("", "reviews", "exceptions", "audit"));
        SCREENS.put(DemoUser.MANAGER, List.of("", "compliance/dashboard", "compliance"));
        SCREENS.put(DemoUser.ADMIN, List.of("", "namespaces", "inventory", "audit", "admin", "tokens"));
    }

    @Test
    void everyScreenOfEveryRoleFitsA1280PixelWindow(Portal portal) {
        List<String> overflows = new ArrayList<>();
        for (var e : SCREENS.entrySet()) {
            Shell shell = portal.loginAs(e.getKey());
            for (String path : e.getValue()) {
                shell.open(path);
                String name = "fit-" + e.getKey().username() + "-" + (path.isEmpty() ? "home" : path.replace('/', '-'));
                Screenshots.save(shell.page(), name);
                Layouts.overflows(shell.page()).forEach(o -> overflows.add(name + " → " + o));
            }
        }
        assertThat(overflows).as("screens that run past 1280 px").isEmpty();
    }
}
