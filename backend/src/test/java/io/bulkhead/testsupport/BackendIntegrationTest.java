package io.bulkhead.testsupport;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * A Spring Boot test of the backend against a real PostgreSQL. Every class with this annotation and no further
 * configuration shares one application context, hence one embedded database, per test JVM (Spring's context
 * cache). The database is shared: tests must not assume it is empty, and must not leave it broken.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@SpringBootTest(classes = BackendTestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.NONE)
public @interface BackendIntegrationTest {}
