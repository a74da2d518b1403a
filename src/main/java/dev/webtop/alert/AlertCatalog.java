package dev.webtop.alert;

import dev.webtop.base.Json;
import dev.webtop.base.WebtopException;
import dev.webtop.config.DbTarget;
import dev.webtop.db.Database;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** The channels, rules and silences kept in the database, as `webtop alert` changes and lists them. */
public final class AlertCatalog {
    private final DbTarget target;

    public AlertCatalog(DbTarget target) {
        this.target = target;
    }

    /** Adds a channel, or replaces one of that name (its rules keep telling it). */
    public void addChannel(AlertChannel channel) {
        Database.run(target, connection -> {
            try (PreparedStatement statement = connection.prepareStatement("""
                INSERT INTO alert_channels (name, kind, url, secret, settings) VALUES (?, ?, ?, ?, ?::jsonb)
                ON CONFLICT (name) DO UPDATE
                    SET kind = EXCLUDED.kind, url = EXCLUDED.url, secret = EXCLUDED.secret, settings = EXCLUDED.settings
                """)) {
                statement.setString(1, channel.name());
                statement.setString(2, channel.kind().label());
                statement.setString(3, channel.url());
                statement.setString(4, channel.secret());
                statement.setString(5, Json.write(channel.settings()));
                return statement.executeUpdate();
            }
        });
    }

    /** Removes a channel no rule tells any more, with its unsent messages; false when there was none. */
    public boolean removeChannel(String name) {
        return Database.run(target, connection -> {
            try (PreparedStatement users = connection.prepareStatement(
                     "SELECT string_agg(rule_id::text, ', ' ORDER BY rule_id) FROM alert_routes WHERE channel = ?")) {
                users.setString(1, name);
                try (ResultSet row = users.executeQuery()) {
                    row.next();
                    if (row.getString(1) != null) {
                        throw WebtopException.badInput("channel " + name + " is told by rule " + row.getString(1)
                            + "; remove those first (webtop alert remove ID)");
                    }
                }
            }
            return update(connection, "DELETE FROM alert_channels WHERE name = ?", name) == 1;
        });
    }

    public List<AlertChannel> channels() {
        return Database.run(target, AlertCatalog::channels);
    }

    /** The channel of that name; bad input naming the known ones when there is none. */
    public AlertChannel channel(String name) {
        List<AlertChannel> all = channels();
        return all.stream().filter(c -> c.name().equals(name)).findFirst()
            .orElseThrow(() -> unknownChannel(name, all.stream().map(AlertChannel::name).toList()));
    }

    private static WebtopException unknownChannel(String name, List<String> known) {
        return WebtopException.badInput("no channel named '" + name + "'; " + (known.isEmpty()
            ? "add one with webtop alert channel add" : "known: " + String.join(", ", known)));
    }

    /** Adds a rule after checking it and its channels; returns its id. */
    public long addRule(AlertRule rule) {
        rule.validated();
        List<String> known = channels().stream().map(AlertChannel::name).toList();
        for (String channel : rule.channels()) {
            if (!known.contains(channel)) {
                throw unknownChannel(channel, known);
            }
        }
        return Database.run(target, connection -> {
            connection.setAutoCommit(false);
            long id;
            try (PreparedStatement statement = connection.prepareStatement("""
                INSERT INTO alert_rules (kind, target, domain, job, source, locations, checks, days, failures, quiet,
                                         below_percent, remind_every)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?::interval, ?, ?::interval) RETURNING id
                """)) {
                String column = rule.kind().watches();
                statement.setString(1, rule.kind().label());
                statement.setString(2, "target".equals(column) ? rule.watches() : null);
                statement.setString(3, "domain".equals(column) ? rule.watches() : null);
                statement.setString(4, "job".equals(column) ? rule.watches() : null);
                statement.setString(5, "source".equals(column) ? rule.watches() : null);
                statement.setInt(6, rule.locations());
                statement.setObject(7, rule.checks(), Types.INTEGER);
                statement.setObject(8, rule.days(), Types.INTEGER);
                statement.setObject(9, rule.failures(), Types.INTEGER);
                statement.setString(10, seconds(rule.quiet()));
                statement.setObject(11, rule.belowPercent(), Types.INTEGER);
                statement.setString(12, seconds(rule.remind()));
                try (ResultSet row = statement.executeQuery()) {
                    row.next();
                    id = row.getLong(1);
                }
            }
            try (PreparedStatement route = connection.prepareStatement(
                     "INSERT INTO alert_routes (rule_id, channel) VALUES (?, ?)")) {
                for (String channel : rule.channels()) {
                    route.setLong(1, id);
                    route.setString(2, channel);
                    route.addBatch();
                }
                route.executeBatch();
            }
            connection.commit();
            return id;
        });
    }

    /** Removes a rule, what it has firing, and nothing it has sent; false when there was none. */
    public boolean removeRule(long id) {
        return Database.run(target, connection -> update(connection, "DELETE FROM alert_rules WHERE id = ?", id) == 1);
    }

