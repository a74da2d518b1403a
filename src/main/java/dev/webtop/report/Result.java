package dev.webtop.report;

import dev.webtop.base.Json;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** A report's rows with named columns, printed as a table, CSV or JSON lines. */
public record Result(List<String> columns, List<List<Object>> rows) {

    /** Values as reports print them: times as instants, whole numbers as longs, others as doubles. */
    static Object normalise(Object value) {
        if (value instanceof java.sql.Timestamp time) {
            return time.toInstant();
        }
        if (value instanceof BigDecimal number) {
            return number.scale() <= 0 || number.stripTrailingZeros().scale() <= 0 ? (Object) number.longValue()
                : (Object) number.doubleValue();
        }
        if (value instanceof Integer || value instanceof Short) {
            return ((Number) value).longValue();
        }
        if (value instanceof Float f) {
            return f.doubleValue();
        }
        return value;
    }

    /** The same rows with one column named differently. */
    public Result renamed(String column, String name) {
        List<String> names = new ArrayList<>(columns);
        names.set(columns.indexOf(column), name);
        return new Result(List.copyOf(names), rows);
    }

    public Object value(int row, String column) {
        return rows.get(row).get(columns.indexOf(column));
    }

    public List<Map<String, Object>> maps() {
        List<Map<String, Object>> maps = new ArrayList<>();
        for (List<Object> row : rows) {
            Map<String, Object> map = new LinkedHashMap<>();
            for (int c = 0; c < columns.size(); c++) {
                map.put(columns.get(c), row.get(c));
            }
            maps.add(map);
        }
        return maps;
    }

    public void printJsonLines(PrintWriter out) {
        maps().forEach(map -> out.println(Json.write(map)));
    }

    public void printCsv(PrintWriter out) {
        out.println(String.join(",", columns));
        for (List<Object> row : rows) {
            List<String> cells = new ArrayList<>();
            for (Object value : row) {
                String text = value == null ? "" : format(value);
                cells.add(text.contains(",") || text.contains("\"") || text.contains("\n")
                    ? "\"" + text.replace("\"", "\"\"") + "\"" : text);
            }
            out.println(String.join(",", cells));
        }
    }

    public void printTable(PrintWriter out) {
        int[] widths = new int[columns.size()];
        List<List<String>> cells = new ArrayList<>();
        for (int c = 0; c < columns.size(); c++) {
            widths[c] = columns.get(c).length();
        }
        for (List<Object> row : rows) {
            List<String> line = new ArrayList<>();
            for (int c = 0; c < row.size(); c++) {
                String text = row.get(c) == null ? "-" : format(row.get(c));
                widths[c] = Math.max(widths[c], text.length());
                line.add(text);
            }
            cells.add(line);
        }
        out.println(line(columns.stream().map(c -> c.toUpperCase(Locale.ROOT)).toList(), widths, null));
        for (int r = 0; r < cells.size(); r++) {
            out.println(line(cells.get(r), widths, rows.get(r)));
        }
    }

    private static String line(List<String> cells, int[] widths, List<Object> values) {
        StringBuilder line = new StringBuilder();
        for (int c = 0; c < cells.size(); c++) {
            boolean number = values != null && values.get(c) instanceof Number;
            String format = "%" + (number ? "" : "-") + widths[c] + "s";
            line.append(c == 0 ? "" : "  ").append(String.format(format, cells.get(c)));
        }
        return line.toString().stripTrailing();
    }

    private static String format(Object value) {
        if (value instanceof Double d) {
            return String.format(Locale.ROOT, "%.2f", d);
        }
        if (value instanceof Instant instant) {
            return instant.toString();
        }
        return String.valueOf(value);
    }
}
