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

    /** Refreshes what was added, outside any transaction (as refreshes must run), and forgets it. */
    void catchUp(Connection connection) throws SQLException {
        if (from == null) {
            return;
        }
        connection.setAutoCommit(true);
        try (PreparedStatement call = connection.prepareStatement(
                 "CALL webtop_aggregate_range(?::timestamptz, ?::timestamptz)")) {
            call.setString(1, from.toString());
            call.setString(2, to.toString());
            call.execute();
        } finally {
            connection.setAutoCommit(false);
        }
        from = null;
        to = null;
    }
}
