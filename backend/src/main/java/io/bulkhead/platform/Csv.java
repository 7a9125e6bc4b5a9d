package io.bulkhead.platform;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * CSV as spreadsheets read it (RFC 4180, CRLF line ends). A cell that a spreadsheet would run as a formula (starting
 * with {@code = + - @}, tab or CR) is prefixed with {@code '} and quoted, so an exported value never executes.
 */
public final class Csv {
    private Csv() {}

    /** One cell, quoted when needed; null is empty. */
    public static String cell(@Nullable String v) {
        if (v == null) {
            return "";
        }
        String s = v;
        if (!s.isEmpty() && "=+-@\t\r".indexOf(s.charAt(0)) >= 0) {
            s = "'" + s;
        }
        if (s.contains(",") || s.contains("\"") || s.contains("\n") || s.contains("\r") || !s.equals(v)) {
            return '"' + s.replace("\"", "\"\"") + '"';
        }
        return s;
    }

    /** One line: the cells joined by commas, ended by CRLF. */
    public static String row(List<? extends @Nullable Object> cells) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) {
                sb.append(',');
            }
            Object c = cells.get(i);
            sb.append(cell(c == null ? null : c.toString()));
        }
        return sb.append("\r\n").toString();
    }
}
