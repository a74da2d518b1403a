package dev.webtop.monitor;

import dev.webtop.monitor.DashboardSnapshot.DomainRow;
import java.util.Comparator;

/** What the top-websites panel can be sorted by; `←`/`→` step through them in this order. */
public enum SortColumn {
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

    /** Numbers sort biggest first and names alphabetically, unless reversed; ties by name. */
    Comparator<DomainRow> order(boolean reversed) {
        Comparator<DomainRow> natural = this == DOMAIN ? ascending : ascending.reversed();
        Comparator<DomainRow> chosen = reversed ? natural.reversed() : natural;
        return chosen.thenComparing(DomainRow::domain);
    }

    SortColumn next() {
        return values()[(ordinal() + 1) % values().length];
    }

    SortColumn previous() {
        return values()[(ordinal() + values().length - 1) % values().length];
    }
}
