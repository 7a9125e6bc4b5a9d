package io.bulkhead.exceptions;

/**
 * One team's exception debt at a moment: exceptions not closed yet ({@code open} = pending + in force), their mean
 * age in days since they were requested, and those in force that end within 7 days.
 */
public record ExceptionDebt(
        String team, int open, int pending, int inForce, double averageAgeDays, int expiringIn7Days) {}
