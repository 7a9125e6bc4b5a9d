package io.bulkhead.ui;

import com.microsoft.playwright.Page;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.AfterTestExecutionCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.Namespace;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Runs browser tests against one packaged portal for the whole test run. The app process and Chromium live in the
 * root store (shared by every test class, closed by JUnit at the end of the run); each test gets its own
 * {@link Portal} whose browser contexts are closed after the test. A failing test leaves screenshots of its open
 * pages under {@code screenshots/failures/}.
 *
 * <p>Tests declare {@code Portal portal} (or {@code BulkheadApp app}) as a parameter.
 */
public final class BulkheadExtension implements ParameterResolver, AfterTestExecutionCallback {

    private static final Namespace NS = Namespace.create(BulkheadExtension.class);

    static BulkheadApp app(ExtensionContext context) {
        return context.getRoot()
                .getStore(NS)
                .computeIfAbsent(BulkheadApp.class, k -> SharedApp.get(), BulkheadApp.class);
    }

    static Chromium chromium(ExtensionContext context) {
        return context.getRoot().getStore(NS).computeIfAbsent(Chromium.class, k -> Chromium.launch(), Chromium.class);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == Portal.class || type == BulkheadApp.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        if (parameter.getParameter().getType() == BulkheadApp.class) {
            return app(context);
        }
        BulkheadApp app = app(context);
        Timings timings =
                context.getRoot().getStore(NS).computeIfAbsent(Timings.class, k -> new Timings(app), Timings.class);
        return context.getStore(NS)
                .computeIfAbsent(Portal.class, k -> new Portal(app, chromium(context), timings), Portal.class);
    }

    @Override
    public void afterTestExecution(ExtensionContext context) {
        if (context.getExecutionException().isEmpty()) {
            return;
        }
        Portal portal = context.getStore(NS).get(Portal.class, Portal.class);
        if (portal == null) {
            return;
        }
        String base = context.getRequiredTestClass().getSimpleName() + "-"
                + context.getRequiredTestMethod().getName()
                + context.getDisplayName().replaceAll("[^A-Za-z0-9_-]+", "_");
        int i = 0;
        for (Page page : portal.openPages()) {
            try {
                Path file = Screenshots.dir().resolve("failures").resolve(base + "-" + (i++) + ".png");
                page.screenshot(new Page.ScreenshotOptions().setPath(file).setFullPage(true));
                System.err.println("[ui-tests] failure screenshot " + file + " of " + page.url());
            } catch (RuntimeException e) {
                System.err.println("[ui-tests] could not take a failure screenshot: " + e);
            }
        }
    }

    /**
     * One app per JVM, started at most once: if the first start fails, later test classes get the same failure at
     * once instead of waiting for another timeout.
     */
    private static final class SharedApp {
        private static BulkheadApp app;
        private static RuntimeException failure;

        static synchronized BulkheadApp get() {
            if (failure != null) {
                throw new IllegalStateException("The portal failed to start earlier in this run", failure);
            }
            if (app == null) {
                try {
                    String external = System.getProperty("bulkhead.url", "");
                    app = external.isBlank() ? BulkheadApp.start() : BulkheadApp.external(external);
                } catch (RuntimeException e) {
                    failure = e;
                    throw e;
                }
            }
            return app;
        }
    }
}
