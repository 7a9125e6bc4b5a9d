package io.bulkhead.api;

import io.bulkhead.BulkheadApplication;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * The whole portal on a random port (real HTTP, real PostgreSQL, the real kube-apiserver of {@code KubeTestEnv})
 * for tests of the REST API. Every class with this annotation shares one application context (Spring's context
 * cache), so they share the database: tests use names of their own.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@ExtendWith(FreshApiDatabase.class)
@SpringBootTest(
        classes = BulkheadApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "vaadin.productionMode=true",
            "vaadin.launch-browser=false",
            "spring.main.banner-mode=off",
            "bulkhead.db.url=",
            "bulkhead.db.embedded-dir=target/api-pg",
            "bulkhead.db.embedded-port=0",
            "bulkhead.db.embedded-app-password=bulkhead-test",
            "bulkhead.db.pool-size=20",
            "bulkhead.demo-data=false",
            "bulkhead.local-cluster.enabled=false",
            "bulkhead.credentials.key=6jtzhsVUeY/EzjONW9bQrAD0KrNhoBGpirV78BylU4k=",
            "bulkhead.audit.key=q2Cz9l0Ww3sXDaUO2cI1Yw3bC1mP0vYpA8YbJ0k8yX4=",
            "bulkhead.audit.signing-key-file=target/api-test-keys/audit-signing.key",
            "bulkhead.audit.checkpoint-file=target/api-test-keys/audit-checkpoints.jsonl",
            "bulkhead.audit.checkpoint-interval=1h",
            "bulkhead.reconcile.interval=1h",
            "bulkhead.clusters.probe-interval=1h",
            "bulkhead.clusters.allow-shared-api-server=true",
            "bulkhead.inventory.sync-interval=1h",
            "bulkhead.inventory.watch=false",
            "bulkhead.api.rate-limit-per-token=150",
            "bulkhead.api.rate-limit-per-user=300",
            "bulkhead.api.token-max-days=30",
            "db-scheduler.polling-interval=500ms",
            "logging.level.root=WARN",
            "logging.level.io.bulkhead=INFO"
        })
public @interface ApiIntegrationTest {}
