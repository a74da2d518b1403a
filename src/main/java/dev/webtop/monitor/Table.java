package dev.webtop.monitor;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.jline.utils.AttributedString;
import org.jline.utils.AttributedStringBuilder;
import org.jline.utils.AttributedStyle;

/**
 * Columns as data: each has a header, a width, an alignment and a drop priority. A table that
 * does not fit drops its highest-priority columns first; one flexible column takes what is left.
 */
final class Table<T> {

    record Cell(String text, AttributedStyle style) {
        static Cell plain(String text) {
            return new Cell(text, AttributedStyle.DEFAULT);
        }
    }

    record Column<T>(String header, int width, boolean right, int dropPriority, boolean flexible,
                     Function<T, Cell> cell) {
    }

    private final List<Column<T>> columns = new ArrayList<>();

    Table<T> add(String header, int width, boolean right, int dropPriority, Function<T, Cell> cell) {
        columns.add(new Column<>(header, width, right, dropPriority, false, cell));
        return this;
    }

    /** The column that grows into the room the others leave, up to `maxWidth`. */
    Table<T> flexible(String header, int minWidth, int maxWidth, Function<T, Cell> cell) {
        columns.add(new Column<>(header, minWidth, false, 0, true, cell));
        this.maxFlexible = maxWidth;
        return this;
    }

    private int maxFlexible;

    /** The columns that fit in `width`, with the flexible one's width decided. */
    private List<Column<T>> fitting(int width) {
        List<Column<T>> kept = new ArrayList<>(columns);
        while (total(kept) > width) {
            Column<T> drop = null;
            for (Column<T> column : kept) {
                if (column.dropPriority() > 0 && (drop == null || column.dropPriority() > drop.dropPriority())) {
                    drop = column;
                }
            }
            if (drop == null) {
                break;
            }
            kept.remove(drop);
        }
        int room = width - total(kept);
        List<Column<T>> sized = new ArrayList<>();
        for (Column<T> column : kept) {
            if (column.flexible() && room > 0) {
                int grown = Math.min(maxFlexible, column.width() + room);
                sized.add(new Column<>(column.header(), grown, column.right(), 0, true, column.cell()));
            } else {
                sized.add(column);
            }
        }
        return sized;
    }

    private static <T> int total(List<Column<T>> columns) {
        int sum = 0;
        for (Column<T> column : columns) {
            sum += column.width() + 1;
        }
        return Math.max(0, sum - 1);
    }

    AttributedString header(int width, AttributedStyle style) {
        AttributedStringBuilder line = new AttributedStringBuilder();
        List<Column<T>> fitting = fitting(width);
        for (int i = 0; i < fitting.size(); i++) {
            Column<T> column = fitting.get(i);
            line.style(style).append(pad(column.header(), column.width(), column.right()));
            if (i < fitting.size() - 1) {
                line.append(' ');
            }
        }
        return Text.fit(line.toAttributedString(), width);
    }

    AttributedString row(T item, int width, AttributedStyle rowStyle) {
        AttributedStringBuilder line = new AttributedStringBuilder();
        List<Column<T>> fitting = fitting(width);
        for (int i = 0; i < fitting.size(); i++) {
            Column<T> column = fitting.get(i);
            Cell cell = column.cell().apply(item);
            AttributedStyle style = rowStyle == AttributedStyle.DEFAULT ? cell.style() : rowStyle;
            line.style(style).append(pad(cell.text(), column.width(), column.right()));
            line.style(rowStyle);
            if (i < fitting.size() - 1) {
                line.append(' ');
            }
        }
        return Text.fit(line.toAttributedString(), width);
    }

    static String pad(String text, int width, boolean right) {
        String cut = text.length() > width ? text.substring(0, Math.max(0, width - 1)) + "…" : text;
        if (width <= 1 && text.length() > width) {
            cut = text.substring(0, width);
        }
        String spaces = " ".repeat(Math.max(0, width - cut.length()));
        return right ? spaces + cut : cut + spaces;
    }
}