    /** Every rule, with how many of its subjects fire now. */
    public List<Listed> rules() {
        return Database.run(target, connection -> {
            List<Listed> rules = new ArrayList<>();
            try (PreparedStatement statement = connection.prepareStatement("""
                SELECT r.id, r.kind, coalesce(r.target, r.domain, r.job, r.source), r.locations, r.checks, r.days,
                       r.failures, extract(epoch FROM r.quiet)::bigint, r.below_percent::integer,
                       extract(epoch FROM r.remind_every)::bigint,
                       coalesce((SELECT array_agg(channel ORDER BY channel) FROM alert_routes WHERE rule_id = r.id), '{}'),
                       (SELECT count(*) FROM alert_firing f WHERE f.rule_id = r.id)
                  FROM alert_rules r ORDER BY r.id
                """);
                 ResultSet row = statement.executeQuery()) {
                while (row.next()) {
                    AlertRule rule = new AlertRule(row.getLong(1), AlertRule.Kind.parse(row.getString(2)),
                        row.getString(3), row.getInt(4), (Integer) row.getObject(5), (Integer) row.getObject(6),
                        (Integer) row.getObject(7), duration(row, 8), (Integer) row.getObject(9), duration(row, 10),
                        Arrays.asList((String[]) row.getArray(11).getArray()));
                    rules.add(new Listed(rule, row.getLong(12)));
                }
            }
            return rules;
        });
    }

    /** A rule as lists show it, with how many of its subjects fire now. */
    public record Listed(AlertRule rule, long firing) {
    }

    public long addSilence(AlertSilence silence) {
        return Database.run(target, connection -> {
            try (PreparedStatement statement = connection.prepareStatement("""
                INSERT INTO alert_silences (target, domain, starts_at, ends_at, weekdays, from_time, to_time, time_zone, reason)
                VALUES (?, ?, ?, ?, ?::smallint[], ?, ?, ?, ?) RETURNING id
                """)) {
                statement.setString(1, silence.target());
                statement.setString(2, silence.domain());
                statement.setTimestamp(3, silence.startsAt() == null ? null : Timestamp.from(silence.startsAt()));
                statement.setTimestamp(4, silence.endsAt() == null ? null : Timestamp.from(silence.endsAt()));
                statement.setString(5, silence.weekdays() == null ? null
                    : "{" + String.join(",", silence.weekdays().stream().map(d -> String.valueOf(d.getValue())).toList()) + "}");
                statement.setObject(6, silence.from(), Types.TIME);
                statement.setObject(7, silence.to(), Types.TIME);
                statement.setString(8, silence.zone() == null ? "UTC" : silence.zone().getId());
                statement.setString(9, silence.reason());
                try (ResultSet row = statement.executeQuery()) {
                    row.next();
                    return row.getLong(1);
                }
            }
        });
    }

    public boolean removeSilence(long id) {
        return Database.run(target, connection -> update(connection, "DELETE FROM alert_silences WHERE id = ?", id) == 1);
    }

    /** Silences that hold now or later: past one-off ones are left out. */
    public List<AlertSilence> silences() {
        return Database.run(target, connection -> {
            List<AlertSilence> silences = new ArrayList<>();
            try (PreparedStatement statement = connection.prepareStatement("""
                SELECT id, target, domain, starts_at, ends_at, weekdays, from_time, to_time, time_zone, reason
                  FROM alert_silences WHERE ends_at IS NULL OR ends_at > now() ORDER BY id
                """);
                 ResultSet row = statement.executeQuery()) {
                while (row.next()) {
                    List<DayOfWeek> days = null;
                    if (row.getArray(6) != null) {
                        days = new ArrayList<>();
                        for (Object day : (Object[]) row.getArray(6).getArray()) {
                            days.add(DayOfWeek.of(((Number) day).intValue()));
                        }
                    }
                    silences.add(new AlertSilence(row.getLong(1), row.getString(2), row.getString(3),
                        row.getTimestamp(4) == null ? null : row.getTimestamp(4).toInstant(),
                        row.getTimestamp(5) == null ? null : row.getTimestamp(5).toInstant(), days,
                        row.getObject(7, LocalTime.class), row.getObject(8, LocalTime.class),
                        ZoneId.of(row.getString(9)), row.getString(10)));
                }
            }
            return silences;
        });
    }

    static List<AlertChannel> channels(Connection connection) throws SQLException {
        List<AlertChannel> channels = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(
                 "SELECT name, kind, url, secret, settings::text FROM alert_channels ORDER BY name");
             ResultSet row = statement.executeQuery()) {
            while (row.next()) {
                channels.add(channel(row));
            }
        }
        return channels;
    }

    /** A channel from a row of name, kind, url, secret and settings. */
    @SuppressWarnings("unchecked")
    static AlertChannel channel(ResultSet row) throws SQLException {
        try {
            Map<String, String> settings = Json.read(row.getString(5), Map.class);
            return new AlertChannel(row.getString(1), AlertChannel.Kind.of(row.getString(2)), row.getString(3),
                row.getString(4), settings);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new SQLException("channel " + row.getString(1) + " has unreadable settings", e);
        }
    }

    private static Duration duration(ResultSet row, int column) throws SQLException {
        long seconds = row.getLong(column);
        return row.wasNull() ? null : Duration.ofSeconds(seconds);
    }

    private static String seconds(Duration duration) {
        return duration == null ? null : duration.toSeconds() + " seconds";
    }

    private static int update(Connection connection, String sql, Object value) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setObject(1, value);
            return statement.executeUpdate();
        }
    }
}
