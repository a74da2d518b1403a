package dev.webtop.db;

import dev.webtop.config.DbTarget;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;

/** The traffic pipeline's life: initial data and core jobs at start, settings, reset. */
public final class Pipeline {
    private static final String DEADLOCK = "40P01";
    private final DbTarget target;

    public Pipeline(DbTarget target) {
        this.target = target;
    }

    /** What `start` does after the migrations; repeatable, it changes nothing the second time. */
    public record Started(long initialRows, int coreJobs, String jobNames) {
    }

    public Started start() {
        try (Connection connection = Database.connect(target)) {
            // one start at a time: a second one waits, then finds the data and the jobs there
            connection.setAutoCommit(false);
            try (Statement lock = connection.createStatement()) {
                lock.execute("SELECT pg_advisory_xact_lock(hashtext('webtop.start'))");
            }
            long rows = single(connection, "SELECT webtop_generate_initial_data()");
            int jobs = (int) single(connection, "SELECT webtop_schedule_core_jobs()");
            single(connection, "SELECT webtop_first_election()");
            String names;
            try (Statement query = connection.createStatement();
                 ResultSet row = query.executeQuery("SELECT string_agg(name, ', ' ORDER BY name) FROM webtop_jobs "
                     + "WHERE kind IN ('core', 'policy')")) {
                row.next();
                names = row.getString(1);
            }
            connection.commit();
            return new Started(rows, jobs, names);
        } catch (SQLException e) {
            throw Database.failure(target, e);
        }
    }

    /**
     * Changes settings in one transaction, then reschedules the jobs that depend on them; a bad
     * key or value (exit 2) leaves every setting as it was.
     */
    public void set(Map<String, String> settings) {
        try (Connection connection = Database.connect(target)) {
            connection.setAutoCommit(false);
            try (PreparedStatement set = connection.prepareStatement("SELECT webtop_set_setting(?, ?)")) {
                for (Map.Entry<String, String> entry : settings.entrySet()) {
                    set.setString(1, entry.getKey());
                    set.setString(2, entry.getValue());
                    set.execute();
                }
                single(connection, "SELECT webtop_schedule_core_jobs()");
                connection.commit();
            } catch (SQLException e) {
                connection.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw Database.failure(target, e);
        }
    }

    /** Deletes all traffic and every job, then schedules the core jobs; returns the jobs left. */
    public List<Job> reset() {
        try (Connection connection = Database.connect(target)) {
            // a job that was already running when reset began may deadlock with its TRUNCATEs;
            // the reset is one transaction, so trying again is safe
            for (int attempt = 1; ; attempt++) {
                try {
                    single(connection, "SELECT webtop_reset()");
                    break;
                } catch (SQLException e) {
                    if (!DEADLOCK.equals(e.getSQLState()) || attempt == 3) {
                        throw e;
                    }
                    Thread.sleep(200L * attempt);
                }
            }
            return Jobs.list(connection);
        } catch (SQLException e) {
            throw Database.failure(target, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while resetting", e);
        }
    }

    private static long single(Connection connection, String sql) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql);
             ResultSet rows = statement.executeQuery()) {
            rows.next();
            return rows.getLong(1);
        }
    }
}
