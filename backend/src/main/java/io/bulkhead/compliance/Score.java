package io.bulkhead.compliance;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Collection;

/**
 * A weighted pass ratio, 0–100 with one decimal.
 *
 * <p>Each finding weighs its control's severity ({@link Severity#weight()}: CRITICAL 10, HIGH 5, MEDIUM 3, LOW 1).
 * {@code score = 100 × Σ weight(PASS) / Σ weight(PASS or FAIL)}. WAIVED findings are still evaluated and counted
 * apart, but are <em>excluded from the denominator</em>: an exception neither raises nor lowers the score, so
 * waiving is never a way to a perfect score, and the waived count shows the debt. ADVICE findings (controls the
 * tier does not promise) are outside the score and the counts. With nothing to evaluate the score is 100.
 */
public record Score(BigDecimal value, int passed, int failed, int waived) {

    public static Score of(Collection<Finding> findings) {
        long num = 0;
        long den = 0;
        int p = 0;
        int f = 0;
        int w = 0;
        for (Finding x : findings) {
            int weight = x.severity().weight();
            switch (x.result()) {
                case PASS -> {
                    num += weight;
                    den += weight;
                    p++;
                }
                case FAIL -> {
                    den += weight;
                    f++;
                }
                case WAIVED -> w++;
                case ADVICE -> {}
            }
        }
        BigDecimal v = den == 0
                ? BigDecimal.valueOf(100).setScale(1, RoundingMode.UNNECESSARY)
                : BigDecimal.valueOf(num * 100).divide(BigDecimal.valueOf(den), 1, RoundingMode.HALF_UP);
        return new Score(v, p, f, w);
    }
}
