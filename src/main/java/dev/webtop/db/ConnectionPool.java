package dev.webtop.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.webtop.config.DbTarget;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Connections for a long-running reader (the dashboard): made when first needed, replaced when
 * broken (a database restart), and a borrow fails within 3 s while the database is away instead
 * of blocking the reader.
 */
public final class ConnectionPool implements AutoCloseable {
    private static final long BORROW_TIMEOUT_MILLIS = 3000;

    private final HikariDataSource dataSource;

    private ConnectionPool(HikariDataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * A pool of at most `size` connections, named after its user; the database is asked once
     * first, so that one away at the start is exit 3 with its hint before the reader begins.
     */
    public static ConnectionPool open(DbTarget target, String name, int size) {
        return open(target, name, size, null);
    }

    /** The same, with a limit on each statement (a service's reads must not run for ever). */
    public static ConnectionPool open(DbTarget target, String name, int size, Duration statementTimeout) {
        Database.run(target, connection -> connection.isValid(1));
        HikariConfig config = new HikariConfig();
        PGSimpleDataSource source = Database.dataSource(target);
        if (statementTimeout != null) {
            source.setOptions("-c statement_timeout=" + statementTimeout.toMillis());
        }
        config.setDataSource(source);
        config.setMaximumPoolSize(size);
        config.setMinimumIdle(0);
        config.setConnectionTimeout(BORROW_TIMEOUT_MILLIS);
        config.setInitializationFailTimeout(-1);
        config.setPoolName(name);
        return new ConnectionPool(new HikariDataSource(config));
    }

    /** Runs work on a borrowed connection, given back afterwards. */
    public <T> T run(SqlWork<T> work) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            return work.run(connection);
        }
    }

    @Override
    public void close() {
        dataSource.close();
    }
}
