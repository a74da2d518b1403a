package dev.webtop.alert;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.webtop.db.SqlResources;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What a status page shows: each target's state now (its worst over its locations), whether it
 * is in maintenance, its uptime as one figure per day (UTC) from the hourly probe aggregates, and
 * the incidents open now or ended lately with their cause.
 */
public record StatusBoard(Instant at, int days, List<Target> targets, List<Incident> incidents) {

    /** A day's checks and checks up; no checks that day is 0 of 0. */
    public record Day(LocalDate date, long checks, long up) {
        public Double uptimePercent() {
            return checks == 0 ? null : 100.0 * up / checks;
        }
    }

    public record Target(String target, String state, @JsonProperty("down_locations") int downLocations,
                         int locations, @JsonProperty("last_check") Instant lastCheck, boolean maintenance,
                         @JsonProperty("uptime_percent") Double uptimePercent, List<Day> days) {
        /** What a reader sees first: maintenance, or the state. */
        public String shownState() {
            return maintenance ? "maintenance" : state;
        }
    }

    public record Incident(String target, String location, @JsonProperty("started_at") Instant startedAt,
                           @JsonProperty("ended_at") Instant endedAt, String cause, String detail) {
    }

    /** A badge's figures: null state when no target matched. */
    public record Badge(String state, boolean maintenance, Double uptimePercent) {
    }

    public static final int MOST_DAYS = 90;
    private static final int RECENT_INCIDENT_DAYS = 14;

    /** The board over the last `days` days (this one included), as of now. */
    public static StatusBoard read(Connection connection, int days) throws SQLException {
        Instant now = Instant.now();
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        Timestamp from = Timestamp.from(today.minusDays(days - 1L).atStartOfDay().toInstant(ZoneOffset.UTC));
        Map<String, Map<LocalDate, Day>> byTarget = new HashMap<>();
        try (PreparedStatement statement = connection.prepareStatement(sql("status-days.sql"))) {
            statement.setTimestamp(1, from);
            try (ResultSet row = statement.executeQuery()) {
                while (row.next()) {
                    LocalDate day = LocalDate.ofInstant(row.getTimestamp(2).toInstant(), ZoneOffset.UTC);
                    byTarget.computeIfAbsent(row.getString(1), t -> new HashMap<>())
                        .put(day, new Day(day, row.getLong(3), row.getLong(4)));
                }
            }
        }
        List<Target> targets = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(sql("status-targets.sql"))) {
            statement.setTimestamp(1, from);
            statement.setTimestamp(2, from);
            try (ResultSet row = statement.executeQuery()) {
                while (row.next()) {
                    Map<LocalDate, Day> known = byTarget.getOrDefault(row.getString(1), Map.of());
                    List<Day> series = new ArrayList<>();
                    for (LocalDate day = today.minusDays(days - 1L); !day.isAfter(today); day = day.plusDays(1)) {
                        series.add(known.getOrDefault(day, new Day(day, 0, 0)));
                    }
                    double uptime = row.getDouble(7);
                    targets.add(new Target(row.getString(1), row.getString(2), row.getInt(3), row.getInt(4),
                        row.getTimestamp(5).toInstant(), row.getBoolean(6), row.wasNull() ? null : uptime, series));
                }
            }
        }
        List<Incident> incidents = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(sql("status-incidents.sql"))) {
            statement.setTimestamp(1, Timestamp.from(now.minus(RECENT_INCIDENT_DAYS, ChronoUnit.DAYS)));
            try (ResultSet row = statement.executeQuery()) {
                while (row.next()) {
                    Timestamp ended = row.getTimestamp(4);
                    incidents.add(new Incident(row.getString(1), row.getString(2), row.getTimestamp(3).toInstant(),
                        ended == null ? null : ended.toInstant(), row.getString(5), row.getString(6)));
                }
            }
        }
        return new StatusBoard(now, days, targets, incidents);
    }

    /** The figures of a badge for a target's URL or a host's targets, uptime over the last `days` days. */
    public static Badge badge(Connection connection, String name, int days) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql("badge.sql"))) {
            statement.setString(1, name);
            statement.setString(2, name);
            statement.setTimestamp(3, Timestamp.from(Instant.now().minus(days, ChronoUnit.DAYS)));
            try (ResultSet row = statement.executeQuery()) {
                row.next();
                if (row.getLong(4) == 0) {
                    return new Badge(null, false, null);
                }
                double uptime = row.getDouble(3);
                Double percent = row.wasNull() ? null : uptime;
                return new Badge(row.getString(1), row.getBoolean(2), percent);
            }
        }
    }

    private static String sql(String name) {
        return SqlResources.load(StatusBoard.class, name);
    }
}
