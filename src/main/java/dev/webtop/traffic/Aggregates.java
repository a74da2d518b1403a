package dev.webtop.traffic;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;

/**
 * The minutes a writer's committed rows still have to be aggregated over. On the Apache edition
 * the bookkeeping counts every row in its transaction and nothing is left; on the community
 * edition rows older than the refresh policies' reach (late lines, history) are refreshed here,
 * right after their commit and before the writer reports them.
 */
final class Aggregates {
    private static final int CONCURRENT_REFRESH_ATTEMPTS = 20;
    private Instant from;
    private Instant to;

    /** Adds [first, last) as returned by the bookkeeping; null adds nothing. */
    void add(Instant[] minutes) {
        if (minutes == null) {
            return;
        }
        from = from == null || minutes[0].isBefore(from) ? minutes[0] : from;
        to = to == null || minutes[1].isAfter(to) ? minutes[1] : to;
    }

    /**
     * Refreshes what was added, outside any transaction (as refreshes must run), and forgets it.
     * TimescaleDB refuses two refreshes of one aggregate at once: this process's writers take
     * turns (a session lock), and a refresh that still meets another one (a policy's) is tried
     * again.
     */
    void catchUp(Connection connection) throws SQLException {
        if (from == null) {
            return;
        }
        connection.setAutoCommit(true);
        try (PreparedStatement lock = connection.prepareStatement("SELECT pg_advisory_lock(hashtext('webtop.refresh'))");
             PreparedStatement unlock = connection.prepareStatement("SELECT pg_advisory_unlock(hashtext('webtop.refresh'))");
             PreparedStatement call = connection.prepareStatement(
                 "CALL webtop_aggregate_range(?::timestamptz, ?::timestamptz)")) {
            lock.execute();
            try {
                call.setString(1, from.toString());
                call.setString(2, to.toString());
                refresh(call);
            } finally {
                unlock.execute();
            }
        } finally {
            connection.setAutoCommit(false);
        }
        from = null;
        to = null;
    }

    private static void refresh(PreparedStatement call) throws SQLException {
        for (int attempt = 1; ; attempt++) {
            try {
                call.execute();
                return;
            } catch (SQLException e) {
                if (attempt == CONCURRENT_REFRESH_ATTEMPTS || e.getMessage() == null
                    || !e.getMessage().contains("concurrent refresh")) {
                    throw e;
                }
            }
            try {
                Thread.sleep(100L * attempt);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SQLException("interrupted while waiting to refresh the aggregates", e);
            }
        }
    }
}
