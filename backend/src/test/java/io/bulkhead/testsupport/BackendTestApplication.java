package io.bulkhead.testsupport;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Import;

/**
 * The backend without the UI, for integration tests: every feature under {@code io.bulkhead} plus the platform's
 * embedded PostgreSQL (one per Spring test context, under {@code target/embedded-pg/}, see
 * {@link TestDatabaseDirectory}). It lives in its own package, not in {@code io.bulkhead}, so that tests of the
 * frontend module (which see this class through the backend test-jar) still find only {@code BulkheadApplication}
 * when Spring Boot searches for a {@code @SpringBootConfiguration}. Use it through {@link BackendIntegrationTest}.
 */
@SpringBootApplication(scanBasePackages = "io.bulkhead")
@Import(TestDatabaseDirectory.class)
public class BackendTestApplication {}
