package dev.webtop.alert;

import dev.webtop.db.ConnectionPool;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * The one alert the database cannot decide or keep: the database itself away. `serve` looks every
 * few seconds; while the database answers it keeps the database rules and their channels in
 * memory; once it has been away for a rule's quiet time the alert is sent straight to those
 * channels (retried at every look until taken), and when the database answers again the
 * resolution follows. Both are then written into the outbox, the resolution as pending if its
 * channel has not taken it yet, so that it is sent durably from there.
 */
public final class DatabaseWatch {
    private static final String SUBJECT = "the database";

    private final AlertDispatcher dispatcher;
    private final Consumer<String> notices;
    private List<Route> routes = List.of();
    private Instant awaySince;
    private String awayReason;
    private final Set<Route> told = new HashSet<>();
    private final Map<Route, AlertMessage> waiting = new HashMap<>();
    private final List<Sent> history = new ArrayList<>();

    private record Route(long ruleId, Duration quiet, AlertChannel channel) {
    }

    private record Sent(Route route, AlertMessage message, boolean taken) {
    }

    public DatabaseWatch(AlertDispatcher dispatcher, Consumer<String> notices) {
        this.dispatcher = dispatcher;
        this.notices = notices;
    }

    /** One look: whether the database answers, then what that means for the database rules. */
    public synchronized void look(ConnectionPool pool) {
        try {
            List<Route> now = pool.run(DatabaseWatch::routes);
            back(pool, now);
        } catch (SQLException | RuntimeException e) {
            away(e.getMessage());
        }
    }

    private void away(String reason) {
        Instant now = Instant.now();
        if (awaySince == null) {
            awaySince = now;
            awayReason = reason == null ? "no answer" : reason.lines().findFirst().orElse("no answer");
        }
        for (Route route : routes) {
            if (!told.contains(route) && Duration.between(awaySince, now).compareTo(route.quiet()) >= 0) {
                waiting.put(route, message(route, "firing", awaySince, "serve has not reached the database since "
                    + awaySince + ": " + awayReason));
                told.add(route);
            }
        }
        sendWaiting();
    }

    private void back(ConnectionPool pool, List<Route> now) throws SQLException {
        if (awaySince != null && !told.isEmpty()) {
            Instant at = Instant.now();
            for (Route route : told) {
                // replaces a firing its channel never took: it is over
                waiting.put(route, message(route, "resolved", at, "serve reaches the database again, after "
                    + Duration.between(awaySince, at).toSeconds() + " s away (" + awayReason + ")"));
            }
            sendWaiting();
            List<Sent> record = List.copyOf(history);
            pool.run(connection -> write(connection, record));
            history.clear();
            waiting.clear();
        }
        awaySince = null;
        told.clear();
        routes = now;
    }

    private void sendWaiting() {
        for (Map.Entry<Route, AlertMessage> entry : List.copyOf(waiting.entrySet())) {
            try {
                dispatcher.sendNow(entry.getKey().channel(), entry.getValue());
                waiting.remove(entry.getKey());
                history.add(new Sent(entry.getKey(), entry.getValue(), true));
            } catch (IOException e) {
                notices.accept("channel " + entry.getKey().channel().name() + " refused the database alert: "
                    + e.getMessage() + "; it will be retried");
            }
        }
    }

    /** The messages sent while away, as sent, and a resolution not taken yet, as pending. */
    private Void write(Connection connection, List<Sent> sent) throws SQLException {
        List<Sent> all = new ArrayList<>(sent);
        waiting.forEach((route, message) -> all.add(new Sent(route, message, false)));
        try (PreparedStatement insert = connection.prepareStatement("""
            INSERT INTO alert_outbox (message_id, channel, rule_id, event, kind, subject, summary, occurred_at,
                                      state, attempts, sent_at)
            VALUES (?, ?, ?, ?, 'database', ?, ?, ?, ?, ?, CASE WHEN ? THEN now() END)
            ON CONFLICT (message_id) DO NOTHING
            """)) {
            for (Sent s : all) {
                insert.setObject(1, s.message().messageId());
                insert.setString(2, s.route().channel().name());
                insert.setLong(3, s.route().ruleId());
                insert.setString(4, s.message().event());
                insert.setString(5, SUBJECT);
                insert.setString(6, s.message().summary());
                insert.setTimestamp(7, Timestamp.from(s.message().occurredAt()));
                insert.setString(8, s.taken() ? "sent" : "pending");
                insert.setInt(9, s.taken() ? 1 : 0);
                insert.setBoolean(10, s.taken());
                insert.addBatch();
            }
            insert.executeBatch();
        }
        return null;
    }

    private static AlertMessage message(Route route, String event, Instant at, String summary) {
        return new AlertMessage(0, UUID.randomUUID(), route.channel().name(), route.ruleId(), event, "database",
            SUBJECT, summary, at);
    }

    private static List<Route> routes(Connection connection) throws SQLException {
        List<Route> routes = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement("""
            SELECT c.name, c.kind, c.url, c.secret, c.settings::text, r.id, extract(epoch FROM r.quiet)::bigint
              FROM alert_rules r
              JOIN alert_routes ro ON ro.rule_id = r.id
              JOIN alert_channels c ON c.name = ro.channel
             WHERE r.kind = 'database'
             ORDER BY r.id, c.name
            """);
             ResultSet row = statement.executeQuery()) {
            while (row.next()) {
                routes.add(new Route(row.getLong(6), Duration.ofSeconds(row.getLong(7)), AlertCatalog.channel(row)));
            }
        }
        return routes;
    }
}
