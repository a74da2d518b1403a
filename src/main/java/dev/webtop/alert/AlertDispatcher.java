package dev.webtop.alert;

import dev.webtop.base.WebtopException;
import dev.webtop.config.DbTarget;
import dev.webtop.db.ConnectionPool;
import dev.webtop.db.Database;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import java.util.function.Supplier;
import okhttp3.OkHttpClient;

/**
 * Sends what waits in the outbox, exactly once as far as a receiver can tell.
 *
 * A channel is claimed with FOR NO KEY UPDATE SKIP LOCKED on its row (which, unlike FOR UPDATE,
 * lets writers keep adding messages for it): two dispatchers never work one channel together, so
 * its messages leave in id order. Its oldest pending message is sent inside that transaction and
 * marked sent before the next one is claimed. A refusal puts the message, and with it the
 * channel, back for a while (2 s, doubling up to a minute); one refused for alerts.give_up_after
 * is marked failed and the channel moves on. A crash or a lost database between sending and
 * marking sends it again, with the same message id, which receivers can drop.
 */
public final class AlertDispatcher implements AutoCloseable {
    private static final Duration HTTP_TIMEOUT = Duration.ofSeconds(15);

    private final Supplier<DbTarget> database;
    private final OkHttpClient http = new OkHttpClient.Builder()
        .connectTimeout(Duration.ofSeconds(5)).callTimeout(HTTP_TIMEOUT).build();
    private final LongAdder sent = new LongAdder();
    private final LongAdder refused = new LongAdder();
    private ConnectionPool pool;
    private ScheduledExecutorService loop;

    /** What one sweep did: messages sent, attempts refused, and a line about each refusal. */
    public record Tally(int sent, int refused, List<String> problems) {
    }

    public AlertDispatcher(Supplier<DbTarget> database) {
        this.database = database;
    }

