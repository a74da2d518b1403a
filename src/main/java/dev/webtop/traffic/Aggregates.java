package dev.webtop.traffic;

import dev.webtop.config.DbTarget;
import dev.webtop.db.Database;
import java.sql.PreparedStatement;
import java.time.Instant;

/**
 * Keeping the aggregates right for what a writer stored. Rows of the last few minutes need
 * nothing: the aggregate jobs reach them. History reaches further back than those jobs look,
 * and its raw rows are kept only retention.raw, so the levels take it at once.
 */
public final class Aggregates {
    private Aggregates() {
    }

    /** Rolls every aggregate level up over [from, to), which was just written. */
    public static void catchUp(DbTarget target, Instant from, Instant to) {
        Database.run(target, connection -> {
            try (PreparedStatement call = connection.prepareStatement(
                     "CALL webtop_aggregate_range(?::timestamptz, ?::timestamptz)")) {
                call.setString(1, from.toString());
                call.setString(2, to.toString());
                return call.execute();
            }
        });
    }
}
