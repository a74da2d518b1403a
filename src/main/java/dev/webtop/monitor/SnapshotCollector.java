package dev.webtop.monitor;

import dev.webtop.db.Jobs;
import dev.webtop.monitor.DashboardSnapshot.Count;
import dev.webtop.monitor.DashboardSnapshot.Detail;
import dev.webtop.monitor.DashboardSnapshot.DomainRow;
import dev.webtop.monitor.DashboardSnapshot.ElectedRow;
import dev.webtop.monitor.DashboardSnapshot.ElectionEntry;
import dev.webtop.monitor.DashboardSnapshot.GoalRow;
import dev.webtop.monitor.DashboardSnapshot.Header;
import dev.webtop.monitor.DashboardSnapshot.StatusRow;
import dev.webtop.monitor.DashboardSnapshot.StorageRow;
import dev.webtop.report.Query;
import dev.webtop.report.Result;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads one dashboard refresh from the database into an immutable snapshot. Every panel reads
 * the aggregate read side; how long each query took is kept with the snapshot.
 */
public final class SnapshotCollector {
    static final int SPARK_MINUTES = 30;
    /** Rows of the top-websites panel read per refresh: more than any screen shows. */
    public static final int DOMAIN_LIMIT = 200;
    /** Storage sizes and elections change slowly; they are read again after this long. */
    private static final Duration SLOW_PANELS = Duration.ofSeconds(10);
    private static final int STATUS_ROWS = 10;

    private List<StorageRow> storage;
    private List<ElectedRow> elected;
    private List<DashboardSnapshot.ProbeRow> probes;
    private long slowPanelsReadAt;

    private final String runtime;
    private final String database;

    /**
     * @param runtime  the runtime's name, for the header
     * @param database the masked URL, for the header
     */
    public SnapshotCollector(String runtime, String database) {
        this.runtime = runtime;
        this.database = database;
    }

    /** One refresh for what the state shows: its window, sort, filter and detail domain. */
    public DashboardSnapshot collect(Connection connection, DashboardState state) throws SQLException {
        return collect(connection, state, null);
    }

    /**
     * One refresh read as of `readingTime` (null: the database's clock), so that tests can read
     * crafted minutes without a minute boundary moving them. Not thread-safe: one collector per
     * refresh loop, which also caches the slow panels.
     */
    DashboardSnapshot collect(Connection connection, DashboardState state, Instant readingTime)
        throws SQLException {
        Window window = state.window();
        String detailDomain = state.detailDomain();
        Map<String, Long> millis = new LinkedHashMap<>();
        long started = System.nanoTime();
        HeaderRead read = header(connection);
        HeaderRead header = readingTime == null ? read : new HeaderRead(readingTime, read.header());
        millis.put("header", elapsed(started));

        started = System.nanoTime();
        DomainsRead domains = domains(connection, state);
        List<DomainRow> bursts = bursts(connection, state);
        millis.put("domains", elapsed(started));

        if (storage == null || System.nanoTime() - slowPanelsReadAt > SLOW_PANELS.toNanos()) {
            started = System.nanoTime();
            elected = elected(connection);
            storage = storage(connection);
            probes = probes(connection);
            slowPanelsReadAt = System.nanoTime();
            millis.put("elected+storage+probes", elapsed(started));
        }

        started = System.nanoTime();
        var jobs = Jobs.list(connection);
        millis.put("jobs", elapsed(started));

        started = System.nanoTime();
        List<StatusRow> statuses = statuses(connection, window);
        List<GoalRow> goals = goals(connection, window, header.now());
        millis.put("statuses+goals", elapsed(started));

        Detail detail = null;
        if (detailDomain != null) {
            started = System.nanoTime();
            detail = detail(connection, detailDomain, header.now(), window);
            millis.put("detail", elapsed(started));
        }
        return new DashboardSnapshot(header.now(), window, null, header.header(), domains.computedAt(),
            domains.total(), domains.windowTotal(), domains.rows(), bursts, elected, jobs, storage,
            probes, statuses, goals, detail, millis);
    }

    private record HeaderRead(Instant now, Header header) {
    }

