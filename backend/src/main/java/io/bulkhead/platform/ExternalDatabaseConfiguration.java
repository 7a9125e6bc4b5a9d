package io.bulkhead.platform;

import org.springframework.boot.flyway.autoconfigure.FlywayConfigurationCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.util.StringUtils;

/**
 * With an external database, Flyway may migrate as a separate owner role ({@code BULKHEAD_DB_MIGRATION_USER}) so
 * that the application's own role holds no more than it needs; without one, it migrates as the application role.
 */
@Configuration(proxyBeanMethods = false)
class ExternalDatabaseConfiguration {

    @Bean
    FlywayConfigurationCustomizer bulkheadMigrationUser(Environment env) {
        return configuration -> {
            String url = env.getProperty("bulkhead.db.url");
            String user = env.getProperty("bulkhead.db.migration-user");
            if (StringUtils.hasText(url) && StringUtils.hasText(user)) {
                configuration.dataSource(url, user, env.getProperty("bulkhead.db.migration-password", ""));
            }
        };
    }
}
