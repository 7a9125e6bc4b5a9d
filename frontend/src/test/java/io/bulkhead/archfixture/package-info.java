/**
 * Deliberately broken (and some well-behaved) classes for {@code ArchitectureRulesSelfTest}: each proves that an
 * architecture rule fails when broken. Test code only; never imported by the real architecture checks.
 */
package io.bulkhead.archfixture;
