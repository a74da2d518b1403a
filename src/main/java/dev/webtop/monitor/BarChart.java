package dev.webtop.monitor;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jline.utils.AttributedString;

/** Vertical bars, one column per value, with the maximum labelled on the left. */
final class BarChart {
    private static final String BLOCKS = " ▁▂▃▄▅▆▇█";

    private BarChart() {
    }

    static List<AttributedString> render(List<Long> values, int width, int rows, boolean ascii) {
        long max = values.stream().mapToLong(Long::longValue).max().orElse(0);
        String label = String.format(Locale.ROOT, "%,d", max);
        int axis = label.length() + 1;
        int columns = Math.min(values.size(), Math.max(0, width - axis - 2));
        List<Long> shown = values.subList(values.size() - columns, values.size());
        List<AttributedString> lines = new ArrayList<>();
        for (int row = rows - 1; row >= 0; row--) {
            StringBuilder line = new StringBuilder();
            String mark = row == rows - 1 ? label : row == 0 ? "0" : "";
            line.append(" ".repeat(axis - mark.length())).append(mark).append(ascii ? "|" : "┃");
            for (long value : shown) {
                double height = max == 0 ? 0 : (double) value / max * rows;
                double fill = height - row;
                if (fill >= 1) {
                    line.append(ascii ? '#' : '█');
                } else if (fill > 0) {
                    line.append(ascii ? '.' : BLOCKS.charAt((int) Math.max(1, Math.round(fill * 8))));
                } else {
                    line.append(' ');
                }
            }
            lines.add(Text.plain(line.toString(), width));
        }
        lines.add(Text.plain(" ".repeat(axis) + (ascii ? "+" : "┗") + "-60m".concat(" ".repeat(Math.max(0, columns - 8))) + "now", width));
        return lines;
    }
}
