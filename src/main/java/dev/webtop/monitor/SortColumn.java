package dev.webtop.monitor;

import dev.webtop.base.WebtopException;
import dev.webtop.monitor.DashboardSnapshot.DomainRow;
import java.util.Comparator;

/** What the top-websites panel can be sorted by; `←`/`→` step through them in this order. */
public enum SortColumn {
    HITS_NOW("now", Comparator.comparingLong(DomainRow::hitsNow)),
    HITS_1M("1m", Comparator.comparingLong(DomainRow::hits1m)),
    HITS_10M("10m", Comparator.comparingLong(DomainRow::hits10m)),
    HITS_1H("1h", Comparator.comparingLong(DomainRow::hits1h)),
    WINDOW("window", Comparator.comparingLong(DomainRow::windowHits)),
    CHANGE("Δ%", Comparator.comparingDouble(row ->
        row.windowChangePercent() == null ? Double.NEGATIVE_INFINITY : row.windowChangePercent())),
    DOMAIN("domain", Comparator.comparing(DomainRow::domain));

    private final String label;
    private final Comparator<DomainRow> ascending;

    SortColumn(String label, Comparator<DomainRow> ascending) {
        this.label = label;
        this.ascending = ascending;
    }

    public String label() {
        return label;
    }

    /** A column by its label (now, 1m, 10m, 1h, window, change or Δ%, domain); bad input otherwise. */
    public static SortColumn parse(String label) {
        for (SortColumn column : values()) {
            if (column.label.equals(label) || column == CHANGE && label.equals("change")) {
                return column;
            }
        }
        throw WebtopException.badInput("--sort '" + label + "' is not a column; use now, 1m, 10m, 1h, window, change or domain");
    }

    /** Numbers sort biggest first and names alphabetically, unless reversed; ties by name. */
    Comparator<DomainRow> order(boolean reversed) {
        Comparator<DomainRow> natural = this == DOMAIN ? ascending : ascending.reversed();
        Comparator<DomainRow> chosen = reversed ? natural.reversed() : natural;
        return chosen.thenComparing(DomainRow::domain);
    }

    /** The same order in SQL over domains.sql's columns, for the window's columns. */
    String sqlOrder(Window window, boolean reversed) {
        String descending = reversed ? "ASC" : "DESC";
        String ascending = reversed ? "DESC" : "ASC";
        String column = switch (this) {
            case HITS_NOW -> "hits_now " + descending;
            case HITS_1M -> "hits_1m " + descending;
            case HITS_10M -> "hits_10m " + descending;
            case HITS_1H -> "hits_1h " + descending;
            case WINDOW -> window.column() + " " + descending;
            case CHANGE -> "CASE WHEN " + window.previousColumn() + " = 0 THEN NULL ELSE ("
                + window.column() + " - " + window.previousColumn() + ")::float8 / " + window.previousColumn()
                + " END " + descending + (reversed ? " NULLS FIRST" : " NULLS LAST");
            case DOMAIN -> "domain " + ascending;
        };
        return this == DOMAIN ? column : column + ", domain ASC";
    }

    SortColumn next() {
        return values()[(ordinal() + 1) % values().length];
    }

    SortColumn previous() {
        return values()[(ordinal() + values().length - 1) % values().length];
    }
}
