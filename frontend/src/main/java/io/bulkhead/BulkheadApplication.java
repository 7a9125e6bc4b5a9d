package io.bulkhead;

import io.bulkhead.security.OidcProperties;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;

/**
 * The Bulkhead portal. {@code java -jar bulkhead.jar} runs the portal; {@code java -jar bulkhead.jar audit-verify}
 * verifies the audit chain (beside a running portal too) and exits 0 (intact), 1 (broken) or 2 (could not verify).
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
        return AuditVerifyCommand.run(args, System.out, System.err);
    }
}