    private HeaderRead header(Connection connection) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(Queries.get("header"));
             ResultSet row = statement.executeQuery()) {
            row.next();
            Instant now = row.getObject(1, OffsetDateTime.class).toInstant();
            return new HeaderRead(now, new Header(runtime, row.getString(5), row.getString(6), database,
                row.getLong(2), row.getDouble(3), row.getDouble(4), row.getObject(7, Long.class)));
        }
    }

    private record DomainsRead(List<DomainRow> rows, Instant computedAt, long total, long windowTotal) {
    }

    private static DomainsRead domains(Connection connection, DashboardState state) throws SQLException {
        Window window = state.window();
        String sql = Queries.get("domains").replace("{window}", window.column())
            .replace("{previous}", window.previousColumn())
            .replace("{order}", state.sort().sqlOrder(window, state.reversed()));
        List<DomainRow> rows = new ArrayList<>();
        Instant computedAt = null;
        long total = 0;
        long windowTotal = 0;
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            String filter = state.filterPattern() == null ? null : state.filter();
            statement.setString(1, filter);
            statement.setString(2, filter);
            statement.setString(3, state.source());
            statement.setString(4, state.source());
            statement.setInt(5, DOMAIN_LIMIT);
            try (ResultSet row = statement.executeQuery()) {
                while (row.next()) {
                    rows.add(domainRow(row));
                    OffsetDateTime computed = row.getObject(13, OffsetDateTime.class);
                    computedAt = computed == null ? null : computed.toInstant();
                    total = row.getLong(14);
                    windowTotal = row.getLong(15);
                }
            }
        }
        return new DomainsRead(rows, computedAt, total, windowTotal);
    }

    private static List<DomainRow> bursts(Connection connection, DashboardState state) throws SQLException {
        List<DomainRow> rows = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(Queries.get("bursts"))) {
            String filter = state.filterPattern() == null ? null : state.filter();
            statement.setString(1, filter);
            statement.setString(2, filter);
            statement.setString(3, state.source());
            statement.setString(4, state.source());
            try (ResultSet row = statement.executeQuery()) {
                while (row.next()) {
                    rows.add(domainRow(row));
                }
            }
        }
        return rows;
    }

    private static DomainRow domainRow(ResultSet row) throws SQLException {
        Long[] minutes = (Long[]) row.getArray(11).getArray();
        return new DomainRow(row.getString(1), row.getLong(12), row.getLong(2), row.getLong(3), row.getLong(4),
            row.getLong(5), row.getLong(6), row.getString(7), row.getString(8), row.getBoolean(9),
            row.getDouble(10), List.of(minutes));
    }

    private static List<ElectedRow> elected(Connection connection) throws SQLException {
        List<ElectedRow> rows = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(Queries.get("elected"));
             ResultSet row = statement.executeQuery()) {
            while (row.next()) {
                rows.add(new ElectedRow(row.getInt(1), row.getString(2), row.getDouble(3),
                    row.getLong(4), row.getLong(5), (Integer) row.getObject(6),
                    row.getObject(7, OffsetDateTime.class).toInstant(), row.getBoolean(8)));
            }
        }
        return rows;
    }

    private static List<StorageRow> storage(Connection connection) throws SQLException {
        List<StorageRow> rows = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(Queries.get("storage"));
             ResultSet row = statement.executeQuery()) {
            while (row.next()) {
                Object ratio = row.getObject(6);
                rows.add(new StorageRow(row.getString(1), row.getString(2), row.getLong(3),
                    row.getLong(4), row.getLong(5),
                    ratio == null ? null : ((Number) ratio).doubleValue(), row.getString(7),
                    row.getString(8)));
            }
        }
        return rows;
    }

    private static List<DashboardSnapshot.ProbeRow> probes(Connection connection) throws SQLException {
        List<DashboardSnapshot.ProbeRow> rows = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(Queries.get("probes"));
             ResultSet row = statement.executeQuery()) {
            while (row.next()) {
                double uptime = row.getDouble(6);
                Double uptime24h = row.wasNull() ? null : uptime;
                Long certDays = (Long) row.getObject(8);
                OffsetDateTime lastCheck = row.getObject(4, OffsetDateTime.class);
                OffsetDateTime incident = row.getObject(9, OffsetDateTime.class);
                rows.add(new DashboardSnapshot.ProbeRow(row.getString(1), row.getString(2), row.getString(3),
                    lastCheck == null ? null : lastCheck.toInstant(), row.getString(5), uptime24h,
                    List.of((Double[]) row.getArray(7).getArray()), certDays,
                    incident == null ? null : incident.toInstant(), row.getBoolean(10)));
            }
        }
        return rows;
    }

    /** The status-code panel: the domains with the largest share of 4xx and 5xx answers in the window. */
    private static List<StatusRow> statuses(Connection connection, Window window) throws SQLException {
        String level = window.length().compareTo(Duration.ofHours(1)) <= 0 ? "domain_stats_1m" : "domain_stats_10m";
        List<StatusRow> rows = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(Queries.get("statuses").replace("{level}", level))) {
            statement.setLong(1, window.length().toSeconds());
            statement.setInt(2, STATUS_ROWS);
            try (ResultSet row = statement.executeQuery()) {
                while (row.next()) {
                    rows.add(new StatusRow(row.getString(1), row.getLong(2), row.getLong(3), row.getLong(4),
                        row.getDouble(5)));
                }
            }
        }
        return rows;
    }

    /** Every goal since the start of the hour the window began in (what `report goals` reads). */
    private static List<GoalRow> goals(Connection connection, Window window, Instant now) throws SQLException {
        Result result = Query.read(connection, "goals", now.minus(window.length()).toString(), now.toString(), null, false);
        List<GoalRow> rows = new ArrayList<>();
        for (int r = 0; r < result.rows().size(); r++) {
            Object rate = result.value(r, "conversion_rate");
            rows.add(new GoalRow((Long) result.value(r, "id"), (String) result.value(r, "domain"),
                (String) result.value(r, "goal"), (Long) result.value(r, "completions"), (Long) result.value(r, "converted"),
                (Long) result.value(r, "visitors"), rate == null ? null : ((Number) rate).doubleValue()));
        }
        return rows;
    }

    private static Detail detail(Connection connection, String domain, Instant now, Window window)
        throws SQLException {
        Instant minute = now.truncatedTo(ChronoUnit.MINUTES);
        List<Long> perMinute = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(Queries.get("detail_minutes"))) {
            statement.setTimestamp(1, Timestamp.from(minute));
            statement.setTimestamp(2, Timestamp.from(minute));
            statement.setString(3, domain);
            try (ResultSet row = statement.executeQuery()) {
                while (row.next()) {
                    perMinute.add(row.getLong(2));
                }
            }
        }
        List<ElectionEntry> elections = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(Queries.get("detail_elections"))) {
            statement.setString(1, domain);
            try (ResultSet row = statement.executeQuery()) {
                while (row.next()) {
                    elections.add(new ElectionEntry(row.getObject(1, OffsetDateTime.class).toInstant(),
                        row.getInt(2), row.getDouble(3)));
                }
            }
        }
        Instant since = now.minus(window.length()).truncatedTo(ChronoUnit.HOURS);
        long visitors;
        try (PreparedStatement statement = connection.prepareStatement(Queries.get("detail_visitors"))) {
            statement.setTimestamp(1, Timestamp.from(since));
            statement.setString(2, domain);
            try (ResultSet row = statement.executeQuery()) {
                row.next();
                visitors = row.getLong(1);
            }
        }
        Map<String, List<Count>> breakdowns = new LinkedHashMap<>();
        try (PreparedStatement statement = connection.prepareStatement(Queries.get("detail_breakdowns"))) {
            statement.setTimestamp(1, Timestamp.from(since));
            statement.setString(2, domain);
            statement.setTimestamp(3, Timestamp.from(since));
            statement.setString(4, domain);
            try (ResultSet row = statement.executeQuery()) {
                while (row.next()) {
                    breakdowns.computeIfAbsent(row.getString(1), d -> new ArrayList<>())
                        .add(new Count(row.getString(2), row.getLong(3)));
                }
            }
        }
        return new Detail(domain, perMinute, elections, since, visitors, breakdowns);
    }

    private static long elapsed(long started) {
        return Duration.ofNanos(System.nanoTime() - started).toMillis();
    }
}
