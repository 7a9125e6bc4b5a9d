package io.bulkhead;

import io.bulkhead.audit.AuditLog;
import io.bulkhead.audit.ChainVerification;
import io.bulkhead.security.OidcProperties;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The Bulkhead portal. {@code java -jar bulkhead.jar} runs the portal; {@code java -jar bulkhead.jar audit-verify}
 * verifies the audit hash chain against the configured database and exits 0 (intact) or 1 (broken).
 */
@SpringBootApplication
@EnableConfigurationProperties(OidcProperties.class)
public class BulkheadApplication {

    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals("audit-verify")) {
            System.exit(verifyAudit(args));
        }
        SpringApplication.run(BulkheadApplication.class, args);
    }

    static int verifyAudit(String[] args) {
        try (ConfigurableApplicationContext ctx = new SpringApplicationBuilder(BulkheadApplication.class)
                .web(WebApplicationType.NONE)
                .profiles("cli")
                .run(args)) {
            ChainVerification result = ctx.getBean(AuditLog.class).verifyAsSystem();
            System.out.println("Audit chain: " + result.summary());
            return result.ok() ? 0 : 1;
        }
    }
}
