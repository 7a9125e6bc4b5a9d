package io.bulkhead.provisioning.internal;

import io.fabric8.kubernetes.api.model.Quantity;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;

/** Kubernetes quantities, parsed and compared the way the API server does (fabric8's {@link Quantity}). */
public final class Quantities {
    private static final BigDecimal GI = new BigDecimal(BigInteger.TWO.pow(30));
    private static final BigDecimal MI = new BigDecimal(BigInteger.TWO.pow(20));
    private static final BigDecimal KI = new BigDecimal(BigInteger.TWO.pow(10));
    private static final BigDecimal THOUSAND = BigDecimal.valueOf(1000);

    private Quantities() {}

    /**
     * The amount of a quantity (cores for CPU, bytes for memory); throws {@link IllegalArgumentException} when the
     * text is not a Kubernetes quantity.
     */
    public static BigDecimal amount(String text) {
        if (text == null || text.isBlank() || !text.equals(text.strip())) {
            throw new IllegalArgumentException("not a quantity: " + text);
        }
        try {
            return Quantity.getAmountInBytes(Quantity.parse(text));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("not a quantity: " + text, e);
        }
    }

    /** An amount of CPU in cores as a quantity: whole or decimal cores, or millicores below one core. */
    public static String cpu(BigDecimal cores) {
        if (cores.signum() != 0 && cores.abs().compareTo(BigDecimal.ONE) < 0) {
            return cores.multiply(THOUSAND).setScale(0, RoundingMode.CEILING).toPlainString() + "m";
        }
        return cores.stripTrailingZeros().toPlainString();
    }

    /** An amount of bytes as a quantity in the largest binary unit (Gi, Mi, Ki) that divides it, else bytes. */
    public static String bytes(BigDecimal bytes) {
        for (var unit : new Object[][] {{GI, "Gi"}, {MI, "Mi"}, {KI, "Ki"}}) {
            BigDecimal size = (BigDecimal) unit[0];
            BigDecimal[] qr = bytes.divideAndRemainder(size);
            if (qr[1].signum() == 0 && qr[0].signum() != 0) {
                return qr[0].stripTrailingZeros().toPlainString() + unit[1];
            }
        }
        return bytes.stripTrailingZeros().toPlainString();
    }
}
