package io.bulkhead.audit.internal;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The canonical encoding that audit hashes are computed over. JSON values are written with sorted keys, no
 * whitespace and normalised numbers, so that what PostgreSQL's jsonb gives back hashes like what was written.
 * Fields are length-prefixed, so no value can be shifted into its neighbour.
 */
public final class CanonicalEncoding {

    public static final String GENESIS = "0".repeat(64);
    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.USE_BIG_INTEGER_FOR_INTS)
            .build();

    private CanonicalEncoding() {}

    /** Time as stored by PostgreSQL (microseconds). */
    public static Instant truncate(Instant t) {
        return t.truncatedTo(ChronoUnit.MICROS);
    }

    public static @Nullable String json(@Nullable Map<String, ?> value) {
        return value == null ? null : write(value);
    }

    /** Re-encodes JSON text (e.g. from jsonb) canonically. */
    public static @Nullable String canonicalJson(@Nullable String text) {
        if (text == null) {
            return null;
        }
        return write(JSON.readValue(text, Object.class));
    }

    private static String write(Object value) {
        StringBuilder sb = new StringBuilder();
        write(sb, value);
        return sb.toString();
    }

    private static void write(StringBuilder sb, @Nullable Object v) {
        switch (v) {
            case null -> sb.append("null");
            case Map<?, ?> m -> {
                TreeMap<String, Object> sorted = new TreeMap<>();
                m.forEach((k, val) -> sorted.put(String.valueOf(k), val));
                sb.append('{');
                boolean first = true;
                for (var e : sorted.entrySet()) {
                    if (!first) {
                        sb.append(',');
                    }
                    first = false;
                    string(sb, e.getKey());
                    sb.append(':');
                    write(sb, e.getValue());
                }
                sb.append('}');
            }
            case List<?> l -> {
                sb.append('[');
                for (int i = 0; i < l.size(); i++) {
                    if (i > 0) {
                        sb.append(',');
                    }
                    write(sb, l.get(i));
                }
                sb.append(']');
            }
            case Object[] a -> write(sb, List.of(a));
            case Boolean b -> sb.append(b);
            case BigDecimal d -> sb.append(number(d));
            case BigInteger i -> sb.append(i);
            case Integer i -> sb.append(i);
            case Long l -> sb.append(l);
            case Short s -> sb.append(s);
            case Double d -> sb.append(number(BigDecimal.valueOf(d)));
            case Float f -> sb.append(number(new BigDecimal(f.toString())));
            default -> string(sb, v.toString());
        }
    }

    private static String number(BigDecimal d) {
        BigDecimal s = d.stripTrailingZeros();
        return s.scale() <= 0 ? s.toBigIntegerExact().toString() : s.toPlainString();
    }

    private static void string(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }

    /** SHA-256 over the length-prefixed fields of one event, the previous hash included. */
    public static String hash(List<@Nullable Object> fields) {
        return sha256(encode(fields));
    }

    /**
     * The length-prefixed text of one event's fields: what its hash and its MAC are computed over. A null field is
     * {@code -;}, anything else {@code <length>:<text>;} (instants as ISO-8601 UTC, microseconds).
     */
    public static String encode(List<@Nullable Object> fields) {
        StringBuilder sb = new StringBuilder();
        for (Object f : fields) {
            if (f == null) {
                sb.append("-;");
            } else {
                String s = f instanceof Instant t ? DateTimeFormatter.ISO_INSTANT.format(truncate(t)) : f.toString();
                sb.append(s.length()).append(':').append(s).append(';');
            }
        }
        return sb.toString();
    }

    /** SHA-256 of the UTF-8 bytes, as 64 lower-case hex digits. */
    public static String sha256(String text) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(md.digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
