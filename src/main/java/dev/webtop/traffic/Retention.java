package dev.webtop.traffic;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * How long webtop keeps each form of the traffic it stores (the retention.* settings), and what
 * that means for rows of a given age: said before an import writes, never discovered after.
 */
public record Retention(List<Store> stores) {
    /**
     * One form of stored traffic: its name for people, its setting, how long it is kept (as set),
     * and the oldest time it keeps, reckoned by the database as its retention job does.
     */
    public record Store(String name, String setting, String keptAsSet, Instant keptFrom) {
    }

    private static final DateTimeFormatter DAY_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm'Z'")
        .withZone(ZoneOffset.UTC);

    static Retention read(Connection connection) throws SQLException {
        List<Store> stores = new ArrayList<>();
        try (PreparedStatement query = connection.prepareStatement(
                 "SELECT n.name, key, s.value, now() - s.value::interval FROM webtop_settings s "
                     + "JOIN (VALUES (1, 'raw rows', 'retention.raw'), (2, '1-minute stats', 'retention.stats_1m'), "
                     + "(3, '10-minute stats', 'retention.stats_10m'), (4, 'daily stats', 'retention.stats_1d'), "
                     + "(5, 'page views per hour', 'retention.page_hourly'), (6, 'visitors per day', 'retention.visitors'), "
                     + "(7, 'breakdowns per hour', 'retention.breakdowns')) AS n (position, name, key) USING (key) "
                     + "ORDER BY n.position");
             ResultSet row = query.executeQuery()) {
            while (row.next()) {
                stores.add(new Store(row.getString(1), row.getString(2), row.getString(3), row.getTimestamp(4).toInstant()));
            }
        }
        return new Retention(List.copyOf(stores));
    }

    /** Rows from before this instant are kept by nothing. */
    public Instant horizon() {
        return stores.stream().map(Store::keptFrom).min(Comparator.naturalOrder()).orElseThrow();
    }

    /**
     * What retention keeps of rows from oldest to newest, as a sentence: for each form, none,
     * all, or those from some time on, with its setting (how long after its time each row stays).
     */
    public String describe(Instant oldest, Instant newest) {
        StringBuilder text = new StringBuilder("retention keeps of rows from " + DAY_TIME.format(oldest) + " to "
            + DAY_TIME.format(newest) + ": ");
        for (int i = 0; i < stores.size(); i++) {
            Store store = stores.get(i);
            String part = newest.isBefore(store.keptFrom()) ? "none"
                : oldest.isBefore(store.keptFrom()) ? "from " + DAY_TIME.format(store.keptFrom()) + " on" : "all";
            text.append(i == 0 ? "" : i == stores.size() - 1 ? " and " : ", ")
                .append(store.name()).append(' ').append(part)
                .append(" (").append(store.setting()).append(' ').append(store.keptAsSet()).append(')');
        }
        return text.toString();
    }

    /**
     * Lines older than every form keeps, as the summary names them: how many, from when, and the
     * settings to raise (page views per hour and daily stats, the forms meant for history).
     */
    public String tooOld(long lines, Instant oldestLine) {
        long years = Math.max(1, (long) Math.ceil(Duration.between(oldestLine, Instant.now()).toDays() / 365.0));
        String raise = stores.stream().filter(s -> s.setting().equals("retention.page_hourly")
                || s.setting().equals("retention.stats_1d"))
            .map(s -> s.setting() + " (now " + s.keptAsSet() + ")").reduce((a, b) -> a + " and " + b).orElse("");
        return String.format(Locale.ROOT, "%,d lines from before %s were not stored, as nothing webtop keeps reaches "
                + "back that far: raise %s to keep them, like ./webtop setup-db --set retention.page_hourly='%d years' "
                + "--set retention.stats_1d='%d years', then read the file again with --from-start",
            lines, DAY_TIME.format(horizon()), raise, years, years);
    }
}
