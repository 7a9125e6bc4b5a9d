package io.bulkhead;

import io.bulkhead.audit.AuditLog;
import io.bulkhead.audit.ChainVerification;
import io.bulkhead.platform.RunningPostgres;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.util.StringUtils;

/**
 * {@code audit-verify}: verifies the audit chain against the configured database, the audit key and the latest
 * checkpoint, prints the result and returns the exit code: 0 intact, 1 broken, 2 could not verify (no database,
 * no key, wrong key, bad configuration).
 *
 * <p>With the embedded database, a portal may be running on the same data directory: then the command connects to
 * that running PostgreSQL (the port from its {@code postmaster.pid}) as the application role and never starts,
 * stops or migrates it. Otherwise it starts the embedded database itself, as the portal would.
 */
final class AuditVerifyCommand {

    static final int INTACT = 0;
    static final int BROKEN = 1;
    static final int NOT_VERIFIED = 2;

    private AuditVerifyCommand() {}

    static int run(String[] args, PrintStream out, PrintStream err) {
        try (ConfigurableApplicationContext ctx = new SpringApplicationBuilder(BulkheadApplication.class)
                .web(WebApplicationType.NONE)
                .profiles("cli")
                .listeners(new AttachToRunningDatabase(err))
                .logStartupInfo(false)
                .run(args)) {
            ChainVerification result = ctx.getBean(AuditLog.class).verifyAsSystem();
            (result.ok() ? out : err).println("Audit chain: " + result.summary());
            return switch (result.status()) {
                case INTACT -> INTACT;
                case BROKEN -> BROKEN;
                case NOT_VERIFIED -> NOT_VERIFIED;
            };
        } catch (RuntimeException | LinkageError e) {
            err.println("Audit chain: could not verify: " + rootMessage(e));
            return NOT_VERIFIED;
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        String m = t.getMessage();
        return m == null ? t.getClass().getSimpleName() : m;
    }

    /** Points the command at the running embedded PostgreSQL instead of starting a second one on its files. */
    static final class AttachToRunningDatabase implements ApplicationListener<ApplicationEnvironmentPreparedEvent> {
        private final PrintStream err;

        AttachToRunningDatabase(PrintStream err) {
            this.err = err;
        }

        @Override
        public void onApplicationEvent(ApplicationEnvironmentPreparedEvent event) {
            ConfigurableEnvironment env = event.getEnvironment();
            String dir = env.getProperty("bulkhead.db.embedded-dir");
            if (StringUtils.hasText(env.getProperty("bulkhead.db.url")) || !StringUtils.hasText(dir)) {
                return;
            }
            Optional<RunningPostgres> running =
                    RunningPostgres.on(Path.of(dir).toAbsolutePath().resolve("data"));
            if (running.isEmpty()) {
                return;
            }
            RunningPostgres pg = running.get();
            if (pg.port() <= 0) {
                throw new IllegalStateException("The embedded PostgreSQL on " + pg.dataDirectory()
                        + " is starting (pid " + pg.pid() + "); try again when the portal is up");
            }
            String url = "jdbc:postgresql://localhost:" + pg.port() + "/postgres";
            Map<String, Object> p = new HashMap<>();
            p.put("bulkhead.db.url", url);
            p.put("spring.datasource.url", url);
            p.put("spring.datasource.username", RunningPostgres.EMBEDDED_APP_ROLE);
            p.put("spring.datasource.password", env.getProperty("bulkhead.db.embedded-app-password", ""));
            p.put("spring.datasource.hikari.maximum-pool-size", "2");
            // the running portal owns its schema: a verifier never migrates it
            p.put("spring.flyway.enabled", "false");
            env.getPropertySources().addFirst(new MapPropertySource("auditVerifyAttach", p));
            err.println("Audit chain: using the running embedded PostgreSQL (pid " + pg.pid() + ", port " + pg.port()
                    + ") of " + pg.dataDirectory());
        }
    }
}