    /** Sweeps in the background every `every` until closed; refusals and a database away go to `warnings`. */
    public AlertDispatcher start(Duration every, Consumer<String> warnings) {
        loop = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "webtop-alerts");
            thread.setDaemon(true);
            return thread;
        });
        String[] lastTrouble = {null};
        loop.scheduleWithFixedDelay(() -> {
            try {
                dispatch().problems().forEach(warnings);
                lastTrouble[0] = null;
            } catch (RuntimeException e) {
                if (loop.isShutdown()) {
                    return;   // closed while connecting: the failure is the closing's, not the database's
                }
                // a database away is said once, not every second, until it is back
                String trouble = "alerts wait: " + (e instanceof WebtopException ? e.getMessage() : e.toString());
                if (!trouble.equals(lastTrouble[0])) {
                    warnings.accept(trouble);
                }
                lastTrouble[0] = trouble;
            }
        }, 0, every.toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    /** Sends every message that is due, channel by channel, oldest first. */
    public synchronized Tally dispatch() {
        List<String> problems = new ArrayList<>();
        int sentNow = 0;
        int refusedNow = 0;
        try {
            for (String channel : pool().run(AlertDispatcher::channelsWithDueMessages)) {
                Step step;
                do {
                    step = pool().run(connection -> sendNext(connection, channel, problems));
                    if (step == Step.SENT) {
                        sentNow++;
                        sent.increment();
                    } else if (step == Step.REFUSED) {
                        refusedNow++;
                        refused.increment();
                    }
                } while (step == Step.SENT);
            }
        } catch (SQLException e) {
            throw Database.failure(database.get(), e);
        }
        return new Tally(sentNow, refusedNow, problems);
    }

    /** Sends one message now, outside the outbox: what `webtop alert test` does. Returns the receiver's answer. */
    public String test(AlertChannel channel) throws IOException {
        return Sender.of(channel, http).send(AlertMessage.test(channel.name()));
    }

    /** Sends a message straight to a channel, outside the outbox (the database away); returns the answer. */
    String sendNow(AlertChannel channel, AlertMessage message) throws IOException {
        try {
            String answer = Sender.of(channel, http).send(message);
            sent.increment();
            return answer;
        } catch (IOException e) {
            refused.increment();
            throw e;
        }
    }

    /** Messages this process has sent since it started. */
    public long sent() {
        return sent.sum();
    }

    /** Attempts refused (or not answered) since this process started. */
    public long refused() {
        return refused.sum();
    }

    /** Stops the background sweeps (a send under way is cut short and goes again later), then lets go. */
    @Override
    public void close() {
        if (loop != null) {
            loop.shutdownNow();
            try {
                loop.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        synchronized (this) {
            if (pool != null) {
                pool.close();
            }
        }
        http.dispatcher().executorService().shutdown();
        http.connectionPool().evictAll();
    }

    private enum Step { SENT, REFUSED, NOTHING }

    private ConnectionPool pool() {
        if (pool == null) {
            pool = ConnectionPool.open(database.get(), "webtop-alerts", 1);
        }
        return pool;
    }

    private static List<String> channelsWithDueMessages(Connection connection) throws SQLException {
        List<String> channels = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(
                 "SELECT DISTINCT channel FROM alert_outbox WHERE state = 'pending' AND next_attempt_at <= now() ORDER BY 1");
             ResultSet row = statement.executeQuery()) {
            while (row.next()) {
                channels.add(row.getString(1));
            }
        }
        return channels;
    }

    /** Claims the channel, sends its oldest pending message if due and marks it, in one transaction. */
    private Step sendNext(Connection connection, String channelName, List<String> problems) throws SQLException {
        connection.setAutoCommit(false);
        Step step = claimAndSend(connection, channelName, problems);
        // a commit that fails (the database lost after sending) leaves the message pending: it
        // goes again, with the same id
        connection.commit();
        connection.setAutoCommit(true);
        return step;
    }

    private Step claimAndSend(Connection connection, String channelName, List<String> problems) throws SQLException {
        AlertChannel channel;
        try (PreparedStatement claim = connection.prepareStatement(
            "SELECT name, kind, url, secret, settings::text FROM alert_channels WHERE name = ? "
                + "FOR NO KEY UPDATE SKIP LOCKED")) {
            claim.setString(1, channelName);
            try (ResultSet row = claim.executeQuery()) {
                if (!row.next()) {
                    return Step.NOTHING;   // another dispatcher has it
                }
                channel = AlertCatalog.channel(row);
            }
        }
        AlertMessage message = null;
        boolean due = false;
        try (PreparedStatement oldest = connection.prepareStatement("""
            SELECT id, message_id, channel, rule_id, event, kind, subject, summary, occurred_at,
                   next_attempt_at <= now()
              FROM alert_outbox WHERE channel = ? AND state = 'pending' ORDER BY id LIMIT 1 FOR UPDATE
            """)) {
            oldest.setString(1, channelName);
            try (ResultSet row = oldest.executeQuery()) {
                if (row.next()) {
                    message = new AlertMessage(row.getLong(1), row.getObject(2, UUID.class), row.getString(3),
                        (Long) row.getObject(4), row.getString(5), row.getString(6), row.getString(7),
                        row.getString(8), row.getTimestamp(9).toInstant());
                    due = row.getBoolean(10);
                }
            }
        }
        if (message == null || !due) {
            return Step.NOTHING;
        }
        try {
            Sender.of(channel, http).send(message);
        } catch (IOException | RuntimeException e) {
            String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            String state = mark(connection, message, reason, e instanceof Refused r ? r.retryAfterSeconds() : 0);
            problems.add("channel " + channelName + " refused message " + message.messageId() + " ("
                + message.event() + " " + message.kind() + " " + message.subject() + "): " + reason
                + ("failed".equals(state) ? "; given up after alerts.give_up_after" : "; it will be retried"));
            return Step.REFUSED;
        }
        mark(connection, message, null, 0);
        return Step.SENT;
    }

    /**
     * Marks a message sent (reason null) or refused, with its next attempt: 2 s doubling to a minute,
     * or later when the receiver asked for it; returns its new state.
     */
    private static String mark(Connection connection, AlertMessage message, String reason, long retryAfterSeconds)
        throws SQLException {
        String sql = reason == null
            ? "UPDATE alert_outbox SET state = 'sent', sent_at = clock_timestamp(), attempts = attempts + 1, "
                + "last_error = NULL WHERE id = ? RETURNING state"
            : """
              UPDATE alert_outbox
                 SET attempts = attempts + 1, last_error = ?,
                     next_attempt_at = clock_timestamp()
                         + greatest(least(60, power(2, attempts + 1)), ?) * INTERVAL '1 second',
                     state = CASE WHEN created_at < now() - webtop_setting('alerts.give_up_after')::interval
                                  THEN 'failed' ELSE 'pending' END
               WHERE id = ? RETURNING state
              """;
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            int i = 1;
            if (reason != null) {
                statement.setString(i++, reason.length() > 500 ? reason.substring(0, 500) : reason);
                statement.setLong(i++, retryAfterSeconds);
            }
            statement.setLong(i, message.id());
            try (ResultSet row = statement.executeQuery()) {
                row.next();
                return row.getString(1);
            }
        }
    }
}
